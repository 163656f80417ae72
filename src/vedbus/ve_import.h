#pragma once

#include "imported_service.h"

#include <QDBusConnection>
#include <QHash>
#include <QObject>
#include <QStringList>

class QDBusPendingCallWatcher;

namespace pvrouter {

// Follows other services on the bus the way velib's DbusMonitor and veutil's consumer do: every service
// whose name is one of `classes` ("com.victronenergy.system") or below one ("com.victronenergy.grid.cgwacs_x")
// is read in bulk with GetItems when it appears (GetValue on "/" for exporters without GetItems), then kept
// current from its ItemsChanged and PropertiesChanged signals; NameOwnerChanged tells appear and vanish.
class VeImport : public QObject
{
	Q_OBJECT
public:
	VeImport(const QDBusConnection &bus, const QStringList &classes, QObject *parent = nullptr);

	void start();

	// Services seen so far, online or not; nullptr for a name never seen.
	ImportedService *service(const QString &name) const { return m_services.value(name); }
	QList<ImportedService *> services() const { return m_services.values(); }
	// Reads one path again with GetValue, so a value that has not changed is confirmed as still current
	// (ImportedItem::confirmedAt()). Nothing happens while the service is offline.
	void refresh(ImportedService *service, const QString &path);

Q_SIGNALS:
	// A name of a followed class appeared for the first time; it goes online when its items have arrived.
	void serviceAdded(pvrouter::ImportedService *service);

private Q_SLOTS:
	// QtDBus delivers bus signals only to slots named by string (QDBusConnection::connect has no
	// member-function overload), so these three are slots.
	void onNameOwnerChanged(const QString &name, const QString &oldOwner, const QString &newOwner);
	void onItemsChanged(const QDBusMessage &message);
	void onPropertiesChanged(const QDBusMessage &message);

private:
	void onNamesListed(QDBusPendingCallWatcher *watcher);
	void appear(const QString &name, const QString &owner);
	void vanish(ImportedService *service);
	void requestItems(ImportedService *service, const QString &method);
	void subscribe(const QString &owner, bool on);
	bool follows(const QString &name) const;
	ImportedService *byOwner(const QString &owner) const;

	QDBusConnection m_bus;
	QStringList m_classes;
	QHash<QString, ImportedService *> m_services; // children of this object
};

} // namespace pvrouter
