#include "application.h"

#include "common/logging.h"
#include "device_host.h"
#include "ini_file.h"
#include "serial_probe.h"
#include "settings/embedded_settings.h"
#include "settings/settings_client.h"
#include "settings/settings_schema.h"
#include "vedbus/local_settings.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QDir>

namespace pvrouter {

namespace {

const QString SettingsService = LocalSettings::Service;

QDBusMessage nameHasOwnerCall(const QString &name)
{
	QDBusMessage call =
		QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
			QStringLiteral("org.freedesktop.DBus"), QStringLiteral("NameHasOwner"));
	call << name;
	return call;
}

} // namespace

Application::Application(const Options &options, QObject *parent) : QObject(parent), m_options(options)
{}

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
	connect(devices, &DeviceHost::failed, this, &Application::fatal);
	devices->start(config);
	if (!config.devices.isEmpty())
		qCInfo(lcApp) << "started" << config.devices.size() << "devices";
	Q_EMIT started();
}

} // namespace pvrouter
