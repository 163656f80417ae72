#include "text_format.h"

#include <QStringList>

namespace pvrouter::TextFormat {

QString plain(const QVariant &value)
{
	switch (value.typeId()) {
	case QMetaType::Double:
	case QMetaType::Float:
		return QString::number(value.toDouble(), 'g', 15);
	case QMetaType::QVariantList: {
		QStringList parts;
		const QVariantList list = value.toList();
		for (const QVariant &element : list)
			parts.append(element.isValid() ? plain(element) : QStringLiteral("---"));
		return QLatin1Char('[') + parts.join(QLatin1String(", ")) + QLatin1Char(']');
	}
	case QMetaType::QVariantMap: {
		QStringList parts;
		const QVariantMap map = value.toMap();
		for (auto it = map.cbegin(); it != map.cend(); ++it)
			parts.append(it.key() + QLatin1String(": ") + plain(it.value()));
		return QLatin1Char('{') + parts.join(QLatin1String(", ")) + QLatin1Char('}');
	}
	default:
		return value.toString();
	}
}

TextFormatter number(int decimals, const QString &unit)
{
	const QString suffix = unit.isEmpty() ? QString() : QLatin1Char(' ') + unit;
	return [decimals, suffix](const QVariant &value) {
		return QString::number(value.toDouble(), 'f', decimals) + suffix;
	};
}

TextFormatter hex()
{
	return [](const QVariant &value) {
		return QLatin1String("0x") + QString::number(value.toLongLong(), 16).toUpper();
	};
}

TextFormatter names(const QHash<int, QString> &names)
{
	return [names](const QVariant &value) {
		return names.value(value.toInt(), plain(value));
	};
}

} // namespace pvrouter::TextFormat
