#pragma once

#include "command_line.h"
#include "device_config.h"

#include "common/control_clock.h"

#include <QDBusConnection>
#include <QObject>
#include <QTextStream>
#include <QTimer>

#include <optional>

class QDBusPendingCallWatcher;

namespace pvrouter {

class EmbeddedSettings;
class SettingsClient;
class DeviceHost;
class Simulation;

// The composition root: builds the modules from the options and wires them; it owns no logic of its own.
// Start-up is asynchronous and never blocks the event loop:
//   read the config -> connect to the bus -> find or provide com.victronenergy.settings -> create settings
//   -> open the lines and start the devices.
// With --simulate, the simulated devices and plant start before the devices that read them, the control clock
// runs at the simulation's speed, and a status line a second goes to stdout (the log goes to stderr).
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
	bool startSimulation();
	void onStatusTick();

	Options m_options;
	std::optional<QDBusConnection> m_bus;
	EmbeddedSettings *m_embeddedSettings = nullptr; // child; only when no localsettings runs
	SettingsClient *m_settings = nullptr;           // child
	Config m_config;
	DeviceHost *m_devices = nullptr;    // child
	Simulation *m_simulation = nullptr; // child; only with --simulate
	ControlClock m_clock;               // real time, or the simulation's
	QTimer m_statusTimer;               // the simulator's status line
	QTextStream m_stdout;
};

} // namespace pvrouter
