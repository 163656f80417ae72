#pragma once

#include "bus_address.h"
#include "devices/ac_meter_model.h"
#include "ve_service.h"

#include <QDBusConnection>
#include <QObject>

namespace pvrouter {

// Publishes an AcMeterModel as com.victronenergy.<role>.pvrouter_<uid> with the paths a Victron energy meter
// has (victron-dbus.md §3): /Ac/Power, /Ac/L1/*, /Ac/Energy/*, /Ac/Frequency, /Ac/PowerFactor, /Position for
// the roles that have one, /Role, /AllowedRoles, /NrOfPhases and the mandatory paths. The VRM instance comes
// from /Settings/Devices/pvrouter_<uid>/ClassAndVrmInstance before the name is requested. /Connected follows
// the model, and a lost meter's values are invalid, never frozen.
class AcMeterBridge : public QObject
{
	Q_OBJECT
public:
	struct Identity
	{
		QString uid;         // stable per device: the config section name
		QString role;        // grid, pvinverter, acload or heatpump
		int position = 0;    // pvinverter, acload, heatpump: 0 AC input 1, 1 AC output, 2 AC input 2
		QString productName; // e.g. "PZEM-016"
		int productId = 0;
		QString connection; // /Mgmt/Connection, e.g. "Modbus RTU ttyUSB0:1"
		QString customName;
		QStringList allowedRoles;
	};

	AcMeterBridge(AcMeterModel *model, const Identity &identity, const BusAddress &bus,
		const QDBusConnection &settingsBus, QObject *parent = nullptr);

	// Allocates the device instance, then registers the service.
	void start();
	const VeService &service() const { return m_service; }

Q_SIGNALS:
	void registered();
	void failed(const QString &error);

private:
	void onInstance(const QString &deviceClass, int instance);
	void onModelChanged();

	AcMeterModel *m_model; // not owned: the driver's
	Identity m_identity;
	BusAddress m_bus;
	QDBusConnection m_settingsBus;
	VeService m_service;
};

} // namespace pvrouter
