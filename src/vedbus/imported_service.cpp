#include "imported_service.h"

namespace pvrouter {

ImportedItem *ImportedService::item(const QString &path)
{
	ImportedItem *&item = m_items[path];
	if (!item) {
		item = new ImportedItem(path, this);
		const Value v = m_values.value(path);
		item->update(v.value, v.text);
	}
	return item;
}

void ImportedService::applyItems(const VeItemMap &items)
{
	for (auto it = items.cbegin(); it != items.cend(); ++it)
		applyEntry(it.key(), it.value());
}

void ImportedService::applyEntry(const QString &path, const QVariantMap &entry)
{
	// Some exporters send partial entries (only Text, or only Min/Max); velib skips those too.
	const auto value = entry.constFind(QStringLiteral("Value"));
	if (value == entry.cend())
		return;
	Value &v = m_values[path];
	v.value = VeValue::fromDbus(*value);
	v.text = entry.value(QStringLiteral("Text")).toString();
	if (ImportedItem *item = m_items.value(path))
		item->update(v.value, v.text);
}

void ImportedService::confirmValue(const QString &path, const QVariant &value)
{
	Value &v = m_values[path];
	if (v.value != value || v.value.typeId() != value.typeId())
		v.text.clear(); // the old text describes another value
	v.value = value;
	if (ImportedItem *item = m_items.value(path))
		item->update(v.value, v.text);
}

void ImportedService::setOnline()
{
	if (m_online)
		return;
	m_online = true;
	Q_EMIT onlineChanged(true);
}

void ImportedService::setOffline()
{
	m_owner.clear();
	m_values.clear();
	for (ImportedItem *item : std::as_const(m_items))
		item->update({}, {});
	if (!m_online)
		return;
	m_online = false;
	Q_EMIT onlineChanged(false);
}

} // namespace pvrouter
