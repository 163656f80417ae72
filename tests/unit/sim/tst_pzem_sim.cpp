#include "sim/pzem016_sim.h"
#include "sim/pzem017_sim.h"
#include "sim_test_support.h"

#include <QTest>

using namespace pvrouter;
using namespace pvrouter::simtest;
using namespace std::chrono_literals;

// PZEM-016 (AC) and PZEM-017 (DC) register encodings, word order and the 0x42 energy reset (devices.md §2).
class TestPzemSim : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void pzem016ManualExample();
	void pzem016LowWordFirst_data();
	void pzem016LowWordFirst();
	void pzem016Holding();
	void pzem016PowerAlarm();
	void pzem016EnergyIntegrates();
	void pzem017ManualExample();
	void pzem017LowWordFirst();
	void pzem017HoldingAndAlarms();
	void resetEnergy();
	void refused_data();
	void refused();
};

void TestPzemSim::pzem016ManualExample()
{
	// PZ16 §2.3 example: 01 04 00 00 00 0A → 220.0 V, 1.000 A, 220.0 W, 50.0 Hz, PF 1.00.
	Pzem016Sim pzem;
	pzem.setVoltageV(220.0);
	pzem.setCurrentA(1.0);
	pzem.setPowerW(220.0);
	pzem.setEnergyWh(0);
	pzem.setFrequencyHz(50.0);
	pzem.setPowerFactor(1.0);
	QCOMPARE(pzem.handle(hex("04 0000 000A")).toHex(' '),
		hex("04 14 0898 03E8 0000 0898 0000 0000 0000 01F4 0064 0000").toHex(' '));
}

void TestPzemSim::pzem016LowWordFirst_data()
{
	QTest::addColumn<int>("address");
	QTest::addColumn<double>("value");
	QTest::addColumn<QVector<quint16>>("words"); // at address, address + 1

	QTest::newRow("current 70.000 A") << 1 << 70.0 << QVector<quint16>{0x1170, 0x0001};
	QTest::newRow("power 23000.0 W") << 3 << 23000.0 << QVector<quint16>{0x8270, 0x0003};
	QTest::newRow("energy 100000 Wh") << 5 << 100000.0 << QVector<quint16>{0x86A0, 0x0001};
}

void TestPzemSim::pzem016LowWordFirst()
{
	QFETCH(int, address);
	QFETCH(double, value);
	QFETCH(QVector<quint16>, words);
	Pzem016Sim pzem;
	if (address == 1)
		pzem.setCurrentA(value);
	else if (address == 3)
		pzem.setPowerW(value);
	else
		pzem.setEnergyWh(value);
	QCOMPARE(registersOf(pzem.handle(request(0x04, quint16(address), 2))), words);
}

void TestPzemSim::pzem016Holding()
{
	Pzem016Sim pzem;
	// MIL reads alarm threshold and address together.
	QCOMPARE(registersOf(pzem.handle(hex("03 0001 0002"))), (QVector<quint16>{23000, 1}));
	QCOMPARE(pzem.handle(hex("06 0002 0005")), hex("06 0002 0005"));
	QCOMPARE(pzem.address(), quint16(5));
	QCOMPARE(pzem.handle(hex("06 0001 0064")), hex("06 0001 0064"));
	QCOMPARE(pzem.powerAlarmThresholdW(), quint16(100));
}

void TestPzemSim::pzem016PowerAlarm()
{
	Pzem016Sim pzem;
	pzem.handle(hex("06 0001 0064")); // 100 W
	pzem.setPowerW(100.0);
	QCOMPARE(registersOf(pzem.handle(hex("04 0009 0001"))), QVector<quint16>{0x0000});
	pzem.setPowerW(150.0);
	QCOMPARE(registersOf(pzem.handle(hex("04 0009 0001"))), QVector<quint16>{0xFFFF});
}

void TestPzemSim::pzem016EnergyIntegrates()
{
	Pzem016Sim pzem;
	pzem.setPowerW(1000.0);
	pzem.advance(30min);
	pzem.advance(30min);
	QCOMPARE(pzem.energyWh(), 1000.0);
	QCOMPARE(registersOf(pzem.handle(hex("04 0005 0002"))), (QVector<quint16>{1000, 0}));
}

void TestPzemSim::pzem017ManualExample()
{
	// PZ17 §2.3 example: V 0x2710 = 100.00 V, I 0x0064 = 1.00 A, P 0x03E8 = 100.0 W.
	Pzem017Sim pzem;
	pzem.setVoltageV(100.0);
	pzem.setCurrentA(1.0);
	pzem.setPowerW(100.0);
	QCOMPARE(
		pzem.handle(hex("04 0000 0008")).toHex(' '), hex("04 10 2710 0064 03E8 0000 0000 0000 0000 0000").toHex(' '));
}

