#pragma once

#include <QMap>
#include <QString>
#include <QVariant>

namespace pvrouter {

// Wire types of the com.victronenergy.BusItem protocol.
using VeItemMap = QMap<QString, QVariantMap>; // a{sa{sv}}: GetItems, ItemsChanged
using VeTextMap = QMap<QString, QString>;     // a{ss}: GetText on a node

// Registers the wire types with QtDBus (idempotent). Without the typedef-name registration QtDBus cannot
// relay signals that carry them and drops them silently (toolchain.md §3).
void registerVeDbusTypes();

// Internal values are plain QVariants (int, qlonglong, double, bool, QString, QVariantList, QVariantMap);
// "invalid" is a null QVariant. These convert to and from what goes inside a D-Bus variant.
namespace VeValue {

// Invalid becomes an empty `ai`; an empty list an empty `au` (so it is not mistaken for invalid); integers
// are `i` unless they need `x`; lists are `av`, maps `a{sv}`. Never returns a null QVariant, which would
// make QtDBus abort the process.
QVariant toDbus(const QVariant &value);

// The inverse, for anything a peer may send: every integer type becomes int or qlonglong, any empty array
// becomes invalid, QDBusArgument and QDBusVariant are unwrapped.
QVariant fromDbus(const QVariant &wire);

// The item entry of GetItems / ItemsChanged: {Value, Text} plus Min, Max, Default when given.
QVariantMap entry(const QVariant &wireValue, const QString &text);

} // namespace VeValue
} // namespace pvrouter

Q_DECLARE_METATYPE(pvrouter::VeItemMap)
