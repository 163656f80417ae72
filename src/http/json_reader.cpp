#include "json_reader.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace pvrouter {

namespace {

const char *typeName(const QJsonValue &value)
{
	switch (value.type()) {
	case QJsonValue::Null:
		return "null";
	case QJsonValue::Bool:
		return "a boolean";
	case QJsonValue::Double:
		return "a number";
	case QJsonValue::String:
		return "a string";
	case QJsonValue::Array:
		return "an array";
	case QJsonValue::Object:
		return "an object";
	case QJsonValue::Undefined:
		break;
	}
	return "undefined";
}

} // namespace

JsonReader::JsonReader(std::shared_ptr<State> state, QJsonObject object, QString path)
	: m_state(std::move(state)), m_object(std::move(object)), m_path(std::move(path))
{}

JsonReader JsonReader::parse(const QByteArray &body)
{
	QJsonParseError parseError;
	const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
	JsonReader reader(std::make_shared<State>(), doc.object(), QString());
	if (parseError.error != QJsonParseError::NoError)
		reader.fail(QStringLiteral("not JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
	else if (!doc.isObject())
		reader.fail(QStringLiteral("not a JSON object"));
	return reader;
}

JsonReader JsonReader::failed(const QString &error)
{
	JsonReader reader(std::make_shared<State>(), QJsonObject(), QString());
	reader.fail(error);
	return reader;
}

void JsonReader::fail(const QString &error)
{
	if (m_state->error.isEmpty())
		m_state->error = error;
}

QString JsonReader::fieldPath(QLatin1String key) const
{
	return m_path.isEmpty() ? QString(key) : m_path + QLatin1Char('.') + key;
}

QString JsonReader::describe(QLatin1String key) const
{
	return QStringLiteral("field '%1'").arg(fieldPath(key));
}

void JsonReader::typeError(QLatin1String key, const QJsonValue &value, const char *expected)
{
	fail(QStringLiteral("%1 is %2, expected %3")
			 .arg(describe(key), QLatin1String(typeName(value)), QLatin1String(expected)));
}

bool JsonReader::has(QLatin1String key) const
{
	return m_object.contains(key);
}

std::optional<QJsonValue> JsonReader::field(QLatin1String key, bool required)
{
	if (!ok())
		return std::nullopt;
	const QJsonValue value = m_object.value(key);
	if (value.isUndefined() || (!required && value.isNull())) {
		if (required)
			fail(QStringLiteral("%1 is missing").arg(describe(key)));
		return std::nullopt;
	}
	return value;
}

std::optional<double> JsonReader::number(QLatin1String key)
{
	const std::optional<QJsonValue> v = field(key, true);
	if (!v)
		return std::nullopt;
	if (!v->isDouble()) {
		typeError(key, *v, "a number");
		return std::nullopt;
	}
	return v->toDouble();
}

std::optional<double> JsonReader::optionalNumber(QLatin1String key)
{
	const std::optional<QJsonValue> v = field(key, false);
	if (!v)
		return std::nullopt;
	if (!v->isDouble()) {
		typeError(key, *v, "a number");
		return std::nullopt;
	}
	return v->toDouble();
}

std::optional<QString> JsonReader::string(QLatin1String key)
{
	const std::optional<QJsonValue> v = field(key, true);
	if (!v)
		return std::nullopt;
	if (!v->isString()) {
		typeError(key, *v, "a string");
		return std::nullopt;
	}
	return v->toString();
}

std::optional<QString> JsonReader::optionalString(QLatin1String key)
{
	const std::optional<QJsonValue> v = field(key, false);
	if (!v)
		return std::nullopt;
	if (!v->isString()) {
		typeError(key, *v, "a string");
		return std::nullopt;
	}
	return v->toString();
}

std::optional<bool> JsonReader::boolean(QLatin1String key)
{
	const std::optional<QJsonValue> v = field(key, true);
	if (!v)
		return std::nullopt;
	if (!v->isBool()) {
		typeError(key, *v, "a boolean");
		return std::nullopt;
	}
	return v->toBool();
}

std::optional<bool> JsonReader::optionalBoolean(QLatin1String key)
{
	const std::optional<QJsonValue> v = field(key, false);
	if (!v)
		return std::nullopt;
	if (!v->isBool()) {
		typeError(key, *v, "a boolean");
		return std::nullopt;
	}
	return v->toBool();
}

JsonReader JsonReader::object(QLatin1String key)
{
	const std::optional<QJsonValue> v = field(key, true);
	if (v && !v->isObject())
		typeError(key, *v, "an object");
	return JsonReader(m_state, v && v->isObject() ? v->toObject() : QJsonObject(), fieldPath(key));
}

std::optional<int> JsonReader::arraySize(QLatin1String key)
{
	const std::optional<QJsonValue> v = field(key, true);
	if (!v)
		return std::nullopt;
	if (!v->isArray()) {
		typeError(key, *v, "an array");
		return std::nullopt;
	}
	return int(v->toArray().size());
}

JsonReader JsonReader::arrayObject(QLatin1String key, int index)
{
	const QString path = QStringLiteral("%1[%2]").arg(fieldPath(key)).arg(index);
	const std::optional<QJsonValue> v = field(key, true);
	if (!v)
		return JsonReader(m_state, QJsonObject(), path);
	if (!v->isArray()) {
		typeError(key, *v, "an array");
		return JsonReader(m_state, QJsonObject(), path);
	}
	const QJsonArray array = v->toArray();
	if (index < 0 || index >= array.size()) {
		fail(QStringLiteral("field '%1' is missing: the array has %2 elements").arg(path).arg(array.size()));
		return JsonReader(m_state, QJsonObject(), path);
	}
	const QJsonValue element = array.at(index);
	if (!element.isObject()) {
		fail(QStringLiteral("field '%1' is %2, expected an object").arg(path, QLatin1String(typeName(element))));
		return JsonReader(m_state, QJsonObject(), path);
	}
	return JsonReader(m_state, element.toObject(), path);
}

} // namespace pvrouter
