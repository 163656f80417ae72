#pragma once

#include <QDBusConnection>
#include <QObject>

class QDBusPendingCallWatcher;

namespace pvrouter {

// Asks localsettings for a device's VRM instance (victron-dbus.md §2.3): AddSettings on /Settings/Devices
// with "<uid>/ClassAndVrmInstance" and default "<class>:<instance>". localsettings keeps an existing record
// (the user may have changed its class, i.e. the role) and gives the next free instance when the default
// is held by another device.
class DeviceInstanceRequest : public QObject
{
	Q_OBJECT
public:
	DeviceInstanceRequest(const QDBusConnection &bus, const QString &uid, const QString &deviceClass,
		int preferredInstance, QObject *parent = nullptr);

	static QString settingPath(const QString &uid);

Q_SIGNALS:
	void allocated(const QString &deviceClass, int instance);
	void failed(const QString &error);

private:
	void onReply(QDBusPendingCallWatcher *watcher);

	QString m_uid;
};

} // namespace pvrouter
