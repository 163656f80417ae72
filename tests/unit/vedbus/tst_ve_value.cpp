#include "vedbus/text_format.h"
#include "vedbus/ve_value.h"

#include <QDBusArgument>
#include <QDBusVariant>
#include <QTest>

using namespace pvrouter;

class TestVeValue : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void wireTypes_data();
	void wireTypes();
	void invalidIsEmptyIntArray();
	void emptyListIsNotInvalid();
	void nestedValuesAreConverted();
	void fromDbusUnwraps();
	void texts_data();
	void texts();
};

void TestVeValue::wireTypes_data()
{
	QTest::addColumn<QVariant>("value");
	QTest::addColumn<int>("wireType");
	QTest::newRow("int") << QVariant(42) << int(QMetaType::Int);
	QTest::newRow("small int64 fits i") << QVariant(qlonglong(7)) << int(QMetaType::Int);
	QTest::newRow("large int64 is x") << QVariant(qlonglong(1) << 40) << int(QMetaType::LongLong);
	QTest::newRow("uint past 2^31 is x") << QVariant(uint(3000000000u)) << int(QMetaType::LongLong);
	QTest::newRow("double") << QVariant(1.5) << int(QMetaType::Double);
	QTest::newRow("float becomes double") << QVariant(1.5f) << int(QMetaType::Double);
	QTest::newRow("bool") << QVariant(true) << int(QMetaType::Bool);
	QTest::newRow("string") << QVariant(QStringLiteral("x")) << int(QMetaType::QString);
	QTest::newRow("list") << QVariant(QVariantList{1}) << int(QMetaType::QVariantList);
	QTest::newRow("string list is av") << QVariant(QStringList{QStringLiteral("a")}) << int(QMetaType::QVariantList);
	QTest::newRow("map") << QVariant(QVariantMap{{QStringLiteral("a"), 1}}) << int(QMetaType::QVariantMap);
}

void TestVeValue::wireTypes()
{
	QFETCH(QVariant, value);
	QFETCH(int, wireType);
	QCOMPARE(VeValue::toDbus(value).typeId(), wireType);
}

void TestVeValue::invalidIsEmptyIntArray()
{
	const QVariant wire = VeValue::toDbus(QVariant());
	QCOMPARE(wire.typeId(), qMetaTypeId<QList<int>>());
	QVERIFY(wire.value<QList<int>>().isEmpty());
	QVERIFY(!VeValue::fromDbus(wire).isValid());
}

void TestVeValue::emptyListIsNotInvalid()
{
	const QVariant wire = VeValue::toDbus(QVariantList{});
	QCOMPARE(wire.typeId(), qMetaTypeId<QList<uint>>());
}

void TestVeValue::nestedValuesAreConverted()
{
	const QVariantMap wire = VeValue::toDbus(QVariantMap{{QStringLiteral("gone"), QVariant()}}).toMap();
	QCOMPARE(wire.value(QStringLiteral("gone")).typeId(), qMetaTypeId<QList<int>>());
	const QVariantList list = VeValue::toDbus(QVariantList{QVariant(), qlonglong(5)}).toList();
	QCOMPARE(list.at(0).typeId(), qMetaTypeId<QList<int>>());
	QCOMPARE(list.at(1).typeId(), int(QMetaType::Int));
}

void TestVeValue::fromDbusUnwraps()
{
	QCOMPARE(VeValue::fromDbus(QVariant::fromValue(QDBusVariant(QVariant(uint(5))))), QVariant(5));
	QCOMPARE(VeValue::fromDbus(QVariant::fromValue(uchar(7))).typeId(), int(QMetaType::Int));
	QCOMPARE(VeValue::fromDbus(QVariant(qlonglong(1) << 40)), QVariant(qlonglong(1) << 40));
	QVERIFY(!VeValue::fromDbus(QVariant(QVariantList{})).isValid());
	QVERIFY(!VeValue::fromDbus(QVariant(QStringList{})).isValid());
	const QVariantList nested = VeValue::fromDbus(QVariantList{QVariant::fromValue(QDBusVariant(uint(3)))}).toList();
	QCOMPARE(nested, QVariantList{3});
}

void TestVeValue::texts_data()
{
	QTest::addColumn<QVariant>("value");
	QTest::addColumn<QString>("format");
	QTest::addColumn<QString>("text");
	QTest::newRow("power") << QVariant(1234.4) << "W0"
						   << "1234 W";
	QTest::newRow("energy") << QVariant(12.345) << "kWh2"
							<< "12.35 kWh";
	QTest::newRow("int as energy") << QVariant(3) << "kWh2"
								   << "3.00 kWh";
	QTest::newRow("product id") << QVariant(0xB023) << "hex"
								<< "0xB023";
	QTest::newRow("plain int") << QVariant(42) << ""
							   << "42";
	QTest::newRow("plain double") << QVariant(0.1) << ""
								  << "0.1";
	QTest::newRow("plain list") << QVariant(QVariantList{1, QStringLiteral("a")}) << ""
								<< "[1, a]";
	QTest::newRow("named") << QVariant(1) << "names"
						   << "one";
	QTest::newRow("unnamed") << QVariant(9) << "names"
							 << "9";
}

void TestVeValue::texts()
{
	QFETCH(QVariant, value);
	QFETCH(QString, format);
	QFETCH(QString, text);
	TextFormatter f;
	if (format == QLatin1String("W0"))
		f = TextFormat::number(0, QStringLiteral("W"));
	else if (format == QLatin1String("kWh2"))
		f = TextFormat::number(2, QStringLiteral("kWh"));
	else if (format == QLatin1String("hex"))
		f = TextFormat::hex();
	else if (format == QLatin1String("names"))
		f = TextFormat::names({{1, QStringLiteral("one")}});
	QCOMPARE(f ? f(value) : TextFormat::plain(value), text);
}

QTEST_GUILESS_MAIN(TestVeValue)
#include "tst_ve_value.moc"
