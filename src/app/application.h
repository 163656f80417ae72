#pragma once

#include "command_line.h"
#include "device_config.h"

#include "common/control_clock.h"

#include <QDBusConnection>
#include <QObject>

#include <optional>

class QDBusPendingCallWatcher;

namespace pvrouter {

class EmbeddedSettings;
class SettingsClient;
class DeviceHost;

// The composition root: builds the modules from the options and wires them; it owns no logic of its own.
// Start-up is asynchronous and never blocks the event loop:
//   read the config -> connect to the bus -> find or provide com.victronenergy.settings -> create settings
//   -> open the lines and start the devices.
// Anything that makes running impossible ends in fatal(), and the daemon exits non-zero.
class Application : public QObject
{
	Q_OBJECT
public:
	explicit Application(const Options &options, QObject *parent = nullptr);
	~Application() override;

	void start();

Q_SIGNALS:
	void fatal(const QString &message);
	// Start-up is complete: settings exist and are followed, devices are started.
	void started();

private:
	bool readConfig();
	void onSettingsOwnerChecked(QDBusPendingCallWatcher *watcher);
	void waitForLocalSettings();
	void startEmbeddedSettings();
	void startSettingsClient();
	void onSettingsReady();
	void startDevices(const Config &config);

	Options m_options;
	std::optional<QDBusConnection> m_bus;
	EmbeddedSettings *m_embeddedSettings = nullptr; // child; only when no localsettings runs
	SettingsClient *m_settings = nullptr;           // child
	Config m_config;
	ControlClock m_clock; // real time, for now
};

} // namespace pvrouter
