#pragma once

#include "bus_address.h"
#include "ve_item.h"
#include "ve_value.h"

#include <QDBusConnection>
#include <QDBusVirtualObject>
#include <QSet>

#include <functional>

class QDBusPendingCallWatcher;
#include <map>
#include <optional>

namespace pvrouter {

// One com.victronenergy.* service speaking the BusItem protocol exactly as velib does (victron-dbus.md §1):
// every leaf, every node and "/" answer GetValue/GetText, leaves SetValue and GetDescription (and GetMin,
// GetMax, GetDefault where set), "/" GetItems. Local changes are collected and sent once per event-loop turn:
// one ItemsChanged on "/" with every changed path, and PropertiesChanged on each changed leaf.
//
// Each service owns its own D-Bus connection, so several services can live in one process. Add every path
// first, then registerOn(): the name is requested only after the object tree exists, with DoNotQueue, and a
// taken name is reported through registrationFailed(). unregister() releases the name; setServiceName() and
// registerOn() again re-register it under another class.
class VeService : public QDBusVirtualObject
{
	Q_OBJECT
public:
	explicit VeService(const QString &serviceName, QObject *parent = nullptr);
	~VeService() override;

	QString serviceName() const { return m_name; }
	// Only while not registered.
	void setServiceName(const QString &name);

	// Adds a leaf path ("/Ac/L1/Power"); the returned reference stays valid until the path is removed.
	// Adding an existing path returns it unchanged.
	VeItem &addPath(const QString &path, const QVariant &value = {}, TextFormatter format = {});
	void removePath(const QString &path);
	bool hasPath(const QString &path) const { return m_items.count(path) != 0; }
	// True for "/" and every path that has leaves below it.
	bool isNode(const QString &path) const;
	// nullptr when the path does not exist.
	VeItem *item(const QString &path);
	const VeItem *item(const QString &path) const;
	QStringList paths() const;

	QVariant value(const QString &path) const;
	QString text(const QString &path) const;
	// Sets a value from our side; no signal when it is equal to the current one.
	void setValue(const QString &path, const QVariant &value);
	// Sends the pending changes now rather than at the end of this event-loop turn.
	void flush();

	void registerOn(const BusAddress &bus);
	void unregister();
	bool isRegistered() const { return m_registered; }

	// --- Hooks for services that extend the protocol (the embedded localsettings) ---
	// Handles calls on interfaces other than com.victronenergy.BusItem; returns false when it did not.
	using MethodHandler = std::function<bool(const QDBusMessage &message, const QDBusConnection &connection)>;
	void setMethodHandler(MethodHandler handler, const QString &introspectionXml);
	// Replaces the default SetValue semantics; returns the code to answer. The handler calls setValue() itself.
	using SetValueHandler = std::function<int(const QString &path, const QVariant &value)>;
	void setSetValueHandler(SetValueHandler handler) { m_setValueHandler = std::move(handler); }
	// localsettings never sends ItemsChanged, and velib's settings client breaks if it does.
	void setItemsChangedEnabled(bool enabled) { m_itemsChangedEnabled = enabled; }

	// The a{sa{sv}} GetItems answers: every leaf with its full path.
	VeItemMap items() const;

	// QDBusVirtualObject
	QString introspect(const QString &path) const override;
	bool handleMessage(const QDBusMessage &message, const QDBusConnection &connection) override;

Q_SIGNALS:
	void registered();
	void registrationFailed(const QString &error);
	// A remote SetValue was accepted; the service already holds the value.
	void valueWritten(const QString &path, const QVariant &value);

private:
	void onNameRequestFinished(QDBusPendingCallWatcher *watcher);
	void markChanged(const QString &path);
	void releaseConnection();
	QStringList children(const QString &node) const;
	// Leaves below `node` ("/" for all), with their path relative to it.
	template <typename F>
	void forEachBelow(const QString &node, F &&f) const;
	void answerLeaf(VeItem &item, const QString &path, const QDBusMessage &message, const QDBusConnection &bus);
	void answerNode(const QString &path, const QDBusMessage &message, const QDBusConnection &bus);

	QString m_name;
	std::map<QString, VeItem> m_items; // sorted: the leaves below a node are one range
	QSet<QString> m_pending;
	std::optional<QDBusConnection> m_connection;
	QString m_connectionName;
	MethodHandler m_methodHandler;
	QString m_extraIntrospection;
	SetValueHandler m_setValueHandler;
	bool m_registered = false;
	bool m_flushQueued = false;
	bool m_itemsChangedEnabled = true;
};

} // namespace pvrouter
