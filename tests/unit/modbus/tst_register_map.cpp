#include "modbus/register_map.h"

#include <QTest>

using namespace pvrouter;

namespace {
constexpr auto In = ModbusTable::InputRegister;
constexpr auto Hold = ModbusTable::HoldingRegister;
} // namespace

class TestRegisterMap : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void decode_data();
	void decode();
	void nonFiniteFloatIsInvalid();
	void encodeIsTheInverse();
	void ascii();
	void sdm230BlocksFollowTheBarriers();
	void growattBlocksFollowTheGapRule();
	void blocksRespectTablesAndTheCountLimit();
};

void TestRegisterMap::decode_data()
{
	QTest::addColumn<int>("type");
	QTest::addColumn<double>("scale");
	QTest::addColumn<QList<quint16>>("words");
	QTest::addColumn<QVariant>("value");
	const auto t = [](RegisterType type) {
		return int(type);
	};
	// PZEM-016 manual example (devices.md §2.2): V 0x0898, I 0x03E8 0x0000 low word first, f 0x01F4, PF 0x0064.
	QTest::newRow("pzem016 voltage") << t(RegisterType::U16) << 0.1 << QList<quint16>{0x0898} << QVariant(220.0);
	QTest::newRow("pzem016 current") << t(RegisterType::U32LowWordFirst) << 0.001 << QList<quint16>{0x03E8, 0x0000}
									 << QVariant(1.0);
	QTest::newRow("pzem016 large power") << t(RegisterType::U32LowWordFirst) << 0.1 << QList<quint16>{0x0001, 0x0002}
										 << QVariant(13107.3); // 0x00020001 = 131073
	QTest::newRow("pzem016 frequency") << t(RegisterType::U16) << 0.1 << QList<quint16>{0x01F4} << QVariant(50.0);
	QTest::newRow("pzem016 power factor") << t(RegisterType::U16) << 0.01 << QList<quint16>{0x0064} << QVariant(1.0);
	// PZEM-017 manual example (devices.md §2.4): V 0x2710 = 100.00 V, I 0x0064 = 1.00 A, P 0x03E8 low-first = 100.0 W.
	QTest::newRow("pzem017 voltage") << t(RegisterType::U16) << 0.01 << QList<quint16>{0x2710} << QVariant(100.0);
	QTest::newRow("pzem017 power") << t(RegisterType::U32LowWordFirst) << 0.1 << QList<quint16>{0x03E8, 0}
								   << QVariant(100.0);
	// Eastron float32, high word first (devices.md §3.1): 230.0 = 0x43660000, -1500.5 = 0xC4BB9000.
	QTest::newRow("sdm230 voltage") << t(RegisterType::Float32HighWordFirst) << 1.0 << QList<quint16>{0x4366, 0x0000}
									<< QVariant(230.0);
	QTest::newRow("sdm230 export power") << t(RegisterType::Float32HighWordFirst) << 1.0
										 << QList<quint16>{0xC4BB, 0x9000} << QVariant(-1500.5);
	// Growatt u32 high word first, 0.1 (devices.md §4.2): Pac 0x0000 0x9C40 = 4000.0 W; Eac total 0x0001 0x0000.
	QTest::newRow("growatt pac") << t(RegisterType::U32HighWordFirst) << 0.1 << QList<quint16>{0x0000, 0x9C40}
								 << QVariant(4000.0);
	QTest::newRow("growatt energy") << t(RegisterType::U32HighWordFirst) << 0.1 << QList<quint16>{0x0001, 0x0000}
									<< QVariant(6553.6);
	QTest::newRow("s16 negative") << t(RegisterType::S16) << 1.0 << QList<quint16>{0xFFF6} << QVariant(qlonglong(-10));
	QTest::newRow("s32 negative") << t(RegisterType::S32HighWordFirst) << 0.1 << QList<quint16>{0xFFFF, 0xFF9C}
								  << QVariant(-10.0);
	QTest::newRow("unscaled u16 stays integral")
		<< t(RegisterType::U16) << 1.0 << QList<quint16>{0xE5E1} << QVariant(qlonglong(0xE5E1));
	QTest::newRow("bit") << t(RegisterType::Bit) << 1.0 << QList<quint16>{1} << QVariant(qlonglong(1));
}

