#include "devices/drivers/growatt.h"
#include "driver_test_support.h"
#include "sim/growatt_sim.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace pvrouter;
using namespace pvrouter::drivertest;
using namespace std::chrono_literals;
using Q = PvInverterModel::Quantity;

// The Growatt MIN/MIC TL-X driver against its simulator over loopback Modbus TCP: values in the model (32-bit
// values above 65535 counts, so the word order shows), the status as a Victron code, serial and firmware, a silent
// inverter lost with every measured value invalid, and back when it answers again.
class TestGrowattDriver : public DriverTest
{
	Q_OBJECT
private Q_SLOTS:
	void init();
	void cleanup();
	void readsTheInverter();
	void readsTheIdentity();
	void mapsTheStatus_data();
	void mapsTheStatus();
	void silentInverterIsLostAndComesBack();

private:
	std::unique_ptr<GrowattSim> m_sim;
	std::unique_ptr<Growatt> m_inverter;
};

void TestGrowattDriver::init()
{
	m_sim = std::make_unique<GrowattSim>();
	m_sim->setNominalPowerW(10000);
	m_sim->setTrackerVoltageV(0, 350.0);
	m_sim->setTrackerPowerW(0, 7000.0); // 70000 counts: above one register
	m_sim->setTrackerVoltageV(1, 250.0);
	m_sim->setTrackerPowerW(1, 1000.0);
	m_sim->setGridVoltageV(230.0);
	m_sim->setGridFrequencyHz(50.02);
	m_sim->setEnergyTodayKWh(3.4);
	m_sim->setEnergyTotalKWh(12345.6);
	m_sim->setTemperaturesC(41.5, 45.2, -5.5);
	m_sim->setDeratingMode(6);
	m_sim->setSerialNumber("GRW1234567");
	m_sim->setFirmwareVersion("DM1.2");
	createBus(3, m_sim.get());
	QString error;
	QVERIFY2(m_bus->listenTcp(&error), qPrintable(error));
	createTcpLine();
	openImpatientLine(100ms);
	m_inverter = std::make_unique<Growatt>(m_line.get(), 3, 100ms);
}

void TestGrowattDriver::cleanup()
{
	m_inverter.reset();
	destroyLineAndBus();
}

void TestGrowattDriver::readsTheInverter()
{
	PvInverterModel *model = m_inverter->model();
	QVERIFY(!model->isConnected());
	m_inverter->start();
	QTRY_VERIFY(model->isConnected());
	QCOMPARE(model->value(Q::PowerW).toDouble(), 8000.0);
	QCOMPARE(model->value(Q::VoltageV).toDouble(), 230.0);
	QCOMPARE(model->value(Q::CurrentA).toDouble(), 34.8);            // 8000 W / 230 V in 0.1 A
	QCOMPARE(model->value(Q::EnergyForwardKWh).toDouble(), 12345.6); // the total, not today's 3.4
	QCOMPARE(model->value(Q::FrequencyHz).toDouble(), 50.02);
	QCOMPARE(model->value(Q::StatusCode), QVariant(7));
	QCOMPARE(model->value(Q::ErrorCode), QVariant(0));
	QCOMPARE(model->value(Q::DeratingMode), QVariant(6));
	QCOMPARE(model->value(Q::Pv1VoltageV).toDouble(), 350.0);
	QCOMPARE(model->value(Q::Pv1CurrentA).toDouble(), 20.0);
	QCOMPARE(model->value(Q::Pv1PowerW).toDouble(), 7000.0);
	QCOMPARE(model->value(Q::Pv2VoltageV).toDouble(), 250.0);
	QCOMPARE(model->value(Q::Pv2CurrentA).toDouble(), 4.0);
	QCOMPARE(model->value(Q::Pv2PowerW).toDouble(), 1000.0);
	QCOMPARE(model->value(Q::InverterTemperatureC).toDouble(), 41.5);
	QCOMPARE(model->value(Q::IpmTemperatureC).toDouble(), 45.2);
	QCOMPARE(model->value(Q::BoostTemperatureC).toDouble(), -5.5);

	m_sim->setPvPowerW(6600.0); // 66000 counts, 464 above 65535: the high word still counts
	QTRY_COMPARE(model->value(Q::PowerW).toDouble(), 6600.0);
}

void TestGrowattDriver::readsTheIdentity()
{
	PvInverterModel *model = m_inverter->model();
	QVERIFY(!model->serial().isValid());
	QVERIFY(!model->firmwareVersion().isValid());
	m_inverter->start();
	QTRY_VERIFY(model->isConnected());
	QCOMPARE(model->serial(), QVariant(QStringLiteral("GRW1234567")));
	QCOMPARE(model->firmwareVersion(), QVariant(QStringLiteral("DM1.2")));
}

void TestGrowattDriver::mapsTheStatus_data()
{
	QTest::addColumn<quint16>("growatt");
	QTest::addColumn<QVariant>("victron");
	QTest::addColumn<quint16>("faultCode");
	QTest::newRow("waiting: standby") << quint16(0) << QVariant(8) << quint16(0);
	QTest::newRow("normal: running") << quint16(1) << QVariant(7) << quint16(0);
	QTest::newRow("2, fault for IEB: error") << quint16(2) << QVariant(10) << quint16(117);
	QTest::newRow("fault: error") << quint16(3) << QVariant(10) << quint16(117);
	QTest::newRow("undefined: unknown") << quint16(9) << QVariant() << quint16(0);
}

void TestGrowattDriver::mapsTheStatus()
{
	QFETCH(quint16, growatt);
	QFETCH(QVariant, victron);
	QFETCH(quint16, faultCode);
	PvInverterModel *model = m_inverter->model();
	m_inverter->start();
	QTRY_COMPARE(model->value(Q::StatusCode), QVariant(7));

	m_sim->setStatus(GrowattSim::Status(growatt)); // 2 and 9 are not the simulator's own statuses
	m_sim->setFaultCode(faultCode);
	QTRY_COMPARE(model->value(Q::StatusCode), victron);
	QTRY_COMPARE(model->value(Q::ErrorCode), QVariant(int(faultCode)));
	QVERIFY(model->isConnected());
}

void TestGrowattDriver::silentInverterIsLostAndComesBack()
{
	PvInverterModel *model = m_inverter->model();
	QSignalSpy connected(m_inverter.get(), &ModbusDevice::connectedChanged);
	m_inverter->start();
	QTRY_VERIFY(model->isConnected());

	m_sim->setFault(SimFault::Silent);
	QTRY_VERIFY_WITH_TIMEOUT(!model->isConnected(), 3000);
	for (int q = 0; q < PvInverterModel::QuantityCount; ++q)
		QVERIFY2(!model->value(Q(q)).isValid(), "a lost inverter's values must be invalid, never frozen");
	// Identity, not a measurement: the GX still tells which inverter is missing.
	QCOMPARE(model->serial(), QVariant(QStringLiteral("GRW1234567")));

	m_sim->setPvPowerW(7200.0);
	m_sim->setFault(SimFault::None);
	QTRY_VERIFY_WITH_TIMEOUT(model->isConnected(), 5000); // the first back-off is 1 s
	QCOMPARE(model->value(Q::PowerW).toDouble(), 7200.0);
	QCOMPARE(model->value(Q::StatusCode), QVariant(7));
	QCOMPARE(connected.size(), 3); // up, lost, up
}

QTEST_GUILESS_MAIN(TestGrowattDriver)
#include "tst_growatt_driver.moc"
