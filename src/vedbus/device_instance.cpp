#include "device_instance.h"

#include "local_settings.h"

#include <QDBusPendingCallWatcher>

namespace pvrouter {

DeviceInstanceRequest::DeviceInstanceRequest(
	const QDBusConnection &bus, const QString &uid, const QString &deviceClass, int preferredInstance, QObject *parent)
	: QObject(parent), m_uid(uid)
{
	const QVariantMap entry{{QStringLiteral("path"), uid + QStringLiteral("/ClassAndVrmInstance")},
		{QStringLiteral("default"), deviceClass + QLatin1Char(':') + QString::number(preferredInstance)}};
	const QDBusMessage call = LocalSettings::addSettingsCall(QStringLiteral("/Settings/Devices"), {entry});
	auto *watcher = new QDBusPendingCallWatcher(QDBusConnection(bus).asyncCall(call), this);
	connect(watcher, &QDBusPendingCallWatcher::finished, this, &DeviceInstanceRequest::onReply);
}

QString DeviceInstanceRequest::settingPath(const QString &uid)
{
	return QStringLiteral("/Settings/Devices/%1/ClassAndVrmInstance").arg(uid);
}

void DeviceInstanceRequest::onReply(QDBusPendingCallWatcher *watcher)
{
	watcher->deleteLater();
	const QDBusMessage reply = watcher->reply();
	if (reply.type() == QDBusMessage::ErrorMessage) {
		Q_EMIT failed(QStringLiteral("cannot allocate a device instance for %1: %2").arg(m_uid, reply.errorMessage()));
		return;
	}
	const QVariantMap result = LocalSettings::addSettingsResults(reply).value(0);
	const QString value = result.value(QStringLiteral("value")).toString();
	const int colon = value.lastIndexOf(QLatin1Char(':'));
	bool ok = false;
	const int instance = value.mid(colon + 1).toInt(&ok);
	if (result.value(QStringLiteral("error")).toInt() != 0 || colon <= 0 || !ok) {
		Q_EMIT failed(QStringLiteral("localsettings gave no device instance for %1 (error %2, value \"%3\")")
						  .arg(m_uid, result.value(QStringLiteral("error")).toString(), value));
		return;
	}
	Q_EMIT allocated(value.left(colon), instance);
}

} // namespace pvrouter
