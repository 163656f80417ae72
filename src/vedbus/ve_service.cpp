#include "ve_service.h"

#include "common/logging.h"
#include "ve_value.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>

namespace pvrouter {

namespace {

const QString BusItem = QStringLiteral("com.victronenergy.BusItem");

// RequestName flags and replies (D-Bus specification, "Message Bus Messages").
constexpr uint DoNotQueue = 4;
constexpr uint PrimaryOwner = 1;
constexpr uint AlreadyOwner = 4;

QString childPrefix(const QString &node)
{
	return node == QLatin1String("/") ? node : node + QLatin1Char('/');
}

QString methodXml(const char *name, const char *out, const char *in = nullptr)
{
	QString xml = QStringLiteral("    <method name=\"%1\">\n").arg(QLatin1String(name));
	if (in)
		xml += QStringLiteral("      <arg direction=\"in\" type=\"%1\" name=\"value\"/>\n").arg(QLatin1String(in));
	if (qstrcmp(name, "GetDescription") == 0)
		xml += QStringLiteral("      <arg direction=\"in\" type=\"s\" name=\"language\"/>\n"
							  "      <arg direction=\"in\" type=\"i\" name=\"length\"/>\n");
	return xml + QStringLiteral("      <arg direction=\"out\" type=\"%1\"/>\n    </method>\n").arg(QLatin1String(out));
}

QString signalXml(const char *name, const char *type)
{
	return QStringLiteral("    <signal name=\"%1\">\n      <arg type=\"%2\" name=\"changes\"/>\n    </signal>\n")
		.arg(QLatin1String(name), QLatin1String(type));
}

} // namespace

VeService::VeService(const QString &serviceName, QObject *parent) : QDBusVirtualObject(parent), m_name(serviceName)
{
	registerVeDbusTypes();
}

VeService::~VeService()
{
	releaseConnection();
}

void VeService::setServiceName(const QString &name)
{
	Q_ASSERT(!m_connection);
	m_name = name;
}

VeItem &VeService::addPath(const QString &path, const QVariant &value, TextFormatter format)
{
	Q_ASSERT(path.startsWith(QLatin1Char('/')) && path.size() > 1 && !path.endsWith(QLatin1Char('/')));
	auto [it, inserted] = m_items.try_emplace(path);
	if (inserted) {
		it->second.m_format = std::move(format);
		it->second.assign(value);
		markChanged(path);
	}
	return it->second;
}

void VeService::removePath(const QString &path)
{
	m_items.erase(path);
	m_pending.remove(path);
}

VeItem *VeService::item(const QString &path)
{
	const auto it = m_items.find(path);
	return it == m_items.end() ? nullptr : &it->second;
}

const VeItem *VeService::item(const QString &path) const
{
	const auto it = m_items.find(path);
	return it == m_items.end() ? nullptr : &it->second;
}

QStringList VeService::paths() const
{
	QStringList list;
	list.reserve(qsizetype(m_items.size()));
	for (const auto &[path, item] : m_items)
		list.append(path);
	return list;
}

QVariant VeService::value(const QString &path) const
{
	const VeItem *i = item(path);
	return i ? i->value() : QVariant();
}

QString VeService::text(const QString &path) const
{
	const VeItem *i = item(path);
	return i ? i->text() : QString();
}

void VeService::setValue(const QString &path, const QVariant &value)
{
	VeItem *i = item(path);
	if (!i) {
		qCWarning(lcVedbus) << m_name << "has no path" << path;
		return;
	}
	if (i->assign(value))
		markChanged(path);
}

void VeService::markChanged(const QString &path)
{
	if (!m_registered)
		return; // consumers read the state with GetItems once the name appears
	m_pending.insert(path);
	if (!m_flushQueued) {
		m_flushQueued = true;
		QMetaObject::invokeMethod(this, &VeService::flush, Qt::QueuedConnection);
	}
}

void VeService::flush()
{
	m_flushQueued = false;
	if (m_pending.isEmpty() || !m_registered)
		return;
	VeItemMap changes;
	for (const QString &path : std::as_const(m_pending)) {
		const VeItem &i = m_items.at(path);
		const QVariantMap entry = VeValue::entry(i.wireValue(), i.text());
		changes.insert(path, entry);
		QDBusMessage signal = QDBusMessage::createSignal(path, BusItem, QStringLiteral("PropertiesChanged"));
		signal << entry;
		m_connection->send(signal);
	}
	m_pending.clear();
	if (m_itemsChangedEnabled) {
		QDBusMessage signal = QDBusMessage::createSignal(QStringLiteral("/"), BusItem, QStringLiteral("ItemsChanged"));
		signal << QVariant::fromValue(changes);
		m_connection->send(signal);
	}
}

void VeService::registerOn(const BusAddress &bus)
{
	releaseConnection();
	static int serial = 0;
	m_connectionName = QStringLiteral("pvrouter-%1-%2").arg(m_name).arg(++serial);
	QDBusConnection connection = bus.connect(m_connectionName);
	if (!connection.isConnected()) {
		const QString error = QStringLiteral("cannot connect to the %1 bus for %2: %3")
								  .arg(bus.toString(), m_name, connection.lastError().message());
		QDBusConnection::disconnectFromBus(m_connectionName);
		Q_EMIT registrationFailed(error);
		return;
	}
	m_connection = connection;
	m_connection->registerVirtualObject(QStringLiteral("/"), this, QDBusConnection::SubPath);

	QDBusMessage request = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.DBus"),
		QStringLiteral("/org/freedesktop/DBus"), QStringLiteral("org.freedesktop.DBus"), QStringLiteral("RequestName"));
	request << m_name << DoNotQueue;
	auto *watcher = new QDBusPendingCallWatcher(m_connection->asyncCall(request), this);
	connect(watcher, &QDBusPendingCallWatcher::finished, this, &VeService::onNameRequestFinished);
}

