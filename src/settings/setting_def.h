#pragma once

#include <QString>
#include <QVariant>

namespace pvrouter {

// localsettings types: "i" (32/64-bit integer), "f" (double), "s" (string).
enum class SettingType { Int, Double, String };

// One localsettings entry as we create it with AddSettings. min and max are invalid for "no limits".
struct SettingDef
{
	QString path; // absolute, "/Settings/PvRouter/..."
	SettingType type;
	QVariant defaultValue;
	QVariant min;
	QVariant max;
	bool silent = false; // changes are not logged by localsettings
};

namespace SettingTypes {

// The type's letter and back; the letter is also what AddSetting takes.
QString letter(SettingType type);
bool fromLetter(const QString &letter, SettingType *type);

// Converts `value` the way localsettings does on SetValue: int("x") fails, 2.7 into an integer gives 2,
// anything into a string is its text. An invalid result means the value cannot be converted.
QVariant convert(const QVariant &value, SettingType type);

} // namespace SettingTypes
} // namespace pvrouter
