#include "devices/drivers/pzem017.h"
#include "driver_test_support.h"
#include "sim/pzem017_sim.h"

#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace pvrouter;
using namespace pvrouter::drivertest;
using namespace std::chrono_literals;
using Q = DcMeterModel::Quantity;

// The PZEM-017 driver against its simulator, every test over loopback Modbus TCP and over RTU at 9600 8N2 on a
// socat pty pair: values in the model, the energy reset (function 0x42), a silent meter lost with every value
// invalid, and back when it answers again.
class TestPzem017Driver : public DriverTest
{
	Q_OBJECT
private Q_SLOTS:
	void initTestCase_data();
	void init();
	void cleanup();
	void readsTheMeter();
	void resetsTheEnergy();
	void silentMeterIsLostAndComesBack();
	void keepsTheShuntRange();

private:
	std::unique_ptr<QTemporaryDir> m_dir;
	std::unique_ptr<QProcess> m_socat;
	std::unique_ptr<Pzem017Sim> m_sim;
	std::unique_ptr<Pzem017> m_meter;
};

void TestPzem017Driver::initTestCase_data()
{
	QTest::addColumn<bool>("rtu");
	QTest::newRow("tcp") << false;
	QTest::newRow("rtu 8N2") << true;
}

void TestPzem017Driver::init()
{
	QFETCH_GLOBAL(bool, rtu);
	m_sim = std::make_unique<Pzem017Sim>();
	// The manual's example (devices.md §2.4), and an energy beyond 16 bits to prove the low word comes first.
	m_sim->setVoltageV(100.0);
	m_sim->setCurrentA(1.0);
	m_sim->setPowerW(100.0);
	m_sim->setEnergyWh(70000);
	createBus(2, m_sim.get());
	QString error;
	if (rtu) {
		m_dir = std::make_unique<QTemporaryDir>();
		const QString a = m_dir->filePath(QStringLiteral("ttyA")), b = m_dir->filePath(QStringLiteral("ttyB"));
		m_socat = std::make_unique<QProcess>();
		m_socat->start(QStringLiteral("socat"),
			{QStringLiteral("-d"), QStringLiteral("-d"), QStringLiteral("pty,raw,echo=0,link=") + a,
				QStringLiteral("pty,raw,echo=0,link=") + b});
		QVERIFY(m_socat->waitForStarted());
		QTRY_VERIFY(QFileInfo::exists(a) && QFileInfo::exists(b));
		QVERIFY2(m_bus->openRtu(a, 9600, QSerialPort::NoParity, QSerialPort::TwoStop, &error), qPrintable(error));
		ModbusLine::Serial serial{b};
		serial.stopBits = QSerialPort::TwoStop;
		m_line = std::make_unique<ModbusLine>(serial);
	} else {
		QVERIFY2(m_bus->listenTcp(&error), qPrintable(error));
		createTcpLine();
	}
	openImpatientLine(150ms);
	QTRY_VERIFY(m_line->isConnected());
	m_meter = std::make_unique<Pzem017>(m_line.get(), 2, 200ms);
}

void TestPzem017Driver::cleanup()
{
	m_meter.reset();
	destroyLineAndBus();
	m_sim.reset();
	if (m_socat) {
		m_socat->terminate();
		m_socat->waitForFinished();
		m_socat.reset();
	}
	m_dir.reset();
}

void TestPzem017Driver::readsTheMeter()
{
	DcMeterModel *model = m_meter->model();
	QVERIFY(!model->isConnected());
	QVERIFY(!model->value(Q::VoltageV).isValid());
	m_meter->start();
	QTRY_VERIFY(model->isConnected());
	QCOMPARE(model->value(Q::VoltageV).toDouble(), 100.0);
	QCOMPARE(model->value(Q::CurrentA).toDouble(), 1.0);
	QCOMPARE(model->value(Q::PowerW).toDouble(), 100.0);
	QCOMPARE(model->value(Q::EnergyInKWh).toDouble(), 70.0);

	// Beyond 16 bits for power too (8000.0 W is 80000 counts), and the full 300 A shunt range in one register.
	m_sim->setPowerW(8000.0);
	m_sim->setCurrentA(300.0);
	QTRY_COMPARE(model->value(Q::PowerW).toDouble(), 8000.0);
	QTRY_COMPARE(model->value(Q::CurrentA).toDouble(), 300.0);
}