void VeService::onNameRequestFinished(QDBusPendingCallWatcher *watcher)
{
	watcher->deleteLater();
	const QDBusPendingReply<uint> reply = *watcher;
	if (reply.isError() || (reply.value() != PrimaryOwner && reply.value() != AlreadyOwner)) {
		const QString error = reply.isError()
			? QStringLiteral("cannot register D-Bus name %1: %2").arg(m_name, reply.error().message())
			: QStringLiteral("D-Bus name %1 is already taken by another process").arg(m_name);
		releaseConnection();
		Q_EMIT registrationFailed(error);
		return;
	}
	m_registered = true;
	qCDebug(lcVedbus) << "registered" << m_name << "with" << m_items.size() << "paths";
	Q_EMIT registered();
}

void VeService::unregister()
{
	releaseConnection();
}

void VeService::releaseConnection()
{
	m_registered = false;
	m_pending.clear();
	if (!m_connection)
		return;
	m_connection->unregisterObject(QStringLiteral("/"), QDBusConnection::UnregisterTree);
	// Closing our private connection makes the bus release the name; Qt closes it once no
	// QDBusConnection refers to it any more.
	m_connection.reset();
	QDBusConnection::disconnectFromBus(m_connectionName);
}

void VeService::setMethodHandler(MethodHandler handler, const QString &introspectionXml)
{
	m_methodHandler = std::move(handler);
	m_extraIntrospection = introspectionXml;
}

VeItemMap VeService::items() const
{
	VeItemMap map;
	for (const auto &[path, item] : m_items)
		map.insert(path, item.entry());
	return map;
}

bool VeService::isNode(const QString &path) const
{
	if (path == QLatin1String("/"))
		return true;
	const QString prefix = path + QLatin1Char('/');
	const auto it = m_items.lower_bound(prefix);
	return it != m_items.end() && it->first.startsWith(prefix);
}

template <typename F>
void VeService::forEachBelow(const QString &node, F &&f) const
{
	const QString prefix = childPrefix(node);
	for (auto it = m_items.lower_bound(prefix); it != m_items.end() && it->first.startsWith(prefix); ++it)
		f(it->first.mid(prefix.size()), it->second);
}

QStringList VeService::children(const QString &node) const
{
	QStringList names;
	forEachBelow(node, [&names](const QString &relative, const VeItem &) {
		const QString first = relative.section(QLatin1Char('/'), 0, 0);
		if (names.isEmpty() || names.constLast() != first)
			names.append(first);
	});
	return names;
}

QString VeService::introspect(const QString &path) const
{
	const VeItem *leaf = item(path);
	if (!leaf && !isNode(path))
		return {};
	QString xml = QStringLiteral("  <interface name=\"com.victronenergy.BusItem\">\n");
	xml += methodXml("GetValue", "v") + methodXml("GetText", leaf ? "s" : "v");
	if (leaf) {
		xml += methodXml("SetValue", "i", "v") + methodXml("GetDescription", "s");
		if (leaf->min().isValid())
			xml += methodXml("GetMin", "v");
		if (leaf->max().isValid())
			xml += methodXml("GetMax", "v");
		if (leaf->defaultValue().isValid())
			xml += methodXml("GetDefault", "v");
		xml += signalXml("PropertiesChanged", "a{sv}");
	} else if (path == QLatin1String("/")) {
		xml += methodXml("GetItems", "a{sa{sv}}") + signalXml("ItemsChanged", "a{sa{sv}}");
	}
	xml += QStringLiteral("  </interface>\n") + m_extraIntrospection;
	const QStringList names = children(path);
	for (const QString &name : names)
		xml += QStringLiteral("  <node name=\"%1\"/>\n").arg(name);
	return xml;
}