void TestRegisterMap::decode()
{
	QFETCH(int, type);
	QFETCH(double, scale);
	QFETCH(QList<quint16>, words);
	QFETCH(QVariant, value);
	const RegisterDef def{"x", In, 0, RegisterType(type), scale};
	QCOMPARE(RegisterMap::width(def), words.size());
	const QVariant decoded = RegisterMap::decode(def, words.constData());
	QCOMPARE(decoded.typeId(), value.typeId());
	if (value.typeId() == QMetaType::Double)
		QVERIFY2(qAbs(decoded.toDouble() - value.toDouble()) < 1e-9, qPrintable(decoded.toString()));
	else
		QCOMPARE(decoded, value);
}

void TestRegisterMap::nonFiniteFloatIsInvalid()
{
	const RegisterDef def{"x", In, 0, RegisterType::Float32HighWordFirst};
	const quint16 nan[] = {0x7FC0, 0x0000};
	const quint16 inf[] = {0x7F80, 0x0000};
	QVERIFY(!RegisterMap::decode(def, nan).isValid());
	QVERIFY(!RegisterMap::decode(def, inf).isValid());
}

void TestRegisterMap::encodeIsTheInverse()
{
	const QList<RegisterDef> defs = {{"a", In, 0, RegisterType::U32LowWordFirst, 0.1},
		{"b", In, 0, RegisterType::U32HighWordFirst, 0.1}, {"c", In, 0, RegisterType::Float32HighWordFirst},
		{"d", In, 0, RegisterType::S16, 0.01}, {"e", In, 0, RegisterType::U16}};
	for (const RegisterDef &def : defs) {
		for (double v : {0.0, 1.5, 1234.5, 65536.7}) {
			if (def.type == RegisterType::S16 && v > 300)
				continue;
			if (def.type == RegisterType::U16 && v != std::floor(v))
				continue;
			const QList<quint16> words = RegisterMap::encode(def, v);
			QCOMPARE(words.size(), RegisterMap::width(def));
			QVERIFY2(qAbs(RegisterMap::decode(def, words.constData()).toDouble() - v) < 0.01,
				qPrintable(QStringLiteral("%1 %2").arg(def.key).arg(v)));
		}
	}
	QCOMPARE(RegisterMap::encode({"p", In, 0, RegisterType::U32LowWordFirst, 0.1}, 220.0), (QList<quint16>{0x0898, 0}));
}

void TestRegisterMap::ascii()
{
	const RegisterDef def{"serial", Hold, 23, RegisterType::Ascii, 1, "", std::chrono::hours(24), 5};
	const QList<quint16> words = {0x4142, 0x4331, 0x3233, 0x2000, 0x0000}; // "ABC123 "
	QCOMPARE(RegisterMap::width(def), 5);
	QCOMPARE(RegisterMap::decode(def, words.constData()), QVariant(QStringLiteral("ABC123")));
	QCOMPARE(RegisterMap::encode(def, QStringLiteral("AB")), (QList<quint16>{0x4142, 0, 0, 0, 0}));
}

void TestRegisterMap::sdm230BlocksFollowTheBarriers()
{
	// The SDM230 register list and barriers of devices.md §3.4; the groups there are the expected result.
	QList<RegisterDef> defs;
	for (quint16 a :
		{0x0000, 0x0006, 0x000C, 0x0012, 0x0018, 0x001E, 0x0046, 0x0048, 0x004A, 0x004C, 0x004E, 0x0156, 0x0158})
		defs.append({"v", In, a, RegisterType::Float32HighWordFirst});
	const QList<RegisterBlock> blocks = RegisterMap::planBlocks(defs, {7, 125, {0x12, 0x46, 0x156}});
	QList<QPair<int, int>> spans;
	for (const RegisterBlock &b : blocks)
		spans.append({b.start, b.start + b.count - 1});
	QCOMPARE(spans, (QList<QPair<int, int>>{{0x0000, 0x000D}, {0x0012, 0x001F}, {0x0046, 0x004F}, {0x0156, 0x0159}}));
	QCOMPARE(blocks.at(0).members, (QList<int>{0, 1, 2}));
	// Without the barrier at 0x12 the 4-register gap would be read across.
	QCOMPARE(RegisterMap::planBlocks(defs, {7, 125, {0x46, 0x156}}).first().count, 0x20);
}

