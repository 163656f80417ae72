#include "vedbus/ve_service.h"

#include <QTest>

using namespace pvrouter;

// What a remote SetValue may do to a path, decided by VeItem::check (the bus round trip is covered by the
// conformance test).
class TestVeItem : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void setValueCodes_data();
	void setValueCodes();
	void textFollowsValueAndFormat();
	void entryHasLimitsOnlyWhenSet();
	void localChangesAreNotBatchedBeforeRegistration();
};

void TestVeItem::setValueCodes_data()
{
	QTest::addColumn<int>("type"); // VeType, or -1 for read-only
	QTest::addColumn<QVariant>("written");
	QTest::addColumn<int>("code");
	QTest::addColumn<QVariant>("stored");

	const int Int = int(VeType::Int), Double = int(VeType::Double), Bool = int(VeType::Bool);
	const int String = int(VeType::String), Any = int(VeType::Any);
	QTest::newRow("read-only") << -1 << QVariant(1) << 1 << QVariant();
	QTest::newRow("int") << Int << QVariant(7) << 0 << QVariant(7);
	QTest::newRow("integral double into int") << Int << QVariant(8.0) << 0 << QVariant(8);
	QTest::newRow("fractional double into int") << Int << QVariant(2.5) << 1 << QVariant();
	QTest::newRow("string into int") << Int << QVariant(QStringLiteral("7")) << 1 << QVariant();
	QTest::newRow("above max") << Int << QVariant(11) << 2 << QVariant();
	QTest::newRow("below min") << Int << QVariant(-1) << 2 << QVariant();
	QTest::newRow("int into double") << Double << QVariant(3) << 0 << QVariant(3.0);
	QTest::newRow("string into double") << Double << QVariant(QStringLiteral("3")) << 1 << QVariant();
	QTest::newRow("bool") << Bool << QVariant(true) << 0 << QVariant(true);
	QTest::newRow("1 into bool") << Bool << QVariant(1) << 0 << QVariant(true);
	QTest::newRow("2 into bool") << Bool << QVariant(2) << 1 << QVariant();
	QTest::newRow("string") << String << QVariant(QStringLiteral("a")) << 0 << QVariant(QStringLiteral("a"));
	QTest::newRow("int into string") << String << QVariant(1) << 1 << QVariant();
	QTest::newRow("any list") << Any << QVariant(QVariantList{1}) << 0 << QVariant(QVariantList{1});
	QTest::newRow("invalid withdraws the value") << Int << QVariant() << 0 << QVariant();
}

void TestVeItem::setValueCodes()
{
	QFETCH(int, type);
	QFETCH(QVariant, written);
	QFETCH(int, code);
	QFETCH(QVariant, stored);

	VeService service(QStringLiteral("com.victronenergy.test"));
	VeItem &item = service.addPath(QStringLiteral("/X"), 5);
	if (type >= 0)
		item.setWritable(VeType(type));
	if (type == int(VeType::Int))
		item.setRange(0, 10);
	QVariant coerced = QStringLiteral("untouched");
	QCOMPARE(int(item.check(written, &coerced)), code);
	if (code == 0) {
		QCOMPARE(coerced, stored);
		QCOMPARE(coerced.typeId(), stored.typeId());
	}
}

void TestVeItem::textFollowsValueAndFormat()
{
	VeService service(QStringLiteral("com.victronenergy.test"));
	service.addPath(QStringLiteral("/P"), 1234.4);
	QCOMPARE(service.text(QStringLiteral("/P")), QStringLiteral("1234.4"));
	service.item(QStringLiteral("/P"))->setFormat(TextFormat::number(0, QStringLiteral("W")));
	QCOMPARE(service.text(QStringLiteral("/P")), QStringLiteral("1234 W"));
	service.setValue(QStringLiteral("/P"), QVariant());
	QCOMPARE(service.text(QStringLiteral("/P")), QStringLiteral("---"));
	QVERIFY(!service.value(QStringLiteral("/P")).isValid());
}

void TestVeItem::entryHasLimitsOnlyWhenSet()
{
	VeService service(QStringLiteral("com.victronenergy.test"));
	service.addPath(QStringLiteral("/A"), 1);
	service.addPath(QStringLiteral("/B"), 1).setRange(0, 3).setDefault(2);
	const VeItemMap items = service.items();
	QCOMPARE(items.value(QStringLiteral("/A")).keys(), (QStringList{QStringLiteral("Text"), QStringLiteral("Value")}));
	QCOMPARE(items.value(QStringLiteral("/B")).value(QStringLiteral("Max")), QVariant(3));
	QCOMPARE(items.value(QStringLiteral("/B")).value(QStringLiteral("Default")), QVariant(2));
}

void TestVeItem::localChangesAreNotBatchedBeforeRegistration()
{
	// Before the name exists nobody can listen; consumers read the state with GetItems.
	VeService service(QStringLiteral("com.victronenergy.test"));
	service.addPath(QStringLiteral("/A"), 1);
	service.setValue(QStringLiteral("/A"), 2);
	QCOMPARE(service.value(QStringLiteral("/A")), QVariant(2));
	QVERIFY(service.isNode(QStringLiteral("/")));
	QVERIFY(!service.isNode(QStringLiteral("/A")));
	QVERIFY(!service.isNode(QStringLiteral("/B")));
}

QTEST_GUILESS_MAIN(TestVeItem)
#include "tst_ve_item.moc"
