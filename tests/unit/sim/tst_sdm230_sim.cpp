#include "sim/sdm230_sim.h"
#include "sim_test_support.h"

#include <QTest>

using namespace pvrouter;
using namespace pvrouter::simtest;
using namespace std::chrono_literals;

using Quantity = Sdm230Sim::Quantity;

// Eastron SDM230: float32 registers high word first, even-address/even-count rule (devices.md §3).
class TestSdm230Sim : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void floatEncoding_data();
	void floatEncoding();
	void gapsReadAsZero();
	void totalsAreSums();
	void evenRule_data();
	void evenRule();
	void loadAndEnergy();
	void holdingParameters();
	void diagnosticsEcho();
};

void TestSdm230Sim::floatEncoding_data()
{
	QTest::addColumn<int>("quantity");
	QTest::addColumn<double>("value");
	QTest::addColumn<int>("address");
	QTest::addColumn<QByteArray>("response");

	const auto row = [](const char *name, Quantity q, double v, int a, const char *r) {
		QTest::newRow(name) << int(q) << v << a << hex(r);
	};
	row("230.0 V", Quantity::VoltageV, 230.0, 0x0000, "04 04 4366 0000");
	row("10.0 A", Quantity::CurrentA, 10.0, 0x0006, "04 04 4120 0000");
	row("-1500.0 W", Quantity::ActivePowerW, -1500.0, 0x000C, "04 04 C4BB 8000");
	row("1.0 VA", Quantity::ApparentPowerVA, 1.0, 0x0012, "04 04 3F80 0000");
	row("0.5 VAr", Quantity::ReactivePowerVAr, 0.5, 0x0018, "04 04 3F00 0000");
	row("PF 1.0", Quantity::PowerFactor, 1.0, 0x001E, "04 04 3F80 0000");
	row("angle 10.0", Quantity::PhaseAngleDeg, 10.0, 0x0024, "04 04 4120 0000");
	row("50.0 Hz", Quantity::FrequencyHz, 50.0, 0x0046, "04 04 4248 0000");
	row("import 0.5 kWh", Quantity::ImportEnergyKWh, 0.5, 0x0048, "04 04 3F00 0000");
	row("export 10.0 kWh", Quantity::ExportEnergyKWh, 10.0, 0x004A, "04 04 4120 0000");
	row("import 1.0 kVArh", Quantity::ImportReactiveEnergyKVArh, 1.0, 0x004C, "04 04 3F80 0000");
	row("export 50.0 kVArh", Quantity::ExportReactiveEnergyKVArh, 50.0, 0x004E, "04 04 4248 0000");
}

void TestSdm230Sim::floatEncoding()
{
	QFETCH(int, quantity);
	QFETCH(double, value);
	QFETCH(int, address);
	QFETCH(QByteArray, response);
	Sdm230Sim meter;
	meter.set(Quantity(quantity), value);
	QCOMPARE(meter.handle(request(0x04, quint16(address), 2)).toHex(' '), response.toHex(' '));
}

void TestSdm230Sim::gapsReadAsZero()
{
	// IEB's first block, 0x0000..0x000D: voltage, two unused floats, current, two unused floats, power.
	Sdm230Sim meter;
	meter.set(Quantity::CurrentA, 1.0);
	meter.set(Quantity::ActivePowerW, 230.0);
	QCOMPARE(registersOf(meter.handle(hex("04 0000 000E"))),
		(QVector<quint16>{0x4366, 0, 0, 0, 0, 0, 0x3F80, 0, 0, 0, 0, 0, 0x4366, 0}));
}

void TestSdm230Sim::totalsAreSums()
{
	Sdm230Sim meter;
	meter.setImportEnergyKWh(10.0);
	meter.setExportEnergyKWh(2.5);
	meter.set(Quantity::ImportReactiveEnergyKVArh, 1.0);
	meter.set(Quantity::ExportReactiveEnergyKVArh, 0.5);
	// 12.5 = 0x41480000, 1.5 = 0x3FC00000
	QCOMPARE(registersOf(meter.handle(hex("04 0156 0004"))), (QVector<quint16>{0x4148, 0, 0x3FC0, 0}));
}

