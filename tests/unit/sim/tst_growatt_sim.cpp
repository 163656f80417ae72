#include "sim/growatt_sim.h"
#include "sim_test_support.h"

#include <QTest>

using namespace pvrouter;
using namespace pvrouter::simtest;
using namespace std::chrono_literals;

// Growatt MIN/MIC TL-X input encodings (high word first) and the Active P Rate limit (devices.md §4).
class TestGrowattSim : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void inputEncodings();
	void highWordFirst();
	void activePowerRateLimits_data();
	void activePowerRateLimits();
	void notProducing();
	void identification();
	void energyIntegrates();
	void refused_data();
	void refused();
};

void TestGrowattSim::inputEncodings()
{
	GrowattSim inverter;
	inverter.setPvPowerW(3000);
	inverter.setTrackerVoltageV(0, 300);
	inverter.setTrackerVoltageV(1, 250);
	inverter.setGridVoltageV(230);
	inverter.setGridFrequencyHz(49.98);
	inverter.setTemperaturesC(41.5, 45.0, -2.5);
	inverter.setDeratingMode(6);
	inverter.setFaultCode(0);

	const QVector<quint16> regs = registersOf(inverter.handle(hex("04 0000 007D")));
	QCOMPARE(regs.size(), 125);
	QCOMPARE(regs[0], quint16(1));                                                  // normal
	QCOMPARE((QVector<quint16>{regs[1], regs[2]}), (QVector<quint16>{0, 30000}));   // Ppv 3000.0 W
	QCOMPARE((QVector<quint16>{regs[3], regs[4]}), (QVector<quint16>{3000, 50}));   // 300.0 V, 5.0 A
	QCOMPARE((QVector<quint16>{regs[5], regs[6]}), (QVector<quint16>{0, 15000}));   // Ppv1 1500.0 W
	QCOMPARE((QVector<quint16>{regs[7], regs[8]}), (QVector<quint16>{2500, 60}));   // 250.0 V, 6.0 A
	QCOMPARE((QVector<quint16>{regs[9], regs[10]}), (QVector<quint16>{0, 15000}));  // Ppv2
	QCOMPARE((QVector<quint16>{regs[35], regs[36]}), (QVector<quint16>{0, 30000})); // Pac 3000.0 W
	QCOMPARE(regs[37], quint16(4998));                                              // 49.98 Hz
	QCOMPARE(regs[38], quint16(2300));                                              // 230.0 V
	QCOMPARE(regs[39], quint16(130));                                               // 13.0 A
	QCOMPARE((QVector<quint16>{regs[40], regs[41]}), (QVector<quint16>{0, 30000})); // Pac1 VA
	QCOMPARE((QVector<quint16>{regs[93], regs[94], regs[95]}), (QVector<quint16>{415, 450, 0xFFE7}));
	QCOMPARE(regs[101], quint16(71)); // 3000 / 4200
	QCOMPARE(regs[104], quint16(6));
	QCOMPARE(regs[105], quint16(0));
}

void TestGrowattSim::highWordFirst()
{
	GrowattSim inverter;
	inverter.setEnergyTotalKWh(123456.7); // 1234567 counts = 0x0012D687
	inverter.setEnergyTodayKWh(6553.6);   // 65536 counts
	QCOMPARE(registersOf(inverter.handle(hex("04 0035 0004"))), (QVector<quint16>{0x0001, 0x0000, 0x0012, 0xD687}));
}

void TestGrowattSim::activePowerRateLimits_data()
{
	QTest::addColumn<quint16>("rate");
	QTest::addColumn<double>("pvW");
	QTest::addColumn<double>("acW");

	QTest::newRow("not limited") << quint16(255) << 3000.0 << 3000.0;
	QTest::newRow("50 % of 4200") << quint16(50) << 3000.0 << 2100.0;
	QTest::newRow("limit above PV") << quint16(80) << 3000.0 << 3000.0;
	QTest::newRow("100 %, PV above nominal") << quint16(100) << 5000.0 << 4200.0;
	QTest::newRow("not limited, PV above nominal") << quint16(255) << 5000.0 << 4200.0;
	QTest::newRow("0 %") << quint16(0) << 3000.0 << 0.0;
	QTest::newRow("IEB's minimum 2 %") << quint16(2) << 3000.0 << 84.0;
}

