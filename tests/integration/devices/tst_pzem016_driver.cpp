#include "devices/drivers/pzem016.h"
#include "driver_test_support.h"
#include "sim/pzem016_sim.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace pvrouter;
using namespace pvrouter::drivertest;
using namespace std::chrono_literals;
using Q = AcMeterModel::Quantity;

// The PZEM-016 driver against its simulator over loopback Modbus TCP: values in the model, a silent meter
// lost with every value invalid, and back when it answers again.
class TestPzem016Driver : public DriverTest
{
	Q_OBJECT
private Q_SLOTS:
	void init();
	void cleanup();
	void readsTheMeter();
	void silentMeterIsLostAndComesBack();
	void garbageAndExceptionsNeverCrash();

private:
	std::unique_ptr<Pzem016Sim> m_sim;
	std::unique_ptr<AcMeter> m_meter;
};

void TestPzem016Driver::init()
{
	m_sim = std::make_unique<Pzem016Sim>();
	m_sim->setVoltageV(231.4);
	m_sim->setCurrentA(5.367);
	m_sim->setPowerW(1234.5);
	m_sim->setEnergyWh(12345);
	m_sim->setFrequencyHz(49.9);
	m_sim->setPowerFactor(0.95);
	createBus(7, m_sim.get());
	QString error;
	QVERIFY2(m_bus->listenTcp(&error), qPrintable(error));
	createTcpLine();
	openImpatientLine(100ms);
	m_meter = std::make_unique<AcMeter>(pzem016Profile(), m_line.get(), 7, 100ms);
}

void TestPzem016Driver::cleanup()
{
	m_meter.reset();
	destroyLineAndBus();
}

void TestPzem016Driver::readsTheMeter()
{
	AcMeterModel *model = m_meter->model();
	QVERIFY(!model->isConnected());
	m_meter->start();
	QTRY_VERIFY(model->isConnected());
	QCOMPARE(model->value(Q::VoltageV).toDouble(), 231.4);
	QCOMPARE(model->value(Q::CurrentA).toDouble(), 5.367);
	QCOMPARE(model->value(Q::PowerW).toDouble(), 1234.5);
	QCOMPARE(model->value(Q::EnergyForwardKWh).toDouble(), 12.345);
	QCOMPARE(model->value(Q::FrequencyHz).toDouble(), 49.9);
	QCOMPARE(model->value(Q::PowerFactor).toDouble(), 0.95);
	QVERIFY(!model->value(Q::EnergyReverseKWh).isValid()); // the PZEM has no direction

	m_sim->setPowerW(20.0);
	QTRY_COMPARE(model->value(Q::PowerW).toDouble(), 20.0);
}

void TestPzem016Driver::silentMeterIsLostAndComesBack()
{
	AcMeterModel *model = m_meter->model();
	QSignalSpy connected(m_meter.get(), &ModbusDevice::connectedChanged);
	m_meter->start();
	QTRY_VERIFY(model->isConnected());

	m_sim->setFault(SimFault::Silent);
	QTRY_VERIFY_WITH_TIMEOUT(!model->isConnected(), 3000);
	for (int q = 0; q < AcMeterModel::QuantityCount; ++q)
		QVERIFY2(!model->value(Q(q)).isValid(), "a lost meter's values must be invalid, never frozen");

	m_sim->setPowerW(600.0);
	m_sim->setFault(SimFault::None);
	QTRY_VERIFY_WITH_TIMEOUT(model->isConnected(), 5000); // the first back-off is 1 s
	QCOMPARE(model->value(Q::PowerW).toDouble(), 600.0);
	QCOMPARE(connected.size(), 3); // up, lost, up
}

void TestPzem016Driver::garbageAndExceptionsNeverCrash()
{
	AcMeterModel *model = m_meter->model();
	m_meter->start();
	QTRY_VERIFY(model->isConnected());
	for (SimFault fault : {SimFault::Garbage, SimFault::Exception}) {
		m_sim->setFault(fault);
		QTRY_VERIFY_WITH_TIMEOUT(!model->isConnected(), 5000);
		QVERIFY(!model->value(Q::PowerW).isValid());
		m_sim->setFault(SimFault::None);
		QTRY_VERIFY_WITH_TIMEOUT(model->isConnected(), 10000);
		QCOMPARE(model->value(Q::VoltageV).toDouble(), 231.4);
	}
}

QTEST_GUILESS_MAIN(TestPzem016Driver)
#include "tst_pzem016_driver.moc"
