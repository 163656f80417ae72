#include "device_host.h"

#include "common/control_clock.h"
#include "control/control_inputs.h"
#include "control/control_loop.h"
#include "control/heater_control_model.h"
#include "devices/drivers/growatt.h"
#include "devices/drivers/heizstab.h"
#include "devices/drivers/pzem016.h"
#include "devices/drivers/pzem017.h"
#include "devices/drivers/sdm230.h"
#include "devices/drivers/shelly_meter.h"
#include "history/history_recorder.h"
#include "http/http_client.h"
#include "modbus/modbus_line.h"
#include "settings/settings_client.h"
#include "vedbus/ac_meter_bridge.h"
#include "vedbus/dc_meter_bridge.h"
#include "vedbus/heater_bridge.h"
#include "vedbus/pv_inverter_bridge.h"
#include "vedbus/tank_temperature_bridge.h"

namespace pvrouter {

namespace {

const AcMeterProfile &acMeterProfile(DeviceType type)
{
	return type == DeviceType::Sdm230 ? sdm230Profile() : pzem016Profile();
}

} // namespace

DeviceHost::DeviceHost(const BusAddress &bus, const QDBusConnection &settingsBus, SettingsClient *settings,
	const ControlClock *clock, QObject *parent)
	: QObject(parent), m_bus(bus), m_settingsBus(settingsBus), m_settings(settings), m_clock(clock)
{}

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
		if (device.isHttp()) {
			startShellyMeter(device);
			continue;
		}
		ModbusLine *line = lineFor(config, device);
		DeviceBridge::Identity identity;
		identity.uid = device.name;
		identity.deviceClass = device.role;
		identity.connection = QStringLiteral("Modbus %1 %2:%3")
								  .arg(line->isRtu() ? QStringLiteral("RTU") : QStringLiteral("TCP"), line->name())
								  .arg(device.unit);
		identity.customName = device.customName;

		ModbusDevice *driver = nullptr;
		QList<DeviceBridge *> bridges;
		if (device.type == DeviceType::Heizstab) {
			auto *heater = new Heizstab(line, device.unit, device.poll, this);
			identity.productName = QStringLiteral("Heizstab water heater controller");
			identity.productId = Heizstab::DeviceType;
			bridges = addHeater(heater, identity);
			driver = heater;
		} else if (device.type == DeviceType::Growatt) {
			auto *inverter = new Growatt(line, device.unit, device.poll, this);
			identity.productName = QStringLiteral("Growatt MIN/MIC TL-X");
			const PvInverterBridge::Options options{device.position, device.maxPowerW};
			bridges.append(new PvInverterBridge(inverter->model(), identity, options, m_bus, m_settingsBus, this));
			driver = inverter;
		} else if (device.type == DeviceType::Pzem017) {
			auto *meter = new Pzem017(line, device.unit, device.poll, this);
			if (device.shuntA)
				meter->setShuntA(device.shuntA);
			identity.productName = QStringLiteral("PZEM-017");
			auto *bridge = new DcMeterBridge(meter->model(), identity, m_bus, m_settingsBus, this);
			connect(bridge, &DcMeterBridge::energyResetRequested, meter, &Pzem017::resetEnergy);
			bridges.append(bridge);
			driver = meter;
		} else {
			auto *meter = new AcMeter(acMeterProfile(device.type), line, device.unit, device.poll, this);
			identity.productName = QLatin1String(meter->profile().productName);
			identity.productId = meter->profile().productId;
			const AcMeterBridge::Options options{
				device.position, deviceTypeDefaults(device.type).roles, meter->profile().resetEnergy != nullptr};
			auto *bridge = new AcMeterBridge(meter->model(), identity, options, m_bus, m_settingsBus, this);
			if (options.energyReset)
				connect(bridge, &DeviceBridge::energyResetRequested, meter, &AcMeter::resetEnergy);
			bridges.append(bridge);
			driver = meter;
		}
		for (DeviceBridge *bridge : std::as_const(bridges)) {
			connect(bridge, &DeviceBridge::failed, this, &DeviceHost::failed);
			bridge->start();
		}
		driver->start();
	}
}

// A Shelly energy meter: its driver on the shared HTTP client, published as an AC meter of its role.
void DeviceHost::startShellyMeter(const DeviceConfig &device)
{
	if (!m_http)
		m_http = new HttpClient(this);
	HttpDevice::Options options;
	options.baseUrl = device.url;
	options.name = QStringLiteral("[device.%1]").arg(device.name);
	options.credentials = {device.username, device.password};
	options.poll = device.poll;
	auto *meter = new ShellyMeter(m_http, options, device.channel, this);

	DeviceBridge::Identity identity;
	identity.uid = device.name;
	identity.deviceClass = device.role;
	identity.connection = QStringLiteral("HTTP %1").arg(HttpClient::displayUrl(device.url));
	if (device.channel)
		identity.connection += QStringLiteral(" channel %1").arg(*device.channel);
	identity.customName = device.customName;
	identity.productName = QStringLiteral("Shelly energy meter"); // until the meter has told its model
	const AcMeterBridge::Options bridgeOptions{device.position, deviceTypeDefaults(device.type).roles, false};
	auto *bridge = new AcMeterBridge(meter->model(), identity, bridgeOptions, m_bus, m_settingsBus, this);
	connect(bridge, &DeviceBridge::failed, this, &DeviceHost::failed);
	bridge->start();
	meter->start();
}

// The heater, its tank sensor, and the loop controlling it (the config allows one heater: the settings under
// /Settings/PvRouter/Heater are for one).
QList<DeviceBridge *> DeviceHost::addHeater(Heizstab *heater, const DeviceBridge::Identity &identity)
{
	auto *control = new HeaterControlModel(this);
	m_heater = heater->model();
	m_heaterControl = control;
	const QString historyFile = m_dataDir.isEmpty() ? QString() : m_dataDir + QStringLiteral("/heater-history.json");
	auto *history = new HistoryRecorder(historyFile, QTimeZone::systemTimeZone(), this);
	history->load();
	auto *bridge = new HeaterBridge(heater->model(), control, history, identity, m_bus, m_settingsBus, this);
	connect(bridge, &HeaterBridge::modeRequested, this,
		[this](HeaterMode mode) { m_settings->setValue(QStringLiteral("/Settings/PvRouter/Heater/Mode"), int(mode)); });
	// The tank's temperature as a sensor of its own: another class, so another instance record.
	DeviceBridge::Identity tank = identity;
	tank.deviceClass = QStringLiteral("temperature");
	tank.settingsUid = QStringLiteral("pvrouter_%1_temperature").arg(identity.uid);

	auto *inputs = new ControlInputs(m_settingsBus, this);
	auto *loop = new ControlLoop(m_clock, inputs, heater->model(), m_settings, control, this);
	connect(loop, &ControlLoop::levelCommanded, heater, &Heizstab::setLevel);
	connect(loop, &ControlLoop::stepped, history, [this, history] {
		history->record(m_clock->wallNow(), m_heater->powerW().toDouble()); // invalid while lost: 0 W
	});
	inputs->start();
	loop->start();
	return {bridge, new TankTemperatureBridge(heater->model(), tank, m_bus, m_settingsBus, this)};
}

} // namespace pvrouter
