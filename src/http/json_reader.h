#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>

namespace pvrouter {

// Typed reads from a device's JSON answer. A field that is missing, or of another type than asked for, is an
// error naming the field ("field 'emeters[1].power' is a string, expected a number"), never a zero or an empty
// string: a poll that meets one must fail rather than publish a made-up value. The first error is kept; reads
// after it return nothing. Optional reads take a missing field or null as "not reported", without error, but
// still refuse a wrong type. Readers of nested objects share their parent's error, so one ok() at the end of a
// decode tells whether everything read was there.
class JsonReader
{
public:
	// Parses `body` as one JSON object; the reader fails with the parse error when it is not one.
	static JsonReader parse(const QByteArray &body);
	// An empty, failed reader: for decoders that must return one.
	static JsonReader failed(const QString &error);

	bool ok() const { return m_state->error.isEmpty(); }
	const QString &error() const { return m_state->error; }
	// Fails the reader (the first error wins), for checks beyond types, e.g. a value out of its range.
	void fail(const QString &error);
	// "field 'path.key'" for the caller's own error messages.
	QString describe(QLatin1String key) const;

	std::optional<double> number(QLatin1String key);
	std::optional<double> optionalNumber(QLatin1String key);
	std::optional<QString> string(QLatin1String key);
	std::optional<QString> optionalString(QLatin1String key);
	std::optional<bool> boolean(QLatin1String key);
	std::optional<bool> optionalBoolean(QLatin1String key);
	bool has(QLatin1String key) const;
	// A nested object; on error, a reader that has failed.
	JsonReader object(QLatin1String key);
	// The length of an array field; nullopt (and an error) when it is missing or not an array.
	std::optional<int> arraySize(QLatin1String key);
	// Element `index` of an array field, which must be an object.
	JsonReader arrayObject(QLatin1String key, int index);

private:
	struct State
	{
		QString error;
	};

	JsonReader(std::shared_ptr<State> state, QJsonObject object, QString path);
	std::optional<QJsonValue> field(QLatin1String key, bool required);
	QString fieldPath(QLatin1String key) const;
	void typeError(QLatin1String key, const QJsonValue &value, const char *expected);

	std::shared_ptr<State> m_state;
	QJsonObject m_object;
	QString m_path; // "" at the root, "emeters[1]" below
};

} // namespace pvrouter
