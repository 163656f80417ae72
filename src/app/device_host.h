#pragma once

#include "device_config.h"
#include "vedbus/bus_address.h"

#include <QDBusConnection>
#include <QHash>
#include <QObject>

namespace pvrouter {

class ModbusLine;

// Builds and owns what the config file names: one ModbusLine per [line.*] section and per TCP endpoint, a
// driver per [device.*] and the bridges that publish it (one explicit switch over the device types).
class DeviceHost : public QObject
{
	Q_OBJECT
public:
	DeviceHost(const BusAddress &bus, const QDBusConnection &settingsBus, QObject *parent = nullptr);

	// Opens the lines and starts every device; a bridge that cannot register ends in failed().
	void start(const Config &config);

Q_SIGNALS:
	void failed(const QString &error);

private:
	ModbusLine *lineFor(const Config &config, const DeviceConfig &device);

	BusAddress m_bus;
	QDBusConnection m_settingsBus;
	QHash<QString, ModbusLine *> m_lines; // by line name or "host:port"; children
};

} // namespace pvrouter