bool VeService::handleMessage(const QDBusMessage &message, const QDBusConnection &connection)
{
	if (message.type() != QDBusMessage::MethodCallMessage)
		return false;
	const QString interface = message.interface();
	// Introspectable, Peer and Properties are Qt's to answer: it does so only when we decline.
	if (interface.startsWith(QLatin1String("org.freedesktop.DBus.")) ||
		(interface.isEmpty() && message.member() == QLatin1String("Introspect")))
		return false;
	if (!interface.isEmpty() && interface != BusItem) {
		if (m_methodHandler && m_methodHandler(message, connection))
			return true;
		connection.send(message.createErrorReply(QDBusError::UnknownMethod,
			QStringLiteral("No method %1.%2 on %3").arg(interface, message.member(), message.path())));
		return true;
	}
	const QString path = message.path();
	if (VeItem *leaf = item(path))
		answerLeaf(*leaf, path, message, connection);
	else if (isNode(path))
		answerNode(path, message, connection);
	else
		connection.send(message.createErrorReply(
			QDBusError::UnknownObject, QStringLiteral("No such object path %1 on %2").arg(path, m_name)));
	return true;
}

void VeService::answerLeaf(VeItem &item, const QString &path, const QDBusMessage &message, const QDBusConnection &bus)
{
	const QString member = message.member();
	const auto variant = [](const QVariant &wire) {
		return QVariant::fromValue(QDBusVariant(wire));
	};
	QVariant answer;
	if (member == QLatin1String("GetValue")) {
		answer = variant(item.wireValue());
	} else if (member == QLatin1String("GetText")) {
		answer = item.text();
	} else if (member == QLatin1String("GetDescription")) {
		answer = item.description();
	} else if (member == QLatin1String("GetMin") && item.min().isValid()) {
		answer = variant(VeValue::toDbus(item.min()));
	} else if (member == QLatin1String("GetMax") && item.max().isValid()) {
		answer = variant(VeValue::toDbus(item.max()));
	} else if (member == QLatin1String("GetDefault") && item.defaultValue().isValid()) {
		answer = variant(VeValue::toDbus(item.defaultValue()));
	} else if (member == QLatin1String("SetValue") && message.arguments().size() == 1) {
		const QVariant value = VeValue::fromDbus(message.arguments().constFirst());
		if (m_setValueHandler) {
			answer = m_setValueHandler(path, value);
		} else {
			QVariant coerced;
			const VeSetResult result = item.check(value, &coerced);
			if (result == VeSetResult::Accepted && item.assign(coerced)) {
				markChanged(path);
				Q_EMIT valueWritten(path, coerced);
			}
			answer = int(result);
		}
	}
	if (answer.isValid())
		bus.send(message.createReply(answer));
	else
		bus.send(message.createErrorReply(QDBusError::UnknownMethod,
			QStringLiteral("No method %1 with signature '%2' on %3").arg(member, message.signature(), path)));
}

void VeService::answerNode(const QString &path, const QDBusMessage &message, const QDBusConnection &bus)
{
	const QString member = message.member();
	QVariant answer;
	if (member == QLatin1String("GetValue")) {
		QVariantMap values;
		forEachBelow(
			path, [&values](const QString &relative, const VeItem &i) { values.insert(relative, i.wireValue()); });
		answer = QVariant::fromValue(QDBusVariant(values));
	} else if (member == QLatin1String("GetText")) {
		VeTextMap texts;
		forEachBelow(path, [&texts](const QString &relative, const VeItem &i) { texts.insert(relative, i.text()); });
		answer = QVariant::fromValue(QDBusVariant(QVariant::fromValue(texts)));
	} else if (member == QLatin1String("GetItems") && path == QLatin1String("/")) {
		answer = QVariant::fromValue(items());
	}
	if (answer.isValid())
		bus.send(message.createReply(answer));
	else
		bus.send(message.createErrorReply(
			QDBusError::UnknownMethod, QStringLiteral("No method %1 on node %2").arg(member, path)));
}

} // namespace pvrouter
