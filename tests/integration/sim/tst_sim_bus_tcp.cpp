#include "sim/sim_mbap_framer.h"
#include "sim_bus_test_support.h"

#include <QElapsedTimer>
#include <QModbusTcpClient>
#include <QTcpSocket>
#include <QTest>
#include <QVariant>

using namespace pvrouter;
using namespace pvrouter::simtest;
using namespace std::chrono_literals;

// The simulated bus over Modbus TCP on 127.0.0.1, with Qt's own client and with a raw socket.
class TestSimBusTcp : public SimBusTest
{
	Q_OBJECT
private Q_SLOTS:
	void init();
	void cleanup();
	void readsTwoUnits();
	void writesCoilsAndHeartbeat();
	void silentDeviceTimesOut();
	void unattachedUnitTimesOut();
	void exceptionFault();
	void garbageFault();
	void slowFaultAnswersLate();
	void batchedAndSplitSegments();
	void broadcastExecutesWithoutAnswer();

private:
	QByteArray rawExchange(const QByteArray &request, int expectedBytes);
};

void TestSimBusTcp::init()
{
	createDevices();
	QString error;
	QVERIFY2(m_bus->listenTcp(&error), qPrintable(error));
	QVERIFY(m_bus->tcpPort() != 0);

	m_client.reset(new QModbusTcpClient);
	m_client->setConnectionParameter(QModbusDevice::NetworkAddressParameter, QStringLiteral("127.0.0.1"));
	m_client->setConnectionParameter(QModbusDevice::NetworkPortParameter, int(m_bus->tcpPort()));
	m_client->setTimeout(200);
	m_client->setNumberOfRetries(0);
	QVERIFY(m_client->connectDevice());
	QTRY_COMPARE(m_client->state(), QModbusDevice::ConnectedState);
}

void TestSimBusTcp::cleanup()
{
	destroyAll();
}

void TestSimBusTcp::readsTwoUnits()
{
	m_heaterOwner->setTemperatureC(61.25);
	m_pzemOwner->setVoltageV(231.4);
	m_pzemOwner->setPowerW(1234.5);

	ReplyPtr heater(m_client->sendReadRequest(QModbusDataUnit(QModbusDataUnit::InputRegisters, 0, 5), 33));
	ReplyPtr pzem(m_client->sendReadRequest(QModbusDataUnit(QModbusDataUnit::InputRegisters, 0, 10), 1));
	QVERIFY(finish(heater.data()));
	QVERIFY(finish(pzem.data()));
	QCOMPARE(heater->error(), QModbusDevice::NoError);
	QCOMPARE(pzem->error(), QModbusDevice::NoError);
	QCOMPARE(heater->result().values(), (QList<quint16>{6125, 0, 0, 0xE5E1, 0}));
	const QList<quint16> values = pzem->result().values();
	QCOMPARE(values.size(), 10);
	QCOMPARE(values[0], quint16(2314));
	QCOMPARE(values[3], quint16(12345)); // power low word
	QCOMPARE(values[4], quint16(0));
}

void TestSimBusTcp::writesCoilsAndHeartbeat()
{
	ReplyPtr coils(m_client->sendWriteRequest(QModbusDataUnit(QModbusDataUnit::Coils, 0, QList<quint16>{1, 0, 1}), 33));
	QVERIFY(finish(coils.data()));
	QCOMPARE(coils->error(), QModbusDevice::NoError);
	QCOMPARE(m_heaterOwner->appliedPowerW(), 0);

	ReplyPtr beat(
		m_client->sendWriteRequest(QModbusDataUnit(QModbusDataUnit::HoldingRegisters, 0, QList<quint16>{17}), 33));
	QVERIFY(finish(beat.data()));
	QCOMPARE(beat->error(), QModbusDevice::NoError);
	QCOMPARE(m_heaterOwner->appliedPowerW(), 2500);

	ReplyPtr power(m_client->sendReadRequest(QModbusDataUnit(QModbusDataUnit::InputRegisters, 2, 1), 33));
	QVERIFY(finish(power.data()));
	QCOMPARE(power->result().value(0), quint16(2500));
}

void TestSimBusTcp::silentDeviceTimesOut()
{
	m_heaterOwner->setFault(SimFault::Silent);
	ReplyPtr reply(m_client->sendReadRequest(QModbusDataUnit(QModbusDataUnit::InputRegisters, 0, 1), 33));
	QVERIFY(finish(reply.data()));
	QCOMPARE(reply->error(), QModbusDevice::TimeoutError);

	ReplyPtr other(m_client->sendReadRequest(QModbusDataUnit(QModbusDataUnit::InputRegisters, 0, 1), 1));
	QVERIFY(finish(other.data()));
	QCOMPARE(other->error(), QModbusDevice::NoError);
}

