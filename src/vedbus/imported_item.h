#pragma once

#include <QObject>
#include <QVariant>

#include <chrono>

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
	// When the other side last told us the value, changed or not (steady time). For consumers that must know
	// a value is fresh, not merely unchanged; VeImport::refresh() asks again.
	std::chrono::steady_clock::time_point confirmedAt() const { return m_confirmedAt; }

	// Called by ImportedService only.
	void update(const QVariant &value, const QString &text);

Q_SIGNALS:
	void valueChanged();

private:
	QString m_path;
	QVariant m_value;
	QString m_text;
	std::chrono::steady_clock::time_point m_confirmedAt;
};

} // namespace pvrouter
