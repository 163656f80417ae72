#pragma once

#include "device_config.h"
#include "vedbus/bus_address.h"
#include "vedbus/device_bridge.h"

#include <QDBusConnection>
#include <QHash>
#include <QObject>

namespace pvrouter {

class ControlClock;
class ControlInputs;
class HeaterControlModel;
class HeaterModel;
class Heizstab;
class HttpClient;
class ModbusLine;
class SettingsClient;

// Builds and owns what the config file names: one ModbusLine per [line.*] section and per TCP endpoint, one
// HttpClient for every HTTP device, a driver per [device.*] and the bridges that publish it (one explicit switch
// over the device types), and the surplus control of the water heater.
class DeviceHost : public QObject
{
	Q_OBJECT
public:
	// `settings` (ready) and `clock` are not owned and must outlive the host.
	DeviceHost(const BusAddress &bus, const QDBusConnection &settingsBus, SettingsClient *settings,
		const ControlClock *clock, QObject *parent = nullptr);

	// Opens the lines and starts every device; a bridge that cannot register ends in failed().
	void start(const Config &config);
	// Where the heater's history is kept; empty (the default) keeps it in memory only.
	void setDataDir(const QString &dir) { m_dataDir = dir; }
	// The water heater and what its controller decided, for status output; nullptr without a heater.
	HeaterModel *heater() const { return m_heater; }
	HeaterControlModel *heaterControl() const { return m_heaterControl; }

Q_SIGNALS:
	void failed(const QString &error);

private:
	ModbusLine *lineFor(const Config &config, const DeviceConfig &device);
	QList<DeviceBridge *> addHeater(Heizstab *heater, const DeviceBridge::Identity &identity);
	void startShellyMeter(const DeviceConfig &device);

	BusAddress m_bus;
	QDBusConnection m_settingsBus;
	SettingsClient *m_settings;
	const ControlClock *m_clock;
	QString m_dataDir;
	HeaterModel *m_heater = nullptr;               // the driver's
	HeaterControlModel *m_heaterControl = nullptr; // child
	QHash<QString, ModbusLine *> m_lines;          // by line name or "host:port"; children
	HttpClient *m_http = nullptr;                  // child, shared by the HTTP devices; made for the first
};

} // namespace pvrouter
