#include "setting_def.h"

#include "vedbus/text_format.h"

#include <cmath>
#include <limits>

namespace pvrouter::SettingTypes {

QString letter(SettingType type)
{
	switch (type) {
	case SettingType::Int:
		return QStringLiteral("i");
	case SettingType::Double:
		return QStringLiteral("f");
	case SettingType::String:
		break;
	}
	return QStringLiteral("s");
}

bool fromLetter(const QString &letter, SettingType *type)
{
	if (letter == QLatin1String("i"))
		*type = SettingType::Int;
	else if (letter == QLatin1String("f"))
		*type = SettingType::Double;
	else if (letter == QLatin1String("s"))
		*type = SettingType::String;
	else
		return false;
	return true;
}

QVariant convert(const QVariant &value, SettingType type)
{
	if (!value.isValid())
		return {};
	const int id = value.typeId();
	const bool isString = id == QMetaType::QString;
	switch (type) {
	case SettingType::Int: {
		bool ok = true;
		qlonglong v = 0;
		if (isString) {
			v = value.toString().trimmed().toLongLong(&ok);
		} else if (id == QMetaType::Double) {
			const double d = value.toDouble();
			ok = std::isfinite(d) && std::abs(d) < 9.2e18;
			v = qlonglong(std::trunc(d));
		} else {
			v = value.toLongLong(&ok);
		}
		if (!ok)
			return {};
		if (v >= std::numeric_limits<int>::min() && v <= std::numeric_limits<int>::max())
			return int(v);
		return v;
	}
	case SettingType::Double: {
		bool ok = true;
		const double v = isString ? value.toString().trimmed().toDouble(&ok) : value.toDouble(&ok);
		return ok && std::isfinite(v) ? QVariant(v) : QVariant();
	}
	case SettingType::String:
		break;
	}
	return isString ? value : QVariant(pvrouter::TextFormat::plain(value));
}

} // namespace pvrouter::SettingTypes
