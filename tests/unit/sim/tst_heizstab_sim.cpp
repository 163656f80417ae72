#include "sim/heizstab_sim.h"
#include "sim_test_support.h"

#include <QTest>

using namespace pvrouter;
using namespace pvrouter::simtest;
using namespace std::chrono_literals;

// The heater firmware's register map and its heartbeat-gated outputs (devices.md §1.1).
class TestHeizstabSim : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void initialInputs();
	void firmwareTestFrame();
	void coilsApplyOnlyOnHeartbeatChange_data();
	void coilsApplyOnlyOnHeartbeatChange();
	void watchdogSwitchesOffAfter300s();
	void deviceHeartbeatCountsSeconds();
	void forceOnOverridesEverything();
	void temperatureEncoding_data();
	void temperatureEncoding();
	void unmappedAndMalformed_data();
	void unmappedAndMalformed();
};

void TestHeizstabSim::initialInputs()
{
	HeizstabSim heater;
	heater.setTemperatureC(48.5);
	QCOMPARE(heater.handle(hex("04 0000 0005")), hex("04 0A 12F2 0000 0000 E5E1 0000"));
	QCOMPARE(heater.handle(hex("01 0000 0003")), hex("01 01 00"));
	QCOMPARE(heater.handle(hex("03 0000 0001")), hex("03 02 0000"));
}

void TestHeizstabSim::firmwareTestFrame()
{
	// 21 04 00 00 00 01 36 AA without unit and CRC (the CRC says register 0, see tst_modbus_crc), and the
	// heartbeat read devices.md describes it as.
	HeizstabSim heater;
	heater.setTemperatureC(21.5);
	heater.advance(7s);
	QCOMPARE(heater.handle(hex("04 0000 0001")), hex("04 02 0866"));
	QCOMPARE(heater.handle(hex("04 0001 0001")), hex("04 02 0007"));
}

void TestHeizstabSim::coilsApplyOnlyOnHeartbeatChange_data()
{
	QTest::addColumn<bool>("multipleRegisterWrite"); // the heartbeat by FC 10 (as WH does) or FC 06
	QTest::newRow("FC 06") << false;
	QTest::newRow("FC 10") << true;
}

void TestHeizstabSim::coilsApplyOnlyOnHeartbeatChange()
{
	QFETCH(bool, multipleRegisterWrite);
	HeizstabSim heater;
	const auto beat = [&](quint16 value) {
		const QByteArray pdu = multipleRegisterWrite ? writeRegisters(0, {value}) : request(0x06, 0, value);
		const QByteArray response = heater.handle(pdu);
		return multipleRegisterWrite ? response == hex("10 0000 0001") : response == pdu;
	};

	QCOMPARE(heater.handle(writeCoils(0, {true, true, false})), hex("0F 0000 0003"));
	QVERIFY(heater.requested(0) && heater.requested(1) && !heater.requested(2));
	QCOMPARE(heater.appliedPowerW(), 0);
	QVERIFY(beat(0)); // the value the firmware already saw: no change
	QCOMPARE(heater.appliedPowerW(), 0);
	QVERIFY(beat(1));
	QCOMPARE(heater.appliedPowerW(), 1500);
	QVERIFY(heater.output(0) && heater.output(1) && !heater.output(2));
	QCOMPARE(registersOf(heater.handle(hex("04 0002 0001"))), QVector<quint16>{1500});

	QCOMPARE(heater.handle(hex("05 0002 FF00")), hex("05 0002 FF00"));
	QCOMPARE(heater.handle(hex("05 0000 0000")), hex("05 0000 0000"));
	QVERIFY(beat(1)); // same value again
	QCOMPARE(heater.appliedPowerW(), 1500);
	QVERIFY(beat(2));
	QCOMPARE(heater.appliedPowerW(), 3000);
	QCOMPARE(heater.masterHeartbeat(), quint16(2));
}

void TestHeizstabSim::watchdogSwitchesOffAfter300s()
{
	HeizstabSim heater;
	heater.handle(writeCoils(0, {true, true, true}));
	heater.handle(request(0x06, 0, 1));
	QCOMPARE(heater.appliedPowerW(), 3500);
	heater.advance(299s);
	QCOMPARE(heater.appliedPowerW(), 3500);
	QVERIFY(!heater.watchdogTripped());
	heater.advance(999ms);
	QCOMPARE(heater.appliedPowerW(), 3500);
	heater.advance(1ms);
	QVERIFY(heater.watchdogTripped());
	QCOMPARE(heater.appliedPowerW(), 0);
	QCOMPARE(registersOf(heater.handle(hex("04 0002 0001"))), QVector<quint16>{0});
	QVERIFY(heater.requested(2)); // the coils keep the request

	heater.handle(request(0x06, 0, 2));
	QVERIFY(!heater.watchdogTripped());
	QCOMPARE(heater.appliedPowerW(), 3500);
	heater.advance(200s);
	heater.handle(request(0x06, 0, 3)); // a change restarts the 300 s
	heater.advance(200s);
	QVERIFY(!heater.watchdogTripped());
	QCOMPARE(heater.appliedPowerW(), 3500);
}

