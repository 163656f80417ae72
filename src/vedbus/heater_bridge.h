#pragma once

#include "device_bridge.h"
#include "devices/heater_model.h"

namespace pvrouter {

// Publishes the water heater controller as com.victronenergy.heatpump.pvrouter_<uid> (architecture.md §3):
// /Ac/Power and /Ac/L1/Power from the relays' feedback, /Temperature, /PowerLevel (the commanded level,
// 0..7) and /ErrorCode (0 none, 1 the feedback does not follow the command, 2 temperature sensor failed).
// The control paths (/Mode, /State, /TargetTemperature) belong to the surplus controller.
class HeaterBridge : public DeviceBridge
{
	Q_OBJECT
public:
	HeaterBridge(HeaterModel *model, const Identity &identity, const BusAddress &bus,
		const QDBusConnection &settingsBus, QObject *parent = nullptr);

protected:
	void addPaths(VeService &service) override;

private:
	void onModelChanged();

	HeaterModel *m_model; // not owned: the driver's
};

} // namespace pvrouter
