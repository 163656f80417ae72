#include "local_settings.h"

#include "ve_value.h"

#include <QDBusArgument>

namespace pvrouter::LocalSettings {

QDBusMessage addSettingsCall(const QString &group, const QList<QVariantMap> &entries)
{
	QDBusMessage call = QDBusMessage::createMethodCall(Service, group, Interface, QStringLiteral("AddSettings"));
	QDBusArgument arg;
	arg << entries;
	call << QVariant::fromValue(arg);
	return call;
}

QList<QVariantMap> addSettingsResults(const QDBusMessage &reply)
{
	QList<QVariantMap> results;
	if (reply.type() != QDBusMessage::ReplyMessage)
		return results;
	const QVariantList list = VeValue::fromDbus(reply.arguments().value(0)).toList();
	for (const QVariant &entry : list)
		results.append(entry.toMap());
	return results;
}

} // namespace pvrouter::LocalSettings
