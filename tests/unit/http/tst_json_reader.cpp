#include "http/json_reader.h"

#include <QTest>

using namespace pvrouter;

// Typed reads from device answers: the right types come through, everything else is an error naming the
// field, never a zero.
class TestJsonReader : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void readsTypedFields();
	void optionalFields();
	void wrongTypes_data();
	void wrongTypes();
	void missingFields();
	void notJson_data();
	void notJson();
	void nestedObjectsAndArrays();
	void firstErrorWins();
	void ownChecks();
};

void TestJsonReader::readsTypedFields()
{
	JsonReader json = JsonReader::parse(R"({"power": -12.5, "n": 3, "name": "EM", "ok": true})");
	QVERIFY(json.ok());
	QCOMPARE(json.number(QLatin1String("power")), std::optional<double>(-12.5));
	QCOMPARE(json.number(QLatin1String("n")), std::optional<double>(3));
	QCOMPARE(json.string(QLatin1String("name")), std::optional<QString>(QStringLiteral("EM")));
	QCOMPARE(json.boolean(QLatin1String("ok")), std::optional<bool>(true));
	QVERIFY(json.has(QLatin1String("ok")));
	QVERIFY(!json.has(QLatin1String("nope")));
	QVERIFY2(json.ok(), qPrintable(json.error()));
}

void TestJsonReader::optionalFields()
{
	JsonReader json = JsonReader::parse(R"({"n_current": null, "freq": 50.01})");
	QCOMPARE(json.optionalNumber(QLatin1String("n_current")), std::nullopt); // null: not reported
	QCOMPARE(json.optionalNumber(QLatin1String("absent")), std::nullopt);
	QCOMPARE(json.optionalString(QLatin1String("absent")), std::nullopt);
	QCOMPARE(json.optionalBoolean(QLatin1String("absent")), std::nullopt);
	QCOMPARE(json.optionalNumber(QLatin1String("freq")), std::optional<double>(50.01));
	QVERIFY2(json.ok(), qPrintable(json.error()));

	// An optional field of the wrong type is still wrong.
	JsonReader typed = JsonReader::parse(R"({"pf": "0.9"})");
	QCOMPARE(typed.optionalNumber(QLatin1String("pf")), std::nullopt);
	QCOMPARE(typed.error(), QStringLiteral("field 'pf' is a string, expected a number"));
}

void TestJsonReader::wrongTypes_data()
{
	QTest::addColumn<QByteArray>("value");
	QTest::addColumn<QString>("kind");
	QTest::newRow("string") << QByteArray("\"230.1\"") << "a string";
	QTest::newRow("null") << QByteArray("null") << "null";
	QTest::newRow("bool") << QByteArray("false") << "a boolean";
	QTest::newRow("array") << QByteArray("[1]") << "an array";
	QTest::newRow("object") << QByteArray("{\"v\":1}") << "an object";
}

void TestJsonReader::wrongTypes()
{
	QFETCH(QByteArray, value);
	QFETCH(QString, kind);
	JsonReader json = JsonReader::parse("{\"voltage\": " + value + "}");
	QVERIFY(json.ok());
	QCOMPARE(json.number(QLatin1String("voltage")), std::nullopt);
	QVERIFY(!json.ok());
	QCOMPARE(json.error(), QStringLiteral("field 'voltage' is %1, expected a number").arg(kind));

	JsonReader text = JsonReader::parse("{\"mac\": " + (kind == QLatin1String("a string") ? "1" : value) + "}");
	QCOMPARE(text.string(QLatin1String("mac")), std::nullopt);
	QVERIFY(text.error().startsWith(QStringLiteral("field 'mac' is ")));
	QVERIFY(text.error().endsWith(QStringLiteral(", expected a string")));
}

void TestJsonReader::missingFields()
{
	JsonReader json = JsonReader::parse("{}");
	QCOMPARE(json.number(QLatin1String("power")), std::nullopt);
	QCOMPARE(json.error(), QStringLiteral("field 'power' is missing"));
	for (const char *key : {"string", "boolean", "object", "array"}) {
		JsonReader r = JsonReader::parse("{}");
		if (qstrcmp(key, "string") == 0)
			r.string(QLatin1String(key));
		else if (qstrcmp(key, "boolean") == 0)
			r.boolean(QLatin1String(key));
		else if (qstrcmp(key, "object") == 0)
			r.object(QLatin1String(key));
		else
			r.arraySize(QLatin1String(key));
		QCOMPARE(r.error(), QStringLiteral("field '%1' is missing").arg(QLatin1String(key)));
	}
}

