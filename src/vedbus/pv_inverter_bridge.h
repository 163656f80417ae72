#pragma once

#include "device_bridge.h"
#include "devices/pv_inverter_model.h"

#include <QDBusConnection>
#include <QObject>

namespace pvrouter {

// Publishes a PvInverterModel as com.victronenergy.pvinverter.pvrouter_<uid> with the paths of a Victron PV
// inverter (victron-dbus.md §3): /Ac/Power, /Ac/L1/*, /Ac/Energy/Forward, /Ac/Frequency, /Ac/MaxPower, /Position,
// /StatusCode, /ErrorCode and the mandatory paths, /Serial and /FirmwareVersion as soon as the device has told
// them. No /Ac/PowerLimit: it must be absent while the inverter cannot be limited. The VRM instance comes from
// /Settings/Devices/pvrouter_<uid>/ClassAndVrmInstance before the name is requested. /Connected follows the
// model, and a lost inverter's values are invalid, never frozen.
class PvInverterBridge : public DeviceBridge
{
	Q_OBJECT
public:
	struct Options
	{
		int position = 0;  // 0 AC input 1, 1 AC output, 2 AC input 2
		int maxPowerW = 0; // /Ac/MaxPower: configured, as the inverter does not say it
	};

	// The identity's class is pvinverter.
	PvInverterBridge(PvInverterModel *model, const Identity &identity, const Options &options, const BusAddress &bus,
		const QDBusConnection &settingsBus, QObject *parent = nullptr);

protected:
	void addPaths(VeService &service) override;

private:
	void onModelChanged();

	PvInverterModel *m_model; // not owned: the driver's
	Options m_options;
};

} // namespace pvrouter
