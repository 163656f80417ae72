#include "device_host.h"

#include "devices/drivers/pzem016.h"
#include "ini_file.h"
#include "modbus/modbus_line.h"
#include "vedbus/ac_meter_bridge.h"

namespace pvrouter {

namespace {

// The types this build runs; the others are parsed and checked, then refused by name.
bool canRun(DeviceType type)
{
	return type == DeviceType::Pzem016;
}

} // namespace

DeviceHost::DeviceHost(const BusAddress &bus, const QDBusConnection &settingsBus, QObject *parent)
	: QObject(parent), m_bus(bus), m_settingsBus(settingsBus)
{}

bool DeviceHost::check(const IniFile &ini, const Config &config, QString *error)
{
	for (const DeviceConfig &device : config.devices) {
		const QString section = QStringLiteral("[device.%1] ").arg(device.name);
		if (!canRun(device.type)) {
			*error = ini.where(device.line,
				section + QStringLiteral("type %1 cannot run in this build yet").arg(deviceTypeName(device.type)));
			return false;
		}
		if (device.isTcp())
			continue;
		// One serial framing per port: re-opening a port per request is not done (yet).
		for (const LineConfig &line : config.lines) {
			const SerialSettings &own = *device.serial;
			if (line.name == device.lineName &&
				(own.baud != line.serial.baud || own.parity != line.serial.parity ||
					own.stopBits != line.serial.stopBits)) {
				*error = ini.where(device.line,
					section +
						QStringLiteral("needs other serial settings than line %1; put it on a line of its own")
							.arg(line.name));
				return false;
			}
		}
	}
	return true;
}

ModbusLine *DeviceHost::lineFor(const Config &config, const DeviceConfig &device)
{
	const QString key =
		device.isTcp() ? QStringLiteral("%1:%2").arg(device.tcpHost).arg(device.tcpPort) : device.lineName;
	ModbusLine *&line = m_lines[key];
	if (line)
		return line;
	if (device.isTcp()) {
		line = new ModbusLine(device.tcpHost, device.tcpPort, this);
	} else {
		for (const LineConfig &l : config.lines) {
			if (l.name == device.lineName)
				line = new ModbusLine(
					ModbusLine::Serial{l.serial.port, l.serial.baud, l.serial.parity, l.serial.stopBits}, this);
		}
	}
	line->open();
	return line;
}

void DeviceHost::start(const Config &config)
{
	for (const DeviceConfig &device : config.devices) {
		ModbusLine *line = lineFor(config, device);
		auto *meter = new Pzem016(line, device.unit, device.poll, this);
		AcMeterBridge::Identity identity;
		identity.uid = device.name;
		identity.role = device.role;
		identity.position = device.position;
		identity.productName = QStringLiteral("PZEM-016");
		identity.connection = QStringLiteral("Modbus %1 %2:%3")
								  .arg(line->isRtu() ? QStringLiteral("RTU") : QStringLiteral("TCP"), line->name())
								  .arg(device.unit);
		identity.customName = device.customName;
		identity.allowedRoles = deviceTypeDefaults(device.type).roles;
		auto *bridge = new AcMeterBridge(meter->model(), identity, m_bus, m_settingsBus, this);
		connect(bridge, &AcMeterBridge::failed, this, &DeviceHost::failed);
		bridge->start();
		meter->start();
	}
}

} // namespace pvrouter