void TestSdm230Sim::evenRule_data()
{
	QTest::addColumn<QByteArray>("requestPdu");
	QTest::addColumn<QByteArray>("responsePdu");

	QTest::newRow("odd address") << hex("04 0001 0002") << hex("84 02");
	QTest::newRow("one register (instrument specific value)") << hex("04 0000 0001") << hex("84 03");
	QTest::newRow("odd count") << hex("04 0000 0003") << hex("84 03");
	QTest::newRow("odd address and count") << hex("04 0001 0001") << hex("84 03");
	QTest::newRow("holding odd address") << hex("03 000D 0002") << hex("83 02");
	QTest::newRow("60 registers") << hex("04 0000 003C") << QByteArray();
	QTest::newRow("62 registers") << hex("04 0000 003E") << hex("84 03");
	QTest::newRow("past the documented area") << hex("04 0184 0002") << hex("84 02");
	QTest::newRow("FC 06") << hex("06 0014 0001") << hex("86 01");
	QTest::newRow("FC 01") << hex("01 0000 0002") << hex("81 01");
	QTest::newRow("write of two parameters") << writeRegisters(0x0012, {0, 0, 0x3F80, 0}) << hex("90 03");
	QTest::newRow("write of one register") << writeRegisters(0x0014, {0x3F80}) << hex("90 03");
}

void TestSdm230Sim::evenRule()
{
	QFETCH(QByteArray, requestPdu);
	QFETCH(QByteArray, responsePdu);
	Sdm230Sim meter;
	const QByteArray response = meter.handle(requestPdu);
	if (responsePdu.isEmpty()) // a normal answer
		QCOMPARE(quint8(response[0]), quint8(requestPdu[0]));
	else
		QCOMPARE(response.toHex(' '), responsePdu.toHex(' '));
}

void TestSdm230Sim::loadAndEnergy()
{
	Sdm230Sim meter;
	meter.setLoad(-1500.0); // exporting 1500 W at 230 V, PF 1
	QCOMPARE(meter.get(Quantity::CurrentA), 1500.0 / 230.0);
	QCOMPARE(meter.get(Quantity::ReactivePowerVAr), 0.0);
	meter.advance(1h);
	QCOMPARE(meter.get(Quantity::ExportEnergyKWh), 1.5);
	QCOMPARE(meter.get(Quantity::ImportEnergyKWh), 0.0);
	QCOMPARE(registersOf(meter.handle(hex("04 004A 0002"))), (QVector<quint16>{0x3FC0, 0}));

	meter.setLoad(1000.0, 0.5);
	QCOMPARE(meter.get(Quantity::ApparentPowerVA), 2000.0);
	QCOMPARE(meter.get(Quantity::PhaseAngleDeg), 60.0);
	meter.advance(30min);
	QCOMPARE(meter.get(Quantity::ImportEnergyKWh), 0.5);
}

void TestSdm230Sim::holdingParameters()
{
	Sdm230Sim meter;
	meter.setSerialNumber(0x12345678);
	QCOMPARE(registersOf(meter.handle(hex("03 FC00 0004"))), (QVector<quint16>{0x1234, 0x5678, 43, 0x0103}));
	// node address 1.0 = 0x3F800000, baud code 2.0 = 0x40000000 (IEB's 16384 probe reads the high word)
	QCOMPARE(registersOf(meter.handle(hex("03 0014 0002"))), (QVector<quint16>{0x3F80, 0}));
	QCOMPARE(registersOf(meter.handle(hex("03 001C 0002"))), (QVector<quint16>{0x4000, 0}));

	QCOMPARE(meter.handle(writeRegisters(0x0014, {0x40A0, 0})), hex("10 0014 0002")); // address 5.0
	QCOMPARE(registersOf(meter.handle(hex("03 0014 0002"))), (QVector<quint16>{0x40A0, 0}));
	QCOMPARE(meter.handle(writeRegisters(0x0014, {0x4396, 0})), hex("90 03"));        // 300.0
	QCOMPARE(meter.handle(writeRegisters(0x000C, {0x42C8, 0})), hex("10 000C 0002")); // 100 ms
	QCOMPARE(meter.handle(writeRegisters(0x000C, {0x42CA, 0})), hex("90 03"));        // 101 ms
	QCOMPARE(meter.handle(writeRegisters(0xFC00, {0, 1})), hex("90 02"));             // read-only
	QCOMPARE(meter.handle(writeRegisters(0x0000, {0, 0})), hex("90 02"));             // not a parameter
}

void TestSdm230Sim::diagnosticsEcho()
{
	Sdm230Sim meter;
	QCOMPARE(meter.handle(hex("08 0000 5555")), hex("08 0000 5555"));
	QCOMPARE(meter.handle(hex("08 0001 0000")), hex("88 01"));
}

QTEST_GUILESS_MAIN(TestSdm230Sim)
#include "tst_sdm230_sim.moc"
