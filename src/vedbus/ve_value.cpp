#include "ve_value.h"

#include <QDBusArgument>
#include <QDBusMetaType>
#include <QDBusVariant>
#include <QSequentialIterable>

#include <limits>

namespace pvrouter {

void registerVeDbusTypes()
{
	static const bool done = [] {
		qRegisterMetaType<VeItemMap>("pvrouter::VeItemMap");
		qDBusRegisterMetaType<VeItemMap>();
		qDBusRegisterMetaType<VeTextMap>();
		return true;
	}();
	Q_UNUSED(done);
}

namespace VeValue {

namespace {

QVariant integer(qlonglong v)
{
	if (v >= std::numeric_limits<qint32>::min() && v <= std::numeric_limits<qint32>::max())
		return int(v);
	return v;
}

QVariant fromArgument(const QDBusArgument &arg)
{
	switch (arg.currentType()) {
	case QDBusArgument::ArrayType: {
		QVariantList list;
		arg.beginArray();
		while (!arg.atEnd())
			list.append(fromDbus(arg.asVariant()));
		arg.endArray();
		return list.isEmpty() ? QVariant() : QVariant(list);
	}
	case QDBusArgument::MapType: {
		QVariantMap map;
		arg.beginMap();
		while (!arg.atEnd()) {
			arg.beginMapEntry();
			const QString key = fromDbus(arg.asVariant()).toString();
			map.insert(key, fromDbus(arg.asVariant()));
			arg.endMapEntry();
		}
		arg.endMap();
		return map;
	}
	case QDBusArgument::StructureType: {
		QVariantList list;
		arg.beginStructure();
		while (!arg.atEnd())
			list.append(fromDbus(arg.asVariant()));
		arg.endStructure();
		return list;
	}
	default:
		return fromDbus(arg.asVariant());
	}
}

} // namespace

QVariant toDbus(const QVariant &value)
{
	switch (value.typeId()) {
	case QMetaType::UnknownType:
		return QVariant::fromValue(QList<int>());
	case QMetaType::Bool:
	case QMetaType::Double:
	case QMetaType::QString:
		return value;
	case QMetaType::Float:
		return value.toDouble();
	case QMetaType::Int:
	case QMetaType::UInt:
	case QMetaType::Short:
	case QMetaType::UShort:
	case QMetaType::Char:
	case QMetaType::SChar:
	case QMetaType::UChar:
	case QMetaType::Long:
	case QMetaType::LongLong:
		return integer(value.toLongLong());
	case QMetaType::ULong:
	case QMetaType::ULongLong: {
		const qulonglong v = value.toULongLong();
		return v > qulonglong(std::numeric_limits<qlonglong>::max()) ? value : integer(qlonglong(v));
	}
	case QMetaType::QStringList:
	case QMetaType::QVariantList: {
		const QVariantList list = value.toList();
		if (list.isEmpty())
			return QVariant::fromValue(QList<uint>());
		QVariantList wire;
		wire.reserve(list.size());
		for (const QVariant &element : list)
			wire.append(toDbus(element));
		return wire;
	}
	case QMetaType::QVariantMap: {
		QVariantMap wire = value.toMap();
		for (auto it = wire.begin(); it != wire.end(); ++it)
			it.value() = toDbus(it.value());
		return wire;
	}
	default:
		return value.toString();
	}
}

QVariant fromDbus(const QVariant &wire)
{
	const int type = wire.typeId();
	if (type == qMetaTypeId<QDBusVariant>())
		return fromDbus(wire.value<QDBusVariant>().variant());
	if (type == qMetaTypeId<QDBusArgument>())
		return fromArgument(wire.value<QDBusArgument>());
	// Our own invalid and empty-list markers, when a value does not cross the bus.
	if (type == qMetaTypeId<QList<int>>() || type == qMetaTypeId<QList<uint>>()) {
		QVariantList list;
		for (const QVariant &element : wire.value<QSequentialIterable>())
			list.append(integer(element.toLongLong()));
		return list.isEmpty() ? QVariant() : QVariant(list);
	}
	switch (type) {
	case QMetaType::UChar:
	case QMetaType::Short:
	case QMetaType::UShort:
	case QMetaType::Int:
	case QMetaType::UInt:
	case QMetaType::LongLong:
		return integer(wire.toLongLong());
	case QMetaType::ULongLong:
		return wire.toULongLong() > qulonglong(std::numeric_limits<qlonglong>::max()) ? wire
																					  : integer(wire.toLongLong());
	case QMetaType::QStringList:
	case QMetaType::QVariantList: {
		const QVariantList list = wire.toList();
		if (list.isEmpty())
			return {};
		QVariantList values;
		values.reserve(list.size());
		for (const QVariant &element : list)
			values.append(fromDbus(element));
		return values;
	}
	case QMetaType::QVariantMap: {
		QVariantMap map = wire.toMap();
		for (auto it = map.begin(); it != map.end(); ++it)
			it.value() = fromDbus(it.value());
		return map;
	}
	default:
		return wire;
	}
}

QVariantMap entry(const QVariant &wireValue, const QString &text)
{
	return {{QStringLiteral("Value"), wireValue}, {QStringLiteral("Text"), text}};
}

} // namespace VeValue
} // namespace pvrouter
