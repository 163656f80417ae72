#pragma once

#include "setting_def.h"

#include <QDBusConnection>
#include <QHash>
#include <QObject>

class QDBusPendingCallWatcher;

namespace pvrouter {

class VeImport;

// Our settings in com.victronenergy.settings (the real localsettings on a GX, the embedded stand-in on a
// desktop): creates every path of the schema with one AddSettings, then follows changes made by anyone
// (GX display, VRM, MQTT) and reports them through valueChanged().
class SettingsClient : public QObject
{
	Q_OBJECT
public:
	SettingsClient(const QDBusConnection &bus, const QList<SettingDef> &schema, QObject *parent = nullptr);

	void start();

	// The current value; the default until ready.
	QVariant value(const QString &path) const;
	// Asks localsettings to store a value; the change comes back through valueChanged().
	void setValue(const QString &path, const QVariant &value);

Q_SIGNALS:
	void ready();
	void failed(const QString &error);
	void valueChanged(const QString &path, const QVariant &value);

private:
	void onAdded(QDBusPendingCallWatcher *watcher);
	void store(const QString &path, const QVariant &value);

	QDBusConnection m_bus;
	QList<SettingDef> m_schema;
	QHash<QString, QVariant> m_values;
	VeImport *m_import = nullptr; // child
	bool m_ready = false;
};

} // namespace pvrouter