void TestPzemSim::pzem017LowWordFirst()
{
	Pzem017Sim pzem;
	pzem.setPowerW(10000.0); // 100000 counts
	pzem.setEnergyWh(70000.0);
	QCOMPARE(registersOf(pzem.handle(hex("04 0002 0004"))), (QVector<quint16>{0x86A0, 0x0001, 0x1170, 0x0001}));
}

void TestPzemSim::pzem017HoldingAndAlarms()
{
	Pzem017Sim pzem;
	QCOMPARE(registersOf(pzem.handle(hex("03 0000 0004"))), (QVector<quint16>{30000, 700, 1, 0}));
	QCOMPARE(pzem.currentRangeA(), 100);
	QCOMPARE(pzem.handle(hex("06 0003 0003")), hex("06 0003 0003"));
	QCOMPARE(pzem.currentRangeA(), 300);
	QCOMPARE(pzem.handle(hex("06 0003 0004")), hex("86 03"));

	pzem.setVoltageV(320.0);
	QCOMPARE(registersOf(pzem.handle(hex("04 0006 0002"))), (QVector<quint16>{0xFFFF, 0x0000}));
	pzem.setVoltageV(5.0);
	QCOMPARE(registersOf(pzem.handle(hex("04 0006 0002"))), (QVector<quint16>{0x0000, 0xFFFF}));
	QCOMPARE(pzem.handle(hex("06 0001 0190")), hex("06 0001 0190")); // low threshold 4 V
	QCOMPARE(registersOf(pzem.handle(hex("04 0006 0002"))), (QVector<quint16>{0x0000, 0x0000}));
	QCOMPARE(pzem.lowVoltageThresholdV(), 4.0);
}

void TestPzemSim::resetEnergy()
{
	Pzem016Sim ac;
	ac.setEnergyWh(12345);
	QCOMPARE(ac.handle(hex("42")), hex("42"));
	QCOMPARE(ac.energyWh(), 0.0);
	QCOMPARE(registersOf(ac.handle(hex("04 0005 0002"))), (QVector<quint16>{0, 0}));

	Pzem017Sim dc;
	dc.setEnergyWh(54321);
	QCOMPARE(dc.handle(hex("42")), hex("42"));
	QCOMPARE(registersOf(dc.handle(hex("04 0004 0002"))), (QVector<quint16>{0, 0}));

	// CG's variant with the address as data (devices.md "Contradictions" 7) is not the manual's frame.
	dc.setEnergyWh(5);
	QCOMPARE(dc.handle(hex("42 0001")), hex("C2 03"));
	QCOMPARE(dc.energyWh(), 5.0);
}

void TestPzemSim::refused_data()
{
	QTest::addColumn<bool>("dc");
	QTest::addColumn<QByteArray>("requestPdu");
	QTest::addColumn<QByteArray>("responsePdu");

	QTest::newRow("016 input 10") << false << hex("04 000A 0001") << hex("84 02");
	QTest::newRow("016 inputs 0..10") << false << hex("04 0000 000B") << hex("84 02");
	QTest::newRow("016 holding 0") << false << hex("03 0000 0001") << hex("83 02");
	QTest::newRow("016 address 0") << false << hex("06 0002 0000") << hex("86 03");
	QTest::newRow("016 address 0xF8") << false << hex("06 0002 00F8") << hex("86 03");
	QTest::newRow("016 FC 10") << false << writeRegisters(1, {5}) << hex("90 01");
	QTest::newRow("016 FC 01") << false << hex("01 0000 0001") << hex("81 01");
	QTest::newRow("016 calibration") << false << hex("41 3721") << hex("C1 01");
	QTest::newRow("017 input 8") << true << hex("04 0008 0001") << hex("84 02");
	QTest::newRow("017 holding 4") << true << hex("03 0004 0001") << hex("83 02");
	QTest::newRow("017 high threshold 4 V") << true << hex("06 0000 0190") << hex("86 03");
	QTest::newRow("017 write input") << true << hex("06 0008 0001") << hex("86 02");
}

void TestPzemSim::refused()
{
	QFETCH(bool, dc);
	QFETCH(QByteArray, requestPdu);
	QFETCH(QByteArray, responsePdu);
	Pzem016Sim ac;
	Pzem017Sim pzem017;
	SimModbusDevice &device = dc ? static_cast<SimModbusDevice &>(pzem017) : ac;
	QCOMPARE(device.handle(requestPdu).toHex(' '), responsePdu.toHex(' '));
}

QTEST_GUILESS_MAIN(TestPzemSim)
#include "tst_pzem_sim.moc"
