#include "ve_import.h"

#include "common/logging.h"

#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>

namespace pvrouter {

namespace {

const QString BusItem = QStringLiteral("com.victronenergy.BusItem");
const QString DBusService = QStringLiteral("org.freedesktop.DBus");
const QString DBusPath = QStringLiteral("/org/freedesktop/DBus");

QDBusMessage busCall(const QString &method)
{
	return QDBusMessage::createMethodCall(DBusService, DBusPath, DBusService, method);
}

} // namespace

VeImport::VeImport(const QDBusConnection &bus, const QStringList &classes, QObject *parent)
	: QObject(parent), m_bus(bus), m_classes(classes)
{
	registerVeDbusTypes();
}

void VeImport::start()
{
	// Subscribe before listing, so nothing that appears in between is missed; appear() is idempotent.
	m_bus.connect(DBusService, DBusPath, DBusService, QStringLiteral("NameOwnerChanged"), this,
		SLOT(onNameOwnerChanged(QString, QString, QString)));
	auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(busCall(QStringLiteral("ListNames"))), this);
	connect(watcher, &QDBusPendingCallWatcher::finished, this, &VeImport::onNamesListed);
}

bool VeImport::follows(const QString &name) const
{
	for (const QString &cls : m_classes) {
		if (name.startsWith(cls) && (name.size() == cls.size() || name.at(cls.size()) == QLatin1Char('.')))
			return true;
	}
	return false;
}

void VeImport::onNamesListed(QDBusPendingCallWatcher *watcher)
{
	watcher->deleteLater();
	const QDBusPendingReply<QStringList> reply = *watcher;
	if (reply.isError()) {
		qCWarning(lcVedbus) << "cannot list bus names:" << reply.error().message();
		return;
	}
	const QStringList names = reply.value();
	for (const QString &name : names) {
		if (!follows(name))
			continue;
		QDBusMessage call = busCall(QStringLiteral("GetNameOwner"));
		call << name;
		auto *ownerWatcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
		connect(ownerWatcher, &QDBusPendingCallWatcher::finished, this, [this, name](QDBusPendingCallWatcher *w) {
			w->deleteLater();
			const QDBusPendingReply<QString> owner = *w;
			if (!owner.isError())
				appear(name, owner.value());
		});
	}
}

void VeImport::onNameOwnerChanged(const QString &name, const QString &oldOwner, const QString &newOwner)
{
	Q_UNUSED(oldOwner);
	if (!follows(name))
		return;
	if (!newOwner.isEmpty())
		appear(name, newOwner);
	else if (ImportedService *s = m_services.value(name))
		vanish(s);
}

void VeImport::appear(const QString &name, const QString &owner)
{
	ImportedService *&s = m_services[name];
	const bool added = !s;
	if (added)
		s = new ImportedService(name, this);
	if (s->owner() == owner)
		return;
	if (!s->owner().isEmpty())
		vanish(s);
	qCDebug(lcVedbus) << "following" << name << "at" << owner;
	s->setOwner(owner);
	subscribe(owner, true);
	if (added)
		Q_EMIT serviceAdded(s);
	requestItems(s, QStringLiteral("GetItems"));
}

void VeImport::vanish(ImportedService *service)
{
	qCDebug(lcVedbus) << service->name() << "vanished";
	subscribe(service->owner(), false);
	service->setOffline();
}

void VeImport::subscribe(const QString &owner, bool on)
{
	// Per owner rather than bus-wide: on a GX every service sends PropertiesChanged, and we want only these.
	const QString itemsChanged = QStringLiteral("ItemsChanged");
	const QString propertiesChanged = QStringLiteral("PropertiesChanged");
	if (on) {
		m_bus.connect(owner, QStringLiteral("/"), BusItem, itemsChanged, this, SLOT(onItemsChanged(QDBusMessage)));
		m_bus.connect(owner, QString(), BusItem, propertiesChanged, this, SLOT(onPropertiesChanged(QDBusMessage)));
	} else {
		m_bus.disconnect(owner, QStringLiteral("/"), BusItem, itemsChanged, this, SLOT(onItemsChanged(QDBusMessage)));
		m_bus.disconnect(owner, QString(), BusItem, propertiesChanged, this, SLOT(onPropertiesChanged(QDBusMessage)));
	}
}

void VeImport::requestItems(ImportedService *service, const QString &method)
{
	const QString owner = service->owner();
	auto *watcher = new QDBusPendingCallWatcher(
		m_bus.asyncCall(QDBusMessage::createMethodCall(owner, QStringLiteral("/"), BusItem, method)), this);
	connect(
		watcher, &QDBusPendingCallWatcher::finished, this, [this, service, owner, method](QDBusPendingCallWatcher *w) {
			w->deleteLater();
			if (service->owner() != owner)
				return; // it vanished, or was replaced, while we asked
			const QDBusMessage reply = w->reply();
			if (reply.type() == QDBusMessage::ErrorMessage) {
				// velib before GetItems existed: fall back to GetValue on "/" (relative keys, no texts).
				if (method == QLatin1String("GetItems") &&
					reply.errorName() == QDBusError::errorString(QDBusError::UnknownMethod)) {
					requestItems(service, QStringLiteral("GetValue"));
					return;
				}
				qCWarning(lcVedbus) << "cannot read" << service->name() << reply.errorMessage();
				return;
			}
			if (method == QLatin1String("GetItems")) {
				service->applyItems(qdbus_cast<VeItemMap>(reply.arguments().value(0)));
			} else {
				const QVariantMap values = VeValue::fromDbus(reply.arguments().value(0)).toMap();
				for (auto it = values.cbegin(); it != values.cend(); ++it)
					service->applyEntry(QLatin1Char('/') + it.key(), {{QStringLiteral("Value"), it.value()}});
			}
			service->setOnline();
		});
}

void VeImport::refresh(ImportedService *service, const QString &path)
{
	const QString owner = service->owner();
	if (owner.isEmpty())
		return;
	auto *watcher = new QDBusPendingCallWatcher(
		m_bus.asyncCall(QDBusMessage::createMethodCall(owner, path, BusItem, QStringLiteral("GetValue"))), this);
	connect(watcher, &QDBusPendingCallWatcher::finished, this, [service, owner, path](QDBusPendingCallWatcher *w) {
		w->deleteLater();
		const QDBusMessage reply = w->reply();
		if (service->owner() != owner || reply.type() == QDBusMessage::ErrorMessage)
			return; // gone meanwhile, or no such path: nothing is confirmed
		service->confirmValue(path, VeValue::fromDbus(reply.arguments().value(0)));
	});
}

ImportedService *VeImport::byOwner(const QString &owner) const
{
	for (ImportedService *s : m_services) {
		if (s->owner() == owner)
			return s;
	}
	return nullptr;
}

void VeImport::onItemsChanged(const QDBusMessage &message)
{
	if (ImportedService *s = byOwner(message.service()))
		s->applyItems(qdbus_cast<VeItemMap>(message.arguments().value(0)));
}

void VeImport::onPropertiesChanged(const QDBusMessage &message)
{
	if (ImportedService *s = byOwner(message.service()))
		s->applyEntry(message.path(), qdbus_cast<QVariantMap>(message.arguments().value(0)));
}

} // namespace pvrouter
