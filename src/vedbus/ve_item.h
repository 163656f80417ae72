#pragma once

#include "text_format.h"

#include <QString>
#include <QVariant>

#include <functional>

namespace pvrouter {

// What a remote SetValue must carry for a writable path.
enum class VeType { Any, Int, Double, Bool, String };

// Return codes of com.victronenergy.BusItem.SetValue (velib semantics, victron-dbus.md §1.3).
enum class VeSetResult : int { Accepted = 0, NotWritable = 1, Refused = 2 };

// One leaf path of an exported service: its value with the wire form and text cached (GetItems on a large
// service only copies), plus how it behaves when written. Configured through the chainable setters on the
// reference VeService::addPath returns; values change only through VeService::setValue, which batches signals.
class VeItem
{
public:
	using Validator = std::function<bool(const QVariant &value)>;

	VeItem &setFormat(TextFormatter format);
	VeItem &setWritable(VeType type = VeType::Any);
	// Published by GetMin/GetMax (and in GetItems); a write outside [min, max] is refused.
	VeItem &setRange(const QVariant &min, const QVariant &max);
	VeItem &setDefault(const QVariant &value);
	// Called after type and range checks; false refuses the write (SetValue returns 2).
	VeItem &setValidator(Validator validator);
	VeItem &setDescription(const QString &description);

	const QVariant &value() const { return m_value; }
	const QVariant &wireValue() const { return m_wire; }
	const QString &text() const { return m_text; }
	bool isWritable() const { return m_writable; }
	const QVariant &min() const { return m_min; }
	const QVariant &max() const { return m_max; }
	const QVariant &defaultValue() const { return m_default; }
	const QString &description() const { return m_description; }

	// The GetItems entry: Value and Text, and Min, Max, Default where set.
	QVariantMap entry() const;

	// Checks a value written from the bus. On acceptance `coerced` holds it converted to the item's type.
	VeSetResult check(const QVariant &value, QVariant *coerced) const;

private:
	friend class VeService;
	// Returns false when the value is equal to the current one.
	bool assign(const QVariant &value);
	void refreshText();

	QVariant m_value;
	QVariant m_wire = QVariant::fromValue(QList<int>());
	QString m_text = QStringLiteral("---");
	TextFormatter m_format;
	Validator m_validator;
	QVariant m_min;
	QVariant m_max;
	QVariant m_default;
	QString m_description;
	VeType m_type = VeType::Any;
	bool m_writable = false;
};

} // namespace pvrouter
