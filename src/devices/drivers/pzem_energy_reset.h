#pragma once

#include <QString>

#include <functional>

namespace pvrouter {

class ModbusDevice;

// The PZEM energy counter reset, the same on the PZEM-016 and PZEM-017: function 0x42 with no data, answered by
// an echo (devices.md §2.1). Sent ahead of every poll on the line; `done` reports how it went.
void resetPzemEnergy(ModbusDevice *device, std::function<void(bool ok, const QString &error)> done);

} // namespace pvrouter
