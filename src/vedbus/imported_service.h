#pragma once

#include "imported_item.h"
#include "ve_value.h"

#include <QHash>
#include <QObject>

namespace pvrouter {

// Another service on the bus as VeImport sees it: every value it published, and ImportedItem objects for
// the paths somebody asked for. When the service vanishes it stays known, offline, with every item invalid,
// so consumers keep their pointers across restarts of the other side.
class ImportedService : public QObject
{
	Q_OBJECT
public:
	ImportedService(const QString &name, QObject *parent) : QObject(parent), m_name(name) {}

	const QString &name() const { return m_name; }
	// The unique bus name of the current owner; empty while offline.
	const QString &owner() const { return m_owner; }
	// True once the initial GetItems has been answered, until the service vanishes.
	bool isOnline() const { return m_online; }

	// Created on first use; invalid until the service publishes the path.
	ImportedItem *item(const QString &path);
	QVariant value(const QString &path) const { return m_values.value(path).value; }

	// Called by VeImport only.
	void setOwner(const QString &owner) { m_owner = owner; }
	void applyItems(const VeItemMap &items);
	void applyEntry(const QString &path, const QVariantMap &entry);
	// A value read with GetValue, which has no text: the text stays as it was.
	void confirmValue(const QString &path, const QVariant &value);
	void setOnline();
	void setOffline();

Q_SIGNALS:
	void onlineChanged(bool online);

private:
	struct Value
	{
		QVariant value;
		QString text;
	};

	QString m_name;
	QString m_owner;
	QHash<QString, Value> m_values;
	QHash<QString, ImportedItem *> m_items; // children of this object
	bool m_online = false;
};

} // namespace pvrouter
