#include "settings/setting_def.h"
#include "settings/settings_schema.h"

#include <QTest>

using namespace pvrouter;

class TestSettingTypes : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void convert_data();
	void convert();
	void letters();
	void schemaDefaultsAreWithinTheirLimits();
};

void TestSettingTypes::convert_data()
{
	QTest::addColumn<int>("type");
	QTest::addColumn<QVariant>("in");
	QTest::addColumn<QVariant>("out");
	const int I = int(SettingType::Int), F = int(SettingType::Double), S = int(SettingType::String);
	QTest::newRow("int") << I << QVariant(3) << QVariant(3);
	QTest::newRow("2.7 into int truncates, as localsettings") << I << QVariant(2.7) << QVariant(2);
	QTest::newRow("numeric string into int") << I << QVariant(QStringLiteral(" 12 ")) << QVariant(12);
	QTest::newRow("word into int fails") << I << QVariant(QStringLiteral("x")) << QVariant();
	QTest::newRow("large int stays 64-bit") << I << QVariant(qlonglong(1) << 33) << QVariant(qlonglong(1) << 33);
	QTest::newRow("int into double") << F << QVariant(3) << QVariant(3.0);
	QTest::newRow("string into double") << F << QVariant(QStringLiteral("1.5")) << QVariant(1.5);
	QTest::newRow("word into double fails") << F << QVariant(QStringLiteral("nan?")) << QVariant();
	QTest::newRow("int into string") << S << QVariant(5) << QVariant(QStringLiteral("5"));
	QTest::newRow("invalid fails") << I << QVariant() << QVariant();
}

void TestSettingTypes::convert()
{
	QFETCH(int, type);
	QFETCH(QVariant, in);
	QFETCH(QVariant, out);
	const QVariant result = SettingTypes::convert(in, SettingType(type));
	QCOMPARE(result, out);
	QCOMPARE(result.typeId(), out.typeId());
}

void TestSettingTypes::letters()
{
	for (SettingType t : {SettingType::Int, SettingType::Double, SettingType::String}) {
		SettingType back;
		QVERIFY(SettingTypes::fromLetter(SettingTypes::letter(t), &back));
		QCOMPARE(back, t);
	}
	SettingType unused;
	QVERIFY(!SettingTypes::fromLetter(QStringLiteral("b"), &unused));
}

void TestSettingTypes::schemaDefaultsAreWithinTheirLimits()
{
	QSet<QString> seen;
	for (const SettingDef &def : pvrouterSettings()) {
		QVERIFY2(def.path.startsWith(QLatin1String("/Settings/PvRouter/")), qPrintable(def.path));
		QVERIFY2(!seen.contains(def.path), qPrintable(def.path));
		seen.insert(def.path);
		QVERIFY2(SettingTypes::convert(def.defaultValue, def.type).isValid(), qPrintable(def.path));
		if (def.min.isValid())
			QVERIFY2(def.defaultValue.toDouble() >= def.min.toDouble(), qPrintable(def.path));
		if (def.max.isValid())
			QVERIFY2(def.defaultValue.toDouble() <= def.max.toDouble(), qPrintable(def.path));
	}
}

QTEST_GUILESS_MAIN(TestSettingTypes)
#include "tst_setting_types.moc"