void TestGrowattSim::activePowerRateLimits()
{
	QFETCH(quint16, rate);
	QFETCH(double, pvW);
	QFETCH(double, acW);
	GrowattSim inverter;
	inverter.setPvPowerW(pvW);
	QCOMPARE(registersOf(inverter.handle(hex("03 0003 0001"))), QVector<quint16>{255}); // initial: not limited
	QCOMPARE(inverter.handle(request(0x06, 3, rate)), request(0x06, 3, rate));
	QCOMPARE(inverter.activePowerRate(), rate);
	QCOMPARE(inverter.acPowerW(), acW);
	const quint32 counts = quint32(qRound(acW * 10));
	QCOMPARE(
		registersOf(inverter.handle(hex("04 0023 0002"))), (QVector<quint16>{quint16(counts >> 16), quint16(counts)}));
	// The trackers back off with the output.
	QCOMPARE(
		registersOf(inverter.handle(hex("04 0001 0002"))), (QVector<quint16>{quint16(counts >> 16), quint16(counts)}));
}

void TestGrowattSim::notProducing()
{
	GrowattSim inverter;
	inverter.setPvPowerW(2000);
	inverter.setStatus(GrowattSim::Status::Fault);
	inverter.setFaultCode(117);
	QCOMPARE(inverter.acPowerW(), 0.0);
	QCOMPARE(registersOf(inverter.handle(hex("04 0000 0001"))), QVector<quint16>{3});
	QCOMPARE(registersOf(inverter.handle(hex("04 0069 0001"))), QVector<quint16>{117});
	inverter.setStatus(GrowattSim::Status::Normal);
	QCOMPARE(inverter.acPowerW(), 2000.0);
	QCOMPARE(inverter.handle(hex("06 0000 0000")), hex("06 0000 0000")); // OnOff: off
	QCOMPARE(inverter.acPowerW(), 0.0);
}

void TestGrowattSim::identification()
{
	GrowattSim inverter;
	inverter.setSerialNumber("AB12345678");
	inverter.setFirmwareVersion("DN1.0");
	QCOMPARE(inverter.handle(hex("03 0017 0005")), hex("03 0A") + QByteArray("AB12345678"));
	QCOMPARE(inverter.handle(hex("03 0009 0003")), hex("03 06") + QByteArray("DN1.0") + hex("00"));
	QCOMPARE(inverter.handle(hex("03 0BB9 0005")), hex("03 0A") + QByteArray("AB12345678"));
	QCOMPARE(registersOf(inverter.handle(hex("03 002B 0002"))), (QVector<quint16>{5100, 0x0201}));
	QCOMPARE(registersOf(inverter.handle(hex("03 0058 0001"))), QVector<quint16>{207});
}

void TestGrowattSim::energyIntegrates()
{
	GrowattSim inverter;
	inverter.setPvPowerW(3000);
	inverter.handle(hex("06 0003 0032")); // 50 %: 2100 W
	inverter.advance(2h);
	QCOMPARE(inverter.energyTodayKWh(), 4.2);
	QCOMPARE(registersOf(inverter.handle(hex("04 0035 0004"))), (QVector<quint16>{0, 42, 0, 42}));
	QCOMPARE(registersOf(inverter.handle(hex("04 0039 0002"))), (QVector<quint16>{0, 14400})); // 7200 s / 0.5
}

void TestGrowattSim::refused_data()
{
	QTest::addColumn<QByteArray>("requestPdu");
	QTest::addColumn<QByteArray>("responsePdu");

	QTest::newRow("rate 101") << hex("06 0003 0065") << hex("86 03");
	QTest::newRow("rate 254") << hex("06 0003 00FE") << hex("86 03");
	QTest::newRow("export rate -100.1 %") << hex("06 007B FC17") << hex("86 03");
	QTest::newRow("read-only DTC") << hex("06 002B 0001") << hex("86 02");
	QTest::newRow("serial number") << hex("06 0017 4142") << hex("86 02");
	QTest::newRow("FC 10") << writeRegisters(3, {50}) << hex("90 01");
	QTest::newRow("input 125") << hex("04 007D 0001") << hex("84 02");
	QTest::newRow("126 inputs") << hex("04 0000 007E") << hex("84 03");
	QTest::newRow("holding 3016") << hex("03 0BC8 0001") << hex("83 02");
	QTest::newRow("holding 209 (IEB's new serial)") << hex("03 00D1 000F") << hex("83 02");
}

void TestGrowattSim::refused()
{
	QFETCH(QByteArray, requestPdu);
	QFETCH(QByteArray, responsePdu);
	GrowattSim inverter;
	QCOMPARE(inverter.handle(requestPdu).toHex(' '), responsePdu.toHex(' '));
	QCOMPARE(inverter.activePowerRate(), quint16(GrowattSim::NotLimited));
}

QTEST_GUILESS_MAIN(TestGrowattSim)
#include "tst_growatt_sim.moc"
