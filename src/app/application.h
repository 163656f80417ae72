#pragma once

#include "command_line.h"

#include <QDBusConnection>
#include <QObject>

#include <optional>

class QDBusPendingCallWatcher;

namespace pvrouter {

class EmbeddedSettings;
class SettingsClient;

// The composition root: builds the modules from the options and wires them; it owns no logic of its own.
// Start-up is asynchronous and never blocks the event loop:
//   read the config -> connect to the bus -> find or provide com.victronenergy.settings -> create settings.
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
	// Start-up is complete: settings exist and are followed.
	void started();

private:
	bool readConfig();
	void onSettingsOwnerChecked(QDBusPendingCallWatcher *watcher);
	void waitForLocalSettings();
	void startEmbeddedSettings();
	void startSettingsClient();

	Options m_options;
	std::optional<QDBusConnection> m_bus;
	EmbeddedSettings *m_embeddedSettings = nullptr; // child; only when no localsettings runs
	SettingsClient *m_settings = nullptr;           // child
};

} // namespace pvrouter