void TestSimBusTcp::unattachedUnitTimesOut()
{
	ReplyPtr reply(m_client->sendReadRequest(QModbusDataUnit(QModbusDataUnit::InputRegisters, 0, 1), 2));
	QVERIFY(finish(reply.data()));
	QCOMPARE(reply->error(), QModbusDevice::TimeoutError);
}

void TestSimBusTcp::exceptionFault()
{
	m_heaterOwner->setFault(SimFault::Exception);
	ReplyPtr reply(
		m_client->sendWriteRequest(QModbusDataUnit(QModbusDataUnit::HoldingRegisters, 0, QList<quint16>{5}), 33));
	QVERIFY(finish(reply.data()));
	QCOMPARE(reply->error(), QModbusDevice::ProtocolError);
	QCOMPARE(reply->rawResult().exceptionCode(), QModbusPdu::ServerDeviceFailure);
	QCOMPARE(m_heaterOwner->masterHeartbeat(), quint16(0)); // a failing device executes nothing
}

void TestSimBusTcp::garbageFault()
{
	m_pzemOwner->setFault(SimFault::Garbage);
	ReplyPtr reply(m_client->sendReadRequest(QModbusDataUnit(QModbusDataUnit::InputRegisters, 0, 10), 1));
	QVERIFY(finish(reply.data()));
	QVERIFY(reply->error() != QModbusDevice::NoError);
}

void TestSimBusTcp::slowFaultAnswersLate()
{
	m_client->setTimeout(2000);
	m_heaterOwner->setFault(SimFault::Slow);
	m_heaterOwner->setSlowDelay(300ms);
	QElapsedTimer elapsed;
	elapsed.start();
	ReplyPtr reply(m_client->sendReadRequest(QModbusDataUnit(QModbusDataUnit::InputRegisters, 3, 1), 33));
	QVERIFY(finish(reply.data()));
	QCOMPARE(reply->error(), QModbusDevice::NoError);
	QCOMPARE(reply->result().value(0), quint16(0xE5E1));
	QVERIFY(elapsed.elapsed() >= 290);
}

QByteArray TestSimBusTcp::rawExchange(const QByteArray &request, int expectedBytes)
{
	QTcpSocket socket;
	QSignalSpy connected(&socket, &QTcpSocket::connected);
	socket.connectToHost(QHostAddress::LocalHost, m_bus->tcpPort());
	if (!connected.wait(5000))
		return {};
	// Split on purpose: the last three bytes leave only once the server has handled the first request, so
	// the second request reaches it in two segments.
	QSignalSpy handled(m_bus.data(), &ModbusSimBus::requestHandled);
	QSignalSpy readyRead(&socket, &QTcpSocket::readyRead);
	socket.write(request.left(request.size() - 3));
	if (!handled.wait(5000))
		return {};
	socket.write(request.right(3));
	QByteArray received = socket.readAll();
	while (received.size() < expectedBytes && readyRead.wait(5000))
		received += socket.readAll();
	return received;
}

void TestSimBusTcp::batchedAndSplitSegments()
{
	m_heaterOwner->setTemperatureC(12.34);
	// Two requests in one segment; the last three bytes of the second in another.
	const QByteArray request = SimMbapFramer::encode(0x1111, 33, QByteArray::fromHex("0400000001")) +
		SimMbapFramer::encode(0x2222, 33, QByteArray::fromHex("0400030001"));
	const QByteArray received = rawExchange(request, 22);
	QCOMPARE(received.toHex(' '),
		(SimMbapFramer::encode(0x1111, 33, QByteArray::fromHex("0402 04D2")) +
			SimMbapFramer::encode(0x2222, 33, QByteArray::fromHex("0402 E5E1")))
			.toHex(' '));
}

void TestSimBusTcp::broadcastExecutesWithoutAnswer()
{
	// A broadcast heartbeat, then a read of unit 33 in the same segment: one answer only.
	const QByteArray request = SimMbapFramer::encode(1, 0, QByteArray::fromHex("0600000009")) +
		SimMbapFramer::encode(2, 33, QByteArray::fromHex("0400030001"));
	const QByteArray received = rawExchange(request, 11);
	QCOMPARE(received.toHex(' '), SimMbapFramer::encode(2, 33, QByteArray::fromHex("0402 E5E1")).toHex(' '));
	QCOMPARE(m_heaterOwner->masterHeartbeat(), quint16(9));
}

QTEST_GUILESS_MAIN(TestSimBusTcp)
#include "tst_sim_bus_tcp.moc"