void TestPzem017Driver::resetsTheEnergy()
{
	DcMeterModel *model = m_meter->model();
	m_meter->start();
	QTRY_VERIFY(model->isConnected());
	QCOMPARE(model->value(Q::EnergyInKWh).toDouble(), 70.0);

	QSignalSpy finished(m_meter.get(), &Pzem017::energyResetFinished);
	m_meter->resetEnergy();
	QVERIFY(finished.wait(5000));
	QCOMPARE(finished.constFirst().at(0).toBool(), true);
	QCOMPARE(m_sim->energyWh(), 0.0);
	QTRY_COMPARE(model->value(Q::EnergyInKWh).toDouble(), 0.0);
	QVERIFY(model->isConnected());
	QCOMPARE(model->value(Q::PowerW).toDouble(), 100.0);

	// A meter that does not answer: the reset is reported as failed.
	m_sim->setEnergyWh(1234);
	m_sim->setFault(SimFault::Silent);
	m_meter->resetEnergy();
	QVERIFY(finished.wait(5000));
	QCOMPARE(finished.size(), 2);
	QCOMPARE(finished.at(1).at(0).toBool(), false);
	QVERIFY(!finished.at(1).at(1).toString().isEmpty());
	QCOMPARE(m_sim->energyWh(), 1234.0);
}

void TestPzem017Driver::silentMeterIsLostAndComesBack()
{
	DcMeterModel *model = m_meter->model();
	QSignalSpy connected(m_meter.get(), &ModbusDevice::connectedChanged);
	m_meter->start();
	QTRY_VERIFY(model->isConnected());

	m_sim->setFault(SimFault::Silent);
	QTRY_VERIFY_WITH_TIMEOUT(!model->isConnected(), 3000);
	for (int q = 0; q < DcMeterModel::QuantityCount; ++q)
		QVERIFY2(!model->value(Q(q)).isValid(), "a lost meter's values must be invalid, never frozen");

	m_sim->setPowerW(600.0);
	m_sim->setFault(SimFault::None);
	QTRY_VERIFY_WITH_TIMEOUT(model->isConnected(), 5000); // the first back-off is 1 s
	QCOMPARE(model->value(Q::PowerW).toDouble(), 600.0);
	QCOMPARE(model->value(Q::EnergyInKWh).toDouble(), 70.0);
	QCOMPARE(connected.size(), 3); // up, lost, up
}

void TestPzem017Driver::keepsTheShuntRange()
{
	// Unset: the meter keeps the range it has (100 A from the factory).
	m_meter->start();
	QTRY_VERIFY(m_meter->model()->isConnected());
	QCOMPARE(m_sim->currentRangeA(), 100);

	// Set: written once the range register is read, and again when a meter comes back with another one.
	m_meter = std::make_unique<Pzem017>(m_line.get(), 2, 200ms);
	m_meter->setShuntA(300);
	m_meter->start();
	QTRY_COMPARE(m_sim->currentRangeA(), 300);
	m_sim->setFault(SimFault::Silent);
	QTRY_VERIFY_WITH_TIMEOUT(!m_meter->model()->isConnected(), 3000);
	m_sim->handle(QByteArray::fromHex("0600030001")); // someone sets 50 A while it is away
	QCOMPARE(m_sim->currentRangeA(), 50);
	m_sim->setFault(SimFault::None);
	QTRY_COMPARE_WITH_TIMEOUT(m_sim->currentRangeA(), 300, 5000);
	QVERIFY(m_meter->model()->isConnected());
}

QTEST_GUILESS_MAIN(TestPzem017Driver)
#include "tst_pzem017_driver.moc"
