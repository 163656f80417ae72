#pragma once

#include "device_bridge.h"
#include "devices/ac_meter_model.h"

namespace pvrouter {

// Publishes an AcMeterModel with the paths a Victron energy meter has (victron-dbus.md §3): /Ac/Power,
// /Ac/L1/*, /Ac/Energy/*, /Ac/Frequency, /Ac/PowerFactor, /Position for the roles that have one, /Role,
// /AllowedRoles, /NrOfPhases. The role is the service class (grid, pvinverter, acload or heatpump). A lost
// meter's values are invalid, never frozen.
class AcMeterBridge : public DeviceBridge
{
	Q_OBJECT
public:
	struct Options
	{
		int position = 0; // pvinverter, acload, heatpump: 0 AC input 1, 1 AC output, 2 AC input 2
		QStringList allowedRoles;
		bool energyReset = false; // offer /ResetEnergy (the device can reset its counter)
	};

	AcMeterBridge(AcMeterModel *model, const Identity &identity, const Options &options, const BusAddress &bus,
		const QDBusConnection &settingsBus, QObject *parent = nullptr);

protected:
	void addPaths(VeService &service) override;

private:
	void onModelChanged();

	AcMeterModel *m_model; // not owned: the driver's
	Options m_options;
};

} // namespace pvrouter
