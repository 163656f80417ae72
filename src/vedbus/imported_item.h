#pragma once

#include <QObject>
#include <QVariant>

namespace pvrouter {

// One path of another service, kept current by VeImport. Invalid while the path is unknown or its service
// is gone. Owned by its ImportedService, which lives as long as the VeImport: holding the pointer is safe.
class ImportedItem : public QObject
{
	Q_OBJECT
public:
	ImportedItem(const QString &path, QObject *parent) : QObject(parent), m_path(path) {}

	const QString &path() const { return m_path; }
	const QVariant &value() const { return m_value; }
	const QString &text() const { return m_text; }
	bool isValid() const { return m_value.isValid(); }

	// Called by ImportedService only.
	void update(const QVariant &value, const QString &text);

Q_SIGNALS:
	void valueChanged();

private:
	QString m_path;
	QVariant m_value;
	QString m_text;
};

} // namespace pvrouter