void TestHeizstabSim::deviceHeartbeatCountsSeconds()
{
	HeizstabSim heater;
	heater.advance(1500ms);
	QCOMPARE(heater.deviceHeartbeat(), quint16(1));
	heater.advance(500ms);
	QCOMPARE(heater.deviceHeartbeat(), quint16(2));
	heater.advance(65536s); // a 16-bit counter wraps
	QCOMPARE(heater.deviceHeartbeat(), quint16(2));
}

void TestHeizstabSim::forceOnOverridesEverything()
{
	HeizstabSim heater;
	heater.handle(writeCoils(0, {true, false, false}));
	heater.handle(request(0x06, 0, 1));
	heater.setForceOn(true);
	QCOMPARE(heater.appliedPowerW(), 3500);
	QCOMPARE(registersOf(heater.handle(hex("04 0002 0003"))), (QVector<quint16>{3500, 0xE5E1, 1}));
	heater.advance(301s); // the manual switch is hardware: the watchdog does not cut it
	QVERIFY(heater.watchdogTripped());
	QCOMPARE(heater.appliedPowerW(), 3500);
	heater.setForceOn(false);
	QCOMPARE(heater.appliedPowerW(), 0);
	QCOMPARE(registersOf(heater.handle(hex("04 0004 0001"))), QVector<quint16>{0});
}

void TestHeizstabSim::temperatureEncoding_data()
{
	QTest::addColumn<double>("temperatureC");
	QTest::addColumn<bool>("sensorFault");
	QTest::addColumn<quint16>("raw");

	QTest::newRow("55.25") << 55.25 << false << quint16(5525);
	QTest::newRow("0") << 0.0 << false << quint16(0);
	QTest::newRow("below zero, two's complement") << -5.0 << false << quint16(0xFE0C);
	QTest::newRow("sensor fault") << 55.25 << true << quint16(8500);
}

void TestHeizstabSim::temperatureEncoding()
{
	QFETCH(double, temperatureC);
	QFETCH(bool, sensorFault);
	QFETCH(quint16, raw);
	HeizstabSim heater;
	heater.setTemperatureC(temperatureC);
	heater.setSensorFault(sensorFault);
	QCOMPARE(registersOf(heater.handle(hex("04 0000 0001"))), QVector<quint16>{raw});
}

void TestHeizstabSim::unmappedAndMalformed_data()
{
	QTest::addColumn<QByteArray>("requestPdu");
	QTest::addColumn<QByteArray>("responsePdu");

	QTest::newRow("input 5") << hex("04 0005 0001") << hex("84 02");
	QTest::newRow("inputs 0..5") << hex("04 0000 0006") << hex("84 02");
	QTest::newRow("holding 1") << hex("03 0001 0001") << hex("83 02");
	QTest::newRow("coil 3") << hex("01 0003 0001") << hex("81 02");
	QTest::newRow("discrete inputs") << hex("02 0000 0001") << hex("82 02");
	QTest::newRow("write holding 1") << hex("06 0001 0005") << hex("86 02");
	QTest::newRow("write coil 3") << hex("05 0003 FF00") << hex("85 02");
	QTest::newRow("write coils 1..3") << writeCoils(1, {true, true, true}) << hex("8F 02");
	QTest::newRow("read 0 registers") << hex("04 0000 0000") << hex("84 03");
	QTest::newRow("read 126 registers") << hex("04 0000 007E") << hex("84 03");
	QTest::newRow("coil value 0x1234") << hex("05 0000 1234") << hex("85 03");
	QTest::newRow("truncated read") << hex("04 0000") << hex("84 03");
	QTest::newRow("byte count mismatch") << hex("10 0000 0001 04 0001") << hex("90 03");
	QTest::newRow("unknown function") << hex("2B 0E 01 00") << hex("AB 01");
	QTest::newRow("empty") << QByteArray() << QByteArray();
}

void TestHeizstabSim::unmappedAndMalformed()
{
	QFETCH(QByteArray, requestPdu);
	QFETCH(QByteArray, responsePdu);
	HeizstabSim heater;
	QCOMPARE(heater.handle(requestPdu).toHex(' '), responsePdu.toHex(' '));
	QCOMPARE(heater.appliedPowerW(), 0);
}

QTEST_GUILESS_MAIN(TestHeizstabSim)
#include "tst_heizstab_sim.moc"
