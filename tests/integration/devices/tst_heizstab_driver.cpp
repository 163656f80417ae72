#include "devices/drivers/heizstab.h"
#include "driver_test_support.h"
#include "sim/heizstab_sim.h"
#include "sim/pzem016_sim.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace pvrouter;
using namespace pvrouter::drivertest;
using namespace std::chrono_literals;

// The heater controller driver against the controller's simulator, which applies the coils only when the
// heartbeat changes and switches off after 300 s without one, as the firmware does.
class TestHeizstabDriver : public DriverTest
{
	Q_OBJECT
private Q_SLOTS:
	void init();
	void cleanup();
	void readsTemperaturePowerAndSwitch();
	void levelsGoOutThroughCoilsAndHeartbeat();
	void heaterSwitchesOffWhenTheHeartbeatStops();
	void feedbackThatDoesNotFollowIsAFault();
	void aDeviceOfAnotherTypeIsNotTakenForAHeater();

private:
	std::unique_ptr<HeizstabSim> m_sim;
	std::unique_ptr<Heizstab> m_heater;
};

void TestHeizstabDriver::init()
{
	m_sim = std::make_unique<HeizstabSim>();
	m_sim->setTemperatureC(47.31);
	createBus(33, m_sim.get());
	QString error;
	QVERIFY2(m_bus->listenTcp(&error), qPrintable(error));
	createTcpLine();
	m_line->open();
	m_heater = std::make_unique<Heizstab>(m_line.get(), 33, 100ms);
}

void TestHeizstabDriver::cleanup()
{
	m_heater.reset();
	destroyLineAndBus();
}

void TestHeizstabDriver::readsTemperaturePowerAndSwitch()
{
	HeaterModel *model = m_heater->model();
	m_heater->start();
	QTRY_VERIFY(model->isConnected());
	QCOMPARE(model->temperatureC().toDouble(), 47.31);
	QCOMPARE(model->powerW().toDouble(), 0.0);
	QVERIFY(!model->forceOn());

	m_sim->setSensorFault(true);
	QTRY_VERIFY(model->sensorFault());
	QVERIFY(!model->temperatureC().isValid()); // 85.00 °C from a failed sensor is not a temperature
	m_sim->setSensorFault(false);
	QTRY_VERIFY(model->temperatureC().isValid());

	m_sim->setForceOn(true);
	QTRY_VERIFY(model->forceOn());
	QTRY_COMPARE(model->powerW().toDouble(), 3500.0);
	QVERIFY(!model->isFaulty()); // all on by the switch is what FORCE ON means, not a fault
}

void TestHeizstabDriver::levelsGoOutThroughCoilsAndHeartbeat()
{
	HeaterModel *model = m_heater->model();
	m_heater->start();
	QTRY_VERIFY(model->isConnected());
	for (int level : {5, 7, 1, 0, 6}) {
		m_heater->setLevel(level);
		QTRY_COMPARE(m_sim->appliedPowerW(), level * 500);
		QTRY_COMPARE(model->powerW().toDouble(), level * 500.0);
		QCOMPARE(model->commandedLevel(), level);
	}
	m_heater->setLevel(12); // clamped, not wrapped
	QTRY_COMPARE(m_sim->appliedPowerW(), 3500);
	QVERIFY(!model->isFaulty());
}

void TestHeizstabDriver::heaterSwitchesOffWhenTheHeartbeatStops()
{
	HeaterModel *model = m_heater->model();
	m_heater->start();
	QTRY_VERIFY(model->isConnected());
	m_heater->setLevel(4);
	QTRY_COMPARE(m_sim->appliedPowerW(), 2000);
	// While pvrouter runs, the firmware's watchdog never trips: the heartbeat keeps changing.
	const quint16 before = m_sim->masterHeartbeat();
	QTRY_VERIFY_WITH_TIMEOUT(m_sim->masterHeartbeat() != before, 7000); // refreshed within 5 s
	// pvrouter gone: five minutes of firmware time later everything is off.
	m_heater.reset();
	m_sim->advance(std::chrono::seconds(299));
	QCOMPARE(m_sim->appliedPowerW(), 2000);
	m_sim->advance(std::chrono::seconds(1));
	QVERIFY(m_sim->watchdogTripped());
	QCOMPARE(m_sim->appliedPowerW(), 0);
}

void TestHeizstabDriver::feedbackThatDoesNotFollowIsAFault()
{
	HeaterModel *model = m_heater->model();
	m_heater->start();
	QTRY_VERIFY(model->isConnected());
	m_heater->setLevel(2);
	QTRY_COMPARE(m_sim->appliedPowerW(), 1000);
	QVERIFY(!model->isFaulty());
	// A relay that does not switch: the firmware's watchdog drops the outputs while the command says 2.
	m_sim->advance(std::chrono::seconds(300));
	QTRY_VERIFY(model->isFaulty());
	QCOMPARE(model->commandedLevel(), 2);
}

void TestHeizstabDriver::aDeviceOfAnotherTypeIsNotTakenForAHeater()
{
	// A PZEM-016 at the heater's address answers input registers 0..4 too, with other meanings.
	Pzem016Sim meter;
	meter.setPowerW(123.4);
	m_bus->detach(33);
	m_bus->attach(33, &meter);
	QStringList writes;
	connect(m_bus.get(), &ModbusSimBus::requestHandled, this, [&writes](quint8, quint8 fc) {
		if (fc == 0x05 || fc == 0x06 || fc == 0x0F || fc == 0x10)
			writes.append(QString::number(fc));
	});
	m_heater->start();
	QTRY_VERIFY(m_heater->isConnected());       // something answers...
	QVERIFY(!m_heater->model()->isConnected()); // ...but it is not a heater controller
	m_heater->setLevel(3);
	QVERIFY(!m_heater->model()->isConnected());
	QVERIFY2(writes.isEmpty(), qPrintable(writes.join(QLatin1Char(' ')))); // nothing is switched on a stranger
	m_bus->detach(33);
}

QTEST_GUILESS_MAIN(TestHeizstabDriver)
#include "tst_heizstab_driver.moc"
