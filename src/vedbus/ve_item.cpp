#include "ve_item.h"

#include "ve_value.h"

#include <cmath>

namespace pvrouter {

namespace {

bool isNumber(const QVariant &v)
{
	switch (v.typeId()) {
	case QMetaType::Int:
	case QMetaType::LongLong:
	case QMetaType::ULongLong:
	case QMetaType::Double:
		return true;
	default:
		return false;
	}
}

// Converts to the item's type; an invalid result means the type is wrong. Integral doubles are accepted as
// integers (3.0 -> 3) but 2.7 is not silently truncated.
QVariant coerce(const QVariant &v, VeType type)
{
	switch (type) {
	case VeType::Any:
		return v;
	case VeType::Int:
		if (v.typeId() == QMetaType::Int || v.typeId() == QMetaType::LongLong)
			return v;
		if (v.typeId() == QMetaType::Bool)
			return int(v.toBool());
		if (v.typeId() == QMetaType::Double && std::isfinite(v.toDouble()) && v.toDouble() == std::trunc(v.toDouble()))
			return VeValue::fromDbus(qlonglong(v.toDouble()));
		return {};
	case VeType::Double:
		if (isNumber(v) && std::isfinite(v.toDouble()))
			return v.toDouble();
		return {};
	case VeType::Bool:
		if (v.typeId() == QMetaType::Bool)
			return v;
		if ((v.typeId() == QMetaType::Int || v.typeId() == QMetaType::LongLong) &&
			(v.toLongLong() == 0 || v.toLongLong() == 1))
			return v.toBool();
		return {};
	case VeType::String:
		return v.typeId() == QMetaType::QString ? v : QVariant();
	}
	return {};
}

} // namespace

VeItem &VeItem::setFormat(TextFormatter format)
{
	m_format = std::move(format);
	refreshText();
	return *this;
}

VeItem &VeItem::setWritable(VeType type)
{
	m_writable = true;
	m_type = type;
	return *this;
}

VeItem &VeItem::setRange(const QVariant &min, const QVariant &max)
{
	m_min = min;
	m_max = max;
	return *this;
}

VeItem &VeItem::setDefault(const QVariant &value)
{
	m_default = value;
	return *this;
}

VeItem &VeItem::setValidator(Validator validator)
{
	m_validator = std::move(validator);
	return *this;
}

VeItem &VeItem::setDescription(const QString &description)
{
	m_description = description;
	return *this;
}

QVariantMap VeItem::entry() const
{
	QVariantMap e = VeValue::entry(m_wire, m_text);
	if (m_min.isValid())
		e.insert(QStringLiteral("Min"), VeValue::toDbus(m_min));
	if (m_max.isValid())
		e.insert(QStringLiteral("Max"), VeValue::toDbus(m_max));
	if (m_default.isValid())
		e.insert(QStringLiteral("Default"), VeValue::toDbus(m_default));
	return e;
}

VeSetResult VeItem::check(const QVariant &value, QVariant *coerced) const
{
	if (!m_writable)
		return VeSetResult::NotWritable;
	if (!value.isValid()) { // writing invalid is allowed: it withdraws the value
		*coerced = QVariant();
		return VeSetResult::Accepted;
	}
	const QVariant v = coerce(value, m_type);
	if (!v.isValid())
		return VeSetResult::NotWritable;
	if (isNumber(v) &&
		((m_min.isValid() && v.toDouble() < m_min.toDouble()) || (m_max.isValid() && v.toDouble() > m_max.toDouble())))
		return VeSetResult::Refused;
	if (m_validator && !m_validator(v))
		return VeSetResult::Refused;
	*coerced = v;
	return VeSetResult::Accepted;
}

bool VeItem::assign(const QVariant &value)
{
	if (value.typeId() == m_value.typeId() && value == m_value)
		return false;
	m_value = value;
	m_wire = VeValue::toDbus(value);
	refreshText();
	return true;
}

void VeItem::refreshText()
{
	if (!m_value.isValid())
		m_text = QStringLiteral("---");
	else
		m_text = m_format ? m_format(m_value) : TextFormat::plain(m_value);
}

} // namespace pvrouter
