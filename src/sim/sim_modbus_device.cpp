#include "sim_modbus_device.h"

namespace pvrouter {

void SimModbusDevice::advance(std::chrono::milliseconds)
{}

} // namespace pvrouter
