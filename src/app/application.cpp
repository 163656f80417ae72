#include "application.h"

#include "common/logging.h"
#include "control/heater_control_model.h"
#include "device_host.h"
#include "devices/heater_model.h"
#include "ini_file.h"
#include "serial_probe.h"
#include "settings/embedded_settings.h"
#include "settings/settings_client.h"
#include "settings/settings_schema.h"
#include "sim/simulation.h"
#include "vedbus/battery_bridge.h"
#include "vedbus/local_settings.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QDateTime>
#include <QDir>

#include <cmath>

namespace pvrouter {

namespace {

const QString SettingsService = LocalSettings::Service;
const QString HeaterModePath = QStringLiteral("/Settings/PvRouter/Heater/Mode");
constexpr std::chrono::seconds StatusInterval{1}; // of real time

QDBusMessage nameHasOwnerCall(const QString &name)
{
	QDBusMessage call =
		QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
			QStringLiteral("org.freedesktop.DBus"), QStringLiteral("NameHasOwner"));
	call << name;
	return call;
}

// The status line: simulated time of day, then the plant (PV, house load, grid + import, battery SOC and power
// + charging), the heater (commanded level, what its elements draw), the water, and the controller's mode and
// state. Widths fixed, so the columns stay put as the numbers change.
QString statusLine(const Plant &plant, const HeaterModel *heater, const HeaterControlModel *control)
{
	const qint64 seconds = std::chrono::duration_cast<std::chrono::seconds>(plant.timeOfDay()).count();
	QString line = QString::asprintf(
		"%02lld:%02lld:%02lld  PV %4ld W  load %4ld W  grid %+5ld W  battery %5.1f %% %+5ld W", seconds / 3600,
		seconds / 60 % 60, seconds % 60, std::lround(plant.pvPowerW()), std::lround(plant.loadPowerW()),
		std::lround(plant.gridPowerW()), plant.batterySocPercent(), std::lround(plant.batteryPowerW()));
	if (heater)
		line += QString::asprintf("  heater %d %4ld W", heater->commandedLevel(), std::lround(plant.heaterPowerW()));
	line += QStringLiteral("  water %1 °C").arg(plant.tankTemperatureC(), 0, 'f', 1);
	if (control)
		line +=
			QStringLiteral("  %1  %2")
				.arg(HeaterControlModel::modeText(control->mode()), HeaterControlModel::stateText(control->state()));
	return line;
}

// The devices of the simulated house for DeviceHost, at the simulator's port: the heater controller "boiler", the
// SDM230 grid meter "grid" and the Growatt "pv", polled as fast as the simulation needs.
Config simulatedDevices(const Simulation &simulation)
{
	const auto device = [&simulation](const char *name, DeviceType type, quint8 unit) {
		DeviceConfig d;
		d.name = QLatin1String(name);
		d.type = type;
		d.tcpHost = QStringLiteral("127.0.0.1");
		d.tcpPort = simulation.port();
		d.unit = unit;
		d.role = deviceTypeDefaults(type).role;
		d.poll = simulation.pollPeriod();
		return d;
	};
	DeviceConfig boiler = device("boiler", DeviceType::Heizstab, Simulation::HeaterUnit);
	boiler.customName = QStringLiteral("Water heater");
	DeviceConfig pv = device("pv", DeviceType::Growatt, Simulation::PvUnit);
	pv.maxPowerW = int(std::lround(simulation.plantConfig().pvPeakW));
	Config config;
	config.devices = {boiler, device("grid", DeviceType::Sdm230, Simulation::GridUnit), pv};
	return config;
}

// The simulator's calendar: today, from its start time of day (local time), as fast as its plant.
ControlClock controlClock(const Options &options)
{
	if (!options.simulate)
		return ControlClock();
	const QDateTime start(QDate::currentDate(),
		QTime::fromMSecsSinceStartOfDay(int(std::chrono::milliseconds(options.startTimeOfDay).count())));
	return ControlClock(
		options.speed, std::chrono::system_clock::time_point(std::chrono::milliseconds(start.toMSecsSinceEpoch())));
}

} // namespace

Application::Application(const Options &options, QObject *parent)
	: QObject(parent), m_options(options), m_clock(controlClock(options)), m_stdout(stdout, QIODevice::WriteOnly)
{
	m_statusTimer.setInterval(StatusInterval);
	connect(&m_statusTimer, &QTimer::timeout, this, &Application::onStatusTick);
}

Application::~Application()
{
	m_bus.reset();
	QDBusConnection::disconnectFromBus(QStringLiteral("pvrouter"));
}

void Application::start()
{
	if (!readConfig())
		return;
	if (!QDir().mkpath(m_options.dataDir)) {
		Q_EMIT fatal(QStringLiteral("cannot create the data directory %1").arg(m_options.dataDir));
		return;
	}
	// One shared connection for what we consume; every exported service opens its own.
	QDBusConnection bus = m_options.bus.connect(QStringLiteral("pvrouter"));
	if (!bus.isConnected()) {
		Q_EMIT fatal(QStringLiteral("cannot connect to the %1 bus: %2")
						 .arg(m_options.bus.toString(), bus.lastError().message()));
		return;
	}
	m_bus = bus;
	qCInfo(lcApp) << "dbus-pvrouter" << PVROUTER_VERSION << "on the" << m_options.bus.toString() << "bus, data in"
				  << m_options.dataDir;

	switch (m_options.settings) {
	case SettingsMode::Embedded:
		startEmbeddedSettings();
		return;
	case SettingsMode::Bus:
		waitForLocalSettings();
		return;
	case SettingsMode::Auto:
		break;
	}
	auto *watcher = new QDBusPendingCallWatcher(m_bus->asyncCall(nameHasOwnerCall(SettingsService)), this);
	connect(watcher, &QDBusPendingCallWatcher::finished, this, &Application::onSettingsOwnerChecked);
}

