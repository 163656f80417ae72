#include "modbus/modbus_line.h"
#include "modbus/register_map.h"
#include "sim/heizstab_sim.h"
#include "sim/modbus_sim_bus.h"
#include "sim/pzem016_sim.h"

#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace pvrouter;
using namespace std::chrono_literals;
using Status = ModbusResult::Status;

// ModbusLine against the device simulators: over loopback TCP, and over RTU on a socat pty pair.
class TestModbusLine : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void init();
	void cleanup();
	void readsAndWritesSeveralUnitsOverTcp();
	void setpointsGoFirstAndPollsTakeTurns();
	void failuresAreClassified();
	void handlerOfAGoneOwnerIsNotCalled();
	void unreachableEndpointFailsFast();
	void rtuLineWithTwoDevicesAndACustomFunction();

private:
	std::unique_ptr<ModbusLine> tcpLine();
	ModbusResult run(ModbusLine &line, ModbusRequest request);
	ModbusResult readInputs(ModbusLine &line, quint8 unit, quint16 start, quint16 count);

	std::unique_ptr<ModbusSimBus> m_bus;
	std::unique_ptr<HeizstabSim> m_heater;
	std::unique_ptr<Pzem016Sim> m_meter;
};

void TestModbusLine::init()
{
	m_bus = std::make_unique<ModbusSimBus>();
	m_heater = std::make_unique<HeizstabSim>();
	m_meter = std::make_unique<Pzem016Sim>();
	m_meter->setVoltageV(230.0);
	m_meter->setPowerW(1234.5);
	m_heater->setTemperatureC(48.25);
	m_bus->attach(33, m_heater.get());
	m_bus->attach(1, m_meter.get());
}

void TestModbusLine::cleanup()
{
	m_bus.reset();
}

std::unique_ptr<ModbusLine> TestModbusLine::tcpLine()
{
	QString error;
	if (!m_bus->listenTcp(&error))
		qFatal("%s", qPrintable(error));
	auto line = std::make_unique<ModbusLine>(QStringLiteral("127.0.0.1"), m_bus->tcpPort());
	line->setTimeout(300ms);
	line->setRetries(0);
	return line;
}

ModbusResult TestModbusLine::run(ModbusLine &line, ModbusRequest request)
{
	std::optional<ModbusResult> result;
	request.context = this;
	request.handler = [&result](const ModbusResult &r) {
		result = r;
	};
	line.send(std::move(request));
	if (!QTest::qWaitFor([&result] { return result.has_value(); }, 5000))
		qFatal("no result");
	return *result;
}

ModbusResult TestModbusLine::readInputs(ModbusLine &line, quint8 unit, quint16 start, quint16 count)
{
	ModbusRequest request;
	request.unit = unit;
	request.data = QModbusDataUnit(QModbusDataUnit::InputRegisters, start, count);
	return run(line, std::move(request));
}

void TestModbusLine::readsAndWritesSeveralUnitsOverTcp()
{
	auto line = tcpLine();
	line->open();
	QTRY_VERIFY(line->isConnected());
	QCOMPARE(line->name(), QStringLiteral("127.0.0.1:%1").arg(m_bus->tcpPort()));

	const ModbusResult meter = readInputs(*line, 1, 0, 10);
	QCOMPARE(meter.status, Status::Ok);
	const QList<quint16> words = meter.data.values();
	QCOMPARE(RegisterMap::decode({"v", ModbusTable::InputRegister, 0, RegisterType::U16, 0.1}, words.constData()),
		QVariant(230.0));
	QCOMPARE(RegisterMap::decode(
				 {"p", ModbusTable::InputRegister, 3, RegisterType::U32LowWordFirst, 0.1}, words.constData() + 3),
		QVariant(1234.5));

	const ModbusResult heater = readInputs(*line, 33, 0, 5);
	QCOMPARE(heater.status, Status::Ok);
	QCOMPARE(heater.data.value(0), quint16(4825));
	QCOMPARE(heater.data.value(3), quint16(0xE5E1));

	// 1500 W: coils 500 + 1000, applied by the firmware only when the heartbeat changes.
	ModbusRequest coils;
	coils.unit = 33;
	coils.kind = ModbusRequest::Kind::Write;
	coils.priority = ModbusRequest::Priority::Control;
	coils.data = QModbusDataUnit(QModbusDataUnit::Coils, 0, QList<quint16>{1, 1, 0});
	QCOMPARE(run(*line, coils).status, Status::Ok);
	QCOMPARE(m_heater->appliedPowerW(), 0);
	ModbusRequest heartbeat = coils;
	heartbeat.data = QModbusDataUnit(QModbusDataUnit::HoldingRegisters, 0, QList<quint16>{7});
	QCOMPARE(run(*line, heartbeat).status, Status::Ok);
	QCOMPARE(m_heater->appliedPowerW(), 1500);
	QCOMPARE(readInputs(*line, 33, 2, 1).data.value(0), quint16(1500));
}

void TestModbusLine::setpointsGoFirstAndPollsTakeTurns()
{
	auto line = tcpLine();
	QStringList wire;
	connect(m_bus.get(), &ModbusSimBus::requestHandled, this,
		[&wire](quint8 unit, quint8 fc) { wire.append(QStringLiteral("%1/%2").arg(unit).arg(fc)); });
	// Queue before the line is open, so the whole order is the queue's.
	int done = 0;
	const auto count = [&done](const ModbusResult &) {
		++done;
	};
	for (int i = 0; i < 3; ++i)
		line->read(1, QModbusDataUnit(QModbusDataUnit::InputRegisters, 0, 2), this, count);
	line->read(33, QModbusDataUnit(QModbusDataUnit::InputRegisters, 0, 1), this, count);
	line->write(33, QModbusDataUnit(QModbusDataUnit::HoldingRegisters, 0, QList<quint16>{1}), this, count);
	line->open();
	QTRY_COMPARE(done, 5);
	QCOMPARE(wire,
		(QStringList{QStringLiteral("33/6"), QStringLiteral("1/4"), QStringLiteral("33/4"), QStringLiteral("1/4"),
			QStringLiteral("1/4")}));
}

