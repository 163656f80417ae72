#pragma once

#include "bus_address.h"
#include "ve_service.h"

#include <QDBusConnection>
#include <QList>
#include <QObject>

namespace pvrouter {

class MeasurementModel;

// What every device's D-Bus service shares: the name com.victronenergy.<class>.pvrouter_<uid>, the VRM
// instance from /Settings/Devices/pvrouter_<uid>/ClassAndVrmInstance, the mandatory paths, and the name
// requested only once every path exists. Subclasses add their paths in addPaths() and keep them current.
class DeviceBridge : public QObject
{
	Q_OBJECT
public:
	struct Identity
	{
		QString uid;         // stable per device: the config section name
		QString deviceClass; // the service class: grid, pvinverter, dcload, heatpump, temperature, ...
		QString productName;
		int productId = 0;
		QString connection; // /Mgmt/Connection, e.g. "Modbus RTU ttyUSB0:1"
		QString customName;
		QString settingsUid; // the /Settings/Devices record; "pvrouter_<uid>" when empty
	};

	// Which quantity of a MeasurementModel one path shows, and how: its text has decimals and unit.
	struct PathBinding
	{
		template <typename Quantity>
		constexpr PathBinding(const char *path, Quantity quantity, int decimals, const char *unit)
			: path(path), quantity(int(quantity)), decimals(decimals), unit(unit)
		{}

		const char *path;
		int quantity;
		int decimals;
		const char *unit;
	};
	using PathBindings = QList<PathBinding>;

	DeviceBridge(
		const Identity &identity, const BusAddress &bus, const QDBusConnection &settingsBus, QObject *parent = nullptr);

	// Allocates the device instance, then registers the service.
	void start();
	QString serviceName() const { return m_service.serviceName(); }

Q_SIGNALS:
	void registered();
	void failed(const QString &error);
	// Someone wrote 1 to /ResetEnergy (see addEnergyResetPath()).
	void energyResetRequested();

protected:
	// The paths beyond the mandatory ones, added before the name is requested.
	virtual void addPaths(VeService &service) = 0;
	// VRM instance numbers to ask for first: PV inverters from 20 as dbus-fronius does, everything else from
	// 40 as dbus-modbus-client does (victron-dbus.md §2.3).
	virtual int preferredInstance() const;
	// Follows the device's connection state; /Connected exists only once the paths are built.
	void setConnected(bool connected);
	// pvrouter's own /ResetEnergy, for meters whose energy counter can be reset (Victron has no such path):
	// writing 1 emits energyResetRequested(), anything else is refused; it always reads 0.
	void addEnergyResetPath(VeService &service);
	VeService &service() { return m_service; }
	bool isBuilt() const { return m_service.hasPath(QStringLiteral("/Connected")); }
	const Identity &identity() const { return m_identity; }
	// Adds the bound paths with the model's values, for addPaths().
	static void addBoundPaths(VeService &service, const MeasurementModel &model, const PathBindings &bindings);
	// Follows the model on the bound paths and /Connected once they are built; before, nothing.
	void publishBoundPaths(const MeasurementModel &model, const PathBindings &bindings);

private:
	void onInstance(int instance);
	void onValueWritten(const QString &path, const QVariant &value);

	Identity m_identity;
	BusAddress m_bus;
	QDBusConnection m_settingsBus;
	VeService m_service;
};

} // namespace pvrouter
