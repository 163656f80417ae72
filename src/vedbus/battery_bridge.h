#pragma once

#include "device_bridge.h"
#include "devices/battery_model.h"

namespace pvrouter {

// Publishes a BatteryModel as a Venus battery, com.victronenergy.battery.pvrouter_<uid> (victron-dbus.md §3):
// /Dc/0/Voltage, /Dc/0/Current and /Dc/0/Power (+ charging), /Soc. What the controller reads where no
// com.victronenergy.system runs.
class BatteryBridge : public DeviceBridge
{
	Q_OBJECT
public:
	// The identity's class is always "battery".
	BatteryBridge(BatteryModel *model, Identity identity, const BusAddress &bus, const QDBusConnection &settingsBus,
		QObject *parent = nullptr);

protected:
	void addPaths(VeService &service) override;

private:
	void onModelChanged();

	BatteryModel *m_model; // not owned
};

} // namespace pvrouter
