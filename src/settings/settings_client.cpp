#include "settings_client.h"

#include "common/logging.h"
#include "vedbus/local_settings.h"
#include "vedbus/ve_import.h"
#include "vedbus/ve_value.h"

#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusPendingCallWatcher>
#include <QDBusVariant>

namespace pvrouter {

SettingsClient::SettingsClient(const QDBusConnection &bus, const QList<SettingDef> &schema, QObject *parent)
	: QObject(parent), m_bus(bus), m_schema(schema), m_import(new VeImport(bus, {LocalSettings::Service}, this))
{
	for (const SettingDef &def : schema)
		m_values.insert(def.path, def.defaultValue);
	connect(m_import, &VeImport::serviceAdded, this, [this](ImportedService *service) {
		for (const SettingDef &def : std::as_const(m_schema)) {
			ImportedItem *item = service->item(def.path);
			connect(item, &ImportedItem::valueChanged, this, [this, item] {
				if (item->isValid())
					store(item->path(), item->value());
			});
		}
	});
}

void SettingsClient::start()
{
	m_import->start();

	// AddSettings takes the type from the default's D-Bus type, so defaults are converted to the schema's.
	QList<QVariantMap> entries;
	for (const SettingDef &def : std::as_const(m_schema)) {
		QVariantMap entry{{QStringLiteral("path"), def.path},
			{QStringLiteral("default"), VeValue::toDbus(SettingTypes::convert(def.defaultValue, def.type))}};
		if (def.min.isValid())
			entry.insert(QStringLiteral("min"), VeValue::toDbus(SettingTypes::convert(def.min, def.type)));
		if (def.max.isValid())
			entry.insert(QStringLiteral("max"), VeValue::toDbus(SettingTypes::convert(def.max, def.type)));
		if (def.silent)
			entry.insert(QStringLiteral("silent"), 1);
		entries.append(entry);
	}
	const QDBusMessage call = LocalSettings::addSettingsCall(QStringLiteral("/"), entries);
	auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
	connect(watcher, &QDBusPendingCallWatcher::finished, this, &SettingsClient::onAdded);
}

void SettingsClient::onAdded(QDBusPendingCallWatcher *watcher)
{
	watcher->deleteLater();
	const QDBusMessage reply = watcher->reply();
	if (reply.type() == QDBusMessage::ErrorMessage) {
		Q_EMIT failed(
			QStringLiteral("cannot create settings in %1: %2").arg(LocalSettings::Service, reply.errorMessage()));
		return;
	}
	const QList<QVariantMap> results = LocalSettings::addSettingsResults(reply);
	for (const QVariantMap &r : results) {
		const QString path = r.value(QStringLiteral("path")).toString();
		if (r.value(QStringLiteral("error")).toInt() != 0) {
			Q_EMIT failed(QStringLiteral("localsettings refused %1 with error %2")
							  .arg(path, r.value(QStringLiteral("error")).toString()));
			return;
		}
		store(path, r.value(QStringLiteral("value")));
	}
	qCInfo(lcSettings) << "created" << m_schema.size() << "settings in" << LocalSettings::Service;
	m_ready = true;
	Q_EMIT ready();
}

QVariant SettingsClient::value(const QString &path) const
{
	return m_values.value(path);
}

void SettingsClient::store(const QString &path, const QVariant &value)
{
	QVariant &current = m_values[path];
	if (current.typeId() == value.typeId() && current == value)
		return;
	current = value;
	if (m_ready)
		Q_EMIT valueChanged(path, value);
}

void SettingsClient::setValue(const QString &path, const QVariant &value)
{
	QDBusMessage call = QDBusMessage::createMethodCall(
		LocalSettings::Service, path, QStringLiteral("com.victronenergy.BusItem"), QStringLiteral("SetValue"));
	call << QVariant::fromValue(QDBusVariant(VeValue::toDbus(value)));
	auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
	connect(watcher, &QDBusPendingCallWatcher::finished, this, [path](QDBusPendingCallWatcher *w) {
		w->deleteLater();
		const QDBusMessage reply = w->reply();
		if (reply.type() == QDBusMessage::ErrorMessage || reply.arguments().value(0).toInt() != 0)
			qCWarning(lcSettings) << "localsettings refused a new value for" << path;
	});
}

} // namespace pvrouter
