#include "imported_item.h"

namespace pvrouter {

void ImportedItem::update(const QVariant &value, const QString &text)
{
	const bool changed = value.typeId() != m_value.typeId() || value != m_value;
	m_value = value;
	m_text = text;
	m_confirmedAt = std::chrono::steady_clock::now();
	if (changed)
		Q_EMIT valueChanged();
}

} // namespace pvrouter
