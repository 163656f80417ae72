#pragma once

#include "device_bridge.h"
#include "devices/ac_meter_model.h"

namespace pvrouter {

// Publishes an AcMeterModel with the paths a Victron energy meter has (victron-dbus.md §3): /Ac/Power,
// /Ac/L{n}/* for each phase the model has, /Ac/Energy/*, /Ac/Frequency, /Ac/PowerFactor, /Position for the roles
// that have one, /Role, /AllowedRoles, /NrOfPhases, and /ProductName, /Serial and /FirmwareVersion once the model
// knows them. The role is the service class (grid, pvinverter, acload or heatpump). A lost meter's values are
// invalid, never frozen. Phases learnt after the service is up (a driver that identifies its meter on the wire)
// add their paths then.
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
	void publishIdentity();

	AcMeterModel *m_model; // not owned: the driver's
	Options m_options;
	int m_phases = 1; // the most phases whose paths exist
};

} // namespace pvrouter
