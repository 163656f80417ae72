#pragma once

#include <QHash>
#include <QString>
#include <QVariant>

#include <functional>

namespace pvrouter {

// Turns a valid value into the text GetText publishes. Invalid values always read "---"; formatters never
// see them.
using TextFormatter = std::function<QString(const QVariant &value)>;

namespace TextFormat {

// The value as it is: integers in decimal, doubles in shortest form, strings unchanged.
QString plain(const QVariant &value);

// A number with fixed decimals and a unit: number(0, "W") gives "1234 W", number(2, "kWh") "12.35 kWh".
TextFormatter number(int decimals, const QString &unit = {});

// "0x%X", as velib shows /ProductId.
TextFormatter hex();

// A name per integer value; unknown values show as the plain number.
TextFormatter names(const QHash<int, QString> &names);

} // namespace TextFormat
} // namespace pvrouter