void TestModbusLine::failuresAreClassified()
{
	auto line = tcpLine();
	line->open();
	QTRY_VERIFY(line->isConnected());

	m_meter->setFault(SimFault::Silent);
	QCOMPARE(readInputs(*line, 1, 0, 2).status, Status::Timeout);
	m_meter->setFault(SimFault::Exception);
	const ModbusResult exception = readInputs(*line, 1, 0, 2);
	QCOMPARE(exception.status, Status::Exception);
	QCOMPARE(exception.exception, QModbusPdu::ServerDeviceFailure);
	// An address the device does not have: its own exception.
	m_meter->setFault(SimFault::None);
	const ModbusResult unmapped = readInputs(*line, 1, 200, 2);
	QCOMPARE(unmapped.status, Status::Exception);
	QCOMPARE(unmapped.exception, QModbusPdu::IllegalDataAddress);
	// The line keeps working for the others, and for the meter once it is well again.
	QCOMPARE(readInputs(*line, 33, 3, 1).status, Status::Ok);
	QCOMPARE(readInputs(*line, 1, 0, 2).status, Status::Ok);
}

void TestModbusLine::handlerOfAGoneOwnerIsNotCalled()
{
	auto line = tcpLine();
	line->open();
	QTRY_VERIFY(line->isConnected());
	bool called = false;
	auto owner = std::make_unique<QObject>();
	line->read(1, QModbusDataUnit(QModbusDataUnit::InputRegisters, 0, 2), owner.get(),
		[&called](const ModbusResult &) { called = true; });
	owner.reset();
	// A later request on the same line completes after the first: by then the first was dropped, not called.
	QCOMPARE(readInputs(*line, 33, 3, 1).status, Status::Ok);
	QVERIFY(!called);
}

void TestModbusLine::unreachableEndpointFailsFast()
{
	// A port nothing listens on: take one from the system, then free it.
	QTcpServer probe;
	QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
	const quint16 port = probe.serverPort();
	probe.close();
	ModbusLine line(QStringLiteral("127.0.0.1"), port);
	QSignalSpy connected(&line, &ModbusLine::connectedChanged);
	line.open();
	ModbusRequest request;
	request.data = QModbusDataUnit(QModbusDataUnit::InputRegisters, 0, 1);
	QCOMPARE(run(line, request).status, Status::NoConnection);
	QVERIFY(!line.isConnected());
}

void TestModbusLine::rtuLineWithTwoDevicesAndACustomFunction()
{
	QTemporaryDir dir;
	const QString a = dir.filePath(QStringLiteral("ttyA")), b = dir.filePath(QStringLiteral("ttyB"));
	QProcess socat;
	socat.start(QStringLiteral("socat"),
		{QStringLiteral("-d"), QStringLiteral("-d"), QStringLiteral("pty,raw,echo=0,link=") + a,
			QStringLiteral("pty,raw,echo=0,link=") + b});
	QVERIFY(socat.waitForStarted());
	auto stop = qScopeGuard([&socat] {
		socat.terminate();
		socat.waitForFinished();
	});
	QTRY_VERIFY(QFileInfo::exists(a) && QFileInfo::exists(b));

	QString error;
	QVERIFY2(m_bus->openRtu(a, 9600, QSerialPort::NoParity, QSerialPort::OneStop, &error), qPrintable(error));
	ModbusLine line(ModbusLine::Serial{b});
	line.setRetries(0);
	line.open();
	QTRY_VERIFY(line.isConnected());
	QCOMPARE(line.name(), QStringLiteral("ttyB"));
	QVERIFY(line.isRtu());

	QCOMPARE(readInputs(line, 33, 3, 1).data.value(0), quint16(0xE5E1));
	QCOMPARE(readInputs(line, 1, 0, 1).data.value(0), quint16(2300));

	// PZEM energy reset, function 0x42 with no data: Qt must be told the reply's size.
	m_meter->setEnergyWh(5000);
	QCOMPARE(readInputs(line, 1, 5, 2).data.value(0), quint16(5000));
	ModbusLine::registerFunctionCode(QModbusPdu::FunctionCode(0x42), 0);
	ModbusRequest reset;
	reset.unit = 1;
	reset.kind = ModbusRequest::Kind::Raw;
	reset.priority = ModbusRequest::Priority::Control;
	reset.pdu = QModbusRequest(QModbusPdu::FunctionCode(0x42));
	reset.timeout = 2000ms;
	QCOMPARE(run(line, reset).status, Status::Ok);
	QCOMPARE(readInputs(line, 1, 5, 2).data.value(0), quint16(0));

	// A corrupted frame never counts as an answer.
	m_meter->setFault(SimFault::BadCrc);
	QCOMPARE(readInputs(line, 1, 0, 1).status, Status::Timeout);
	m_meter->setFault(SimFault::None);
	QCOMPARE(readInputs(line, 1, 0, 1).status, Status::Ok);
}

QTEST_GUILESS_MAIN(TestModbusLine)
#include "tst_modbus_line.moc"