bool Application::readConfig()
{
	if (m_options.configFile.isEmpty())
		return true;
	IniFile ini;
	QString error;
	if (!ini.load(m_options.configFile, &error)) {
		Q_EMIT fatal(error);
		return false;
	}
	if (!parseConfig(ini, &m_config, &error)) {
		Q_EMIT fatal(error);
		return false;
	}
	return true;
}

void Application::onSettingsOwnerChecked(QDBusPendingCallWatcher *watcher)
{
	watcher->deleteLater();
	const QDBusPendingReply<bool> reply = *watcher;
	if (reply.isError()) {
		Q_EMIT fatal(QStringLiteral("cannot ask the bus for %1: %2").arg(SettingsService, reply.error().message()));
		return;
	}
	if (reply.value())
		startSettingsClient();
	else
		startEmbeddedSettings();
}

void Application::waitForLocalSettings()
{
	auto *watcher = new QDBusServiceWatcher(SettingsService, *m_bus, QDBusServiceWatcher::WatchForRegistration, this);
	connect(watcher, &QDBusServiceWatcher::serviceRegistered, this, [this, watcher] {
		watcher->deleteLater();
		startSettingsClient();
	});
	// Registered before we started watching: ask once, after the watch is in place.
	auto *check = new QDBusPendingCallWatcher(m_bus->asyncCall(nameHasOwnerCall(SettingsService)), this);
	connect(check, &QDBusPendingCallWatcher::finished, this, [this, watcher](QDBusPendingCallWatcher *w) {
		w->deleteLater();
		if (QDBusPendingReply<bool>(*w).value() && !m_settings) {
			watcher->deleteLater();
			startSettingsClient();
		} else if (!m_settings) {
			qCInfo(lcApp) << "waiting for" << SettingsService;
		}
	});
}

void Application::startEmbeddedSettings()
{
	const QString file = QDir(m_options.dataDir).filePath(QStringLiteral("settings.json"));
	qCInfo(lcApp) << "no localsettings: running the embedded settings service, stored in" << file;
	m_embeddedSettings = new EmbeddedSettings(file, this);
	connect(m_embeddedSettings, &EmbeddedSettings::registered, this, &Application::startSettingsClient);
	connect(m_embeddedSettings, &EmbeddedSettings::registrationFailed, this, &Application::fatal);
	m_embeddedSettings->registerOn(m_options.bus);
}

void Application::startSettingsClient()
{
	if (m_settings)
		return;
	m_settings = new SettingsClient(*m_bus, pvrouterSettings(), this);
	connect(m_settings, &SettingsClient::failed, this, &Application::fatal);
	connect(m_settings, &SettingsClient::ready, this, &Application::onSettingsReady);
	m_settings->start();
}

void Application::onSettingsReady()
{
	if (m_options.simulate) {
		if (!startSimulation())
			return;
		startDevices(simulatedDevices(*m_simulation));
		m_statusTimer.start();
		return;
	}
	if (m_options.serialPort.isEmpty()) {
		startDevices(m_config);
		return;
	}
	auto *probe = new SerialProbe(m_options.serialPort, this);
	connect(probe, &SerialProbe::finished, this, [this, probe](const Config &found) {
		probe->deleteLater();
		if (found.devices.isEmpty()) {
			// serial-starter then gives the tty to the next driver.
			Q_EMIT fatal(QStringLiteral("nothing of ours answered on %1").arg(m_options.serialPort));
			return;
		}
		startDevices(found);
	});
	probe->start();
}

void Application::startDevices(const Config &config)
{
	auto *devices = new DeviceHost(m_options.bus, *m_bus, m_settings, &m_clock, this);
	m_devices = devices;
	devices->setDataDir(m_options.dataDir);
	connect(devices, &DeviceHost::failed, this, &Application::fatal);
	devices->start(config);
	if (!config.devices.isEmpty())
		qCInfo(lcApp) << "started" << config.devices.size() << "devices";
	Q_EMIT started();
}

bool Application::startSimulation()
{
	const PlantConfig plant = Simulation::plantConfig(m_options.seed, m_options.weather, m_options.startTimeOfDay);
	m_simulation = new Simulation(plant, m_options.speed, this);
	QString error;
	if (!m_simulation->start(&error)) {
		Q_EMIT fatal(error);
		return false;
	}
	DeviceBridge::Identity identity;
	identity.uid = QStringLiteral("battery");
	identity.productName = QStringLiteral("Simulated battery");
	identity.connection = QStringLiteral("Simulation");
	auto *battery = new BatteryBridge(m_simulation->battery(), identity, m_options.bus, *m_bus, this);
	connect(battery, &DeviceBridge::failed, this, &Application::fatal);
	battery->start();
	// So that the simulator heats by default; a mode the user chose (stored in the data directory) stays.
	if (HeaterMode(m_settings->value(HeaterModePath).toInt()) == HeaterMode::Off)
		m_settings->setValue(HeaterModePath, int(HeaterMode::AutoHigh));
	return true;
}

void Application::onStatusTick()
{
	m_stdout << statusLine(m_simulation->plant(), m_devices ? m_devices->heater() : nullptr,
					m_devices ? m_devices->heaterControl() : nullptr)
			 << '\n';
	m_stdout.flush();
}

} // namespace pvrouter