void TestJsonReader::notJson_data()
{
	QTest::addColumn<QByteArray>("body");
	QTest::addColumn<QString>("error");
	QTest::newRow("empty") << QByteArray() << "not JSON: ";
	QTest::newRow("truncated") << QByteArray(R"({"emeters":[{"power":1)") << "not JSON: ";
	QTest::newRow("html") << QByteArray("<html>401</html>") << "not JSON: ";
	QTest::newRow("array") << QByteArray("[1,2]") << "not a JSON object";
	QTest::newRow("number") << QByteArray("42") << "not JSON: "; // Qt takes only objects and arrays at the top
}

void TestJsonReader::notJson()
{
	QFETCH(QByteArray, body);
	QFETCH(QString, error);
	JsonReader json = JsonReader::parse(body);
	QVERIFY(!json.ok());
	QVERIFY2(json.error().startsWith(error), qPrintable(json.error()));
	QCOMPARE(json.number(QLatin1String("power")), std::nullopt); // reads after an error give nothing
}

void TestJsonReader::nestedObjectsAndArrays()
{
	JsonReader json = JsonReader::parse(R"({"emeters": [{"power": 1.5}, {"power": "x"}, 7], "wifi": {"rssi": -60}})");
	QCOMPARE(json.arraySize(QLatin1String("emeters")), std::optional<int>(3));
	QCOMPARE(json.object(QLatin1String("wifi")).number(QLatin1String("rssi")), std::optional<double>(-60));
	JsonReader first = json.arrayObject(QLatin1String("emeters"), 0);
	QCOMPARE(first.number(QLatin1String("power")), std::optional<double>(1.5));
	QVERIFY(json.ok());

	// A child's error is the parent's: one ok() at the end tells.
	JsonReader second = json.arrayObject(QLatin1String("emeters"), 1);
	QCOMPARE(second.number(QLatin1String("power")), std::nullopt);
	QVERIFY(!json.ok());
	QCOMPARE(json.error(), QStringLiteral("field 'emeters[1].power' is a string, expected a number"));

	JsonReader third = JsonReader::parse(R"({"emeters": [1]})");
	third.arrayObject(QLatin1String("emeters"), 0);
	QCOMPARE(third.error(), QStringLiteral("field 'emeters[0]' is a number, expected an object"));
	JsonReader beyond = JsonReader::parse(R"({"emeters": [{}]})");
	beyond.arrayObject(QLatin1String("emeters"), 2);
	QCOMPARE(beyond.error(), QStringLiteral("field 'emeters[2]' is missing: the array has 1 elements"));
	JsonReader notArray = JsonReader::parse(R"({"emeters": {}})");
	QCOMPARE(notArray.arraySize(QLatin1String("emeters")), std::nullopt);
	QCOMPARE(notArray.error(), QStringLiteral("field 'emeters' is an object, expected an array"));
	JsonReader notObject = JsonReader::parse(R"({"wifi": 3})");
	notObject.object(QLatin1String("wifi")).number(QLatin1String("rssi"));
	QCOMPARE(notObject.error(), QStringLiteral("field 'wifi' is a number, expected an object"));
}

void TestJsonReader::firstErrorWins()
{
	JsonReader json = JsonReader::parse(R"({"a": "1", "c": 3})");
	json.number(QLatin1String("a"));
	json.number(QLatin1String("b"));
	QCOMPARE(json.number(QLatin1String("c")), std::nullopt); // nothing after an error
	QCOMPARE(json.error(), QStringLiteral("field 'a' is a string, expected a number"));
}

void TestJsonReader::ownChecks()
{
	JsonReader json = JsonReader::parse(R"({"gen": 1})");
	QCOMPARE(json.describe(QLatin1String("gen")), QStringLiteral("field 'gen'"));
	json.fail(QStringLiteral("gen too low"));
	json.fail(QStringLiteral("second"));
	QCOMPARE(json.error(), QStringLiteral("gen too low"));
	QCOMPARE(JsonReader::failed(QStringLiteral("x")).error(), QStringLiteral("x"));
}

QTEST_GUILESS_MAIN(TestJsonReader)
#include "tst_json_reader.moc"