void TestRegisterMap::growattBlocksFollowTheGapRule()
{
	// The Growatt input registers of devices.md §3.4/§4.2: groups 0–10, 35–39, 53–66, 93–95, 104–105.
	const QList<RegisterDef> defs = {{"status", In, 0, RegisterType::U16},
		{"ppv", In, 1, RegisterType::U32HighWordFirst}, {"vpv1", In, 3, RegisterType::U16},
		{"ipv1", In, 4, RegisterType::U16}, {"ppv1", In, 5, RegisterType::U32HighWordFirst},
		{"vpv2", In, 7, RegisterType::U16}, {"ipv2", In, 8, RegisterType::U16},
		{"ppv2", In, 9, RegisterType::U32HighWordFirst}, {"pac", In, 35, RegisterType::U32HighWordFirst},
		{"vac", In, 38, RegisterType::U16}, {"iac", In, 39, RegisterType::U16},
		{"today", In, 53, RegisterType::U32HighWordFirst}, {"total", In, 55, RegisterType::U32HighWordFirst},
		{"epv1", In, 59, RegisterType::U32HighWordFirst}, {"epv2", In, 65, RegisterType::U32HighWordFirst},
		{"tinv", In, 93, RegisterType::U16}, {"tipm", In, 94, RegisterType::U16}, {"tboost", In, 95, RegisterType::U16},
		{"derate", In, 104, RegisterType::U16}, {"fault", In, 105, RegisterType::U16}};
	QList<QPair<int, int>> spans;
	for (const RegisterBlock &b : RegisterMap::planBlocks(defs))
		spans.append({b.start, b.start + b.count - 1});
	QCOMPARE(spans, (QList<QPair<int, int>>{{0, 10}, {35, 39}, {53, 66}, {93, 95}, {104, 105}}));
}

void TestRegisterMap::blocksRespectTablesAndTheCountLimit()
{
	const QList<RegisterDef> defs = {{"coil0", ModbusTable::Coil, 0, RegisterType::Bit},
		{"hold0", Hold, 0, RegisterType::U16}, {"in0", In, 0, RegisterType::U16},
		{"coil2", ModbusTable::Coil, 2, RegisterType::Bit}, {"in100", In, 100, RegisterType::U16},
		{"in104", In, 104, RegisterType::U32HighWordFirst}};
	const QList<RegisterBlock> blocks = RegisterMap::planBlocks(defs, {7, 101, {}});
	QCOMPARE(blocks.size(), 4); // coils, in0, in100..in105, hold0: ordered by table, then address
	QCOMPARE(blocks.at(0).table, ModbusTable::Coil);
	QCOMPARE(blocks.at(0).count, 3);
	QCOMPARE(blocks.at(0).members, (QList<int>{0, 3}));
	// in0 and in100 are 100 apart: the gap rule splits them; in100..in105 fits.
	QCOMPARE(blocks.at(2).start, 100);
	QCOMPARE(blocks.at(2).count, 6);
	QCOMPARE(blocks.at(3).table, Hold);
	// The count limit splits a run that the gap rule would join.
	QList<RegisterDef> run;
	for (quint16 a = 0; a < 130; a += 2)
		run.append({"r", In, a, RegisterType::U32HighWordFirst});
	const QList<RegisterBlock> limited = RegisterMap::planBlocks(run);
	QCOMPARE(limited.size(), 2);
	QVERIFY(limited.at(0).count <= 125);
	QCOMPARE(limited.at(0).count + limited.at(1).count, 130);
}

QTEST_GUILESS_MAIN(TestRegisterMap)
#include "tst_register_map.moc"
