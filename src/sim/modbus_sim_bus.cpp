#include "modbus_sim_bus.h"

#include "common/logging.h"
#include "modbus_crc.h"
#include "sim_register_bank.h"

#include <QPointer>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>

namespace pvrouter {

using namespace std::chrono_literals;

namespace {

// 3.5 character times of 11 bits, in whole milliseconds as Qt computes it; fixed 2 ms from 19200 baud on
// (Modbus over serial line v1.02 §2.5.1.1; toolchain.md §2).
std::chrono::milliseconds interFrameGap(qint32 baud)
{
	if (baud <= 0 || baud >= 19200)
		return 2ms;
	return std::chrono::milliseconds((3500 * 11 + baud - 1) / baud);
}

} // namespace

ModbusSimBus::ModbusSimBus(QObject *parent) : QObject(parent)
{
	m_rtuGap.setSingleShot(true);
	connect(&m_rtuGap, &QTimer::timeout, this, &ModbusSimBus::onRtuSilence);
	connect(&m_clock, &QTimer::timeout, this, &ModbusSimBus::onClockTick);
}

ModbusSimBus::~ModbusSimBus()
{
	close();
}

bool ModbusSimBus::listenTcp(QString *error)
{
	if (!m_tcpServer) {
		m_tcpServer = new QTcpServer(this);
		connect(m_tcpServer, &QTcpServer::newConnection, this, &ModbusSimBus::onTcpConnection);
	}
	if (m_tcpServer->isListening())
		return true;
	if (!m_tcpServer->listen(QHostAddress::LocalHost, 0)) {
		if (error)
			*error = QStringLiteral("Modbus simulator: cannot listen on 127.0.0.1: %1").arg(m_tcpServer->errorString());
		return false;
	}
	qCInfo(lcSim) << "Modbus TCP simulator on 127.0.0.1 port" << m_tcpServer->serverPort();
	return true;
}

quint16 ModbusSimBus::tcpPort() const
{
	return m_tcpServer && m_tcpServer->isListening() ? m_tcpServer->serverPort() : 0;
}

bool ModbusSimBus::openRtu(
	const QString &ttyPath, qint32 baud, QSerialPort::Parity parity, QSerialPort::StopBits stopBits, QString *error)
{
	if (m_serial) {
		m_serial->disconnect(this);
		m_serial->close();
		m_serial->deleteLater();
	}
	m_rtuGap.stop();
	m_serial = new QSerialPort(ttyPath, this);
	m_serial->setBaudRate(baud);
	m_serial->setDataBits(QSerialPort::Data8);
	m_serial->setParity(parity);
	m_serial->setStopBits(stopBits);
	m_serial->setFlowControl(QSerialPort::NoFlowControl);
	if (!m_serial->open(QIODevice::ReadWrite)) {
		if (error)
			*error = QStringLiteral("Modbus simulator: cannot open %1: %2").arg(ttyPath, m_serial->errorString());
		m_serial->deleteLater();
		m_serial = nullptr;
		return false;
	}
	m_rtuFramer = SimRtuFramer();
	m_rtuGap.setInterval(interFrameGap(baud));
	connect(m_serial, &QSerialPort::readyRead, this, &ModbusSimBus::onRtuReadyRead);
	qCInfo(lcSim) << "Modbus RTU simulator on" << ttyPath << baud << "baud";
	return true;
}

void ModbusSimBus::close()
{
	m_rtuGap.stop();
	if (m_serial) {
		m_serial->disconnect(this);
		m_serial->close();
		m_serial->deleteLater();
		m_serial = nullptr;
	}
	if (m_tcpServer) {
		for (auto it = m_tcpFramers.cbegin(); it != m_tcpFramers.cend(); ++it)
			it.key()->disconnect(this);
		m_tcpFramers.clear();
		delete m_tcpServer; // and its connections
		m_tcpServer = nullptr;
	}
}

void ModbusSimBus::attach(quint8 unit, SimModbusDevice *device)
{
	if (unit == 0) {
		qCWarning(lcSim) << "Modbus simulator: unit 0 is broadcast, not attaching a device there";
		return;
	}
	m_devices[unit] = device;
}

void ModbusSimBus::detach(quint8 unit)
{
	m_devices[unit] = nullptr;
}

void ModbusSimBus::advance(std::chrono::milliseconds elapsed)
{
	QSet<SimModbusDevice *> done;
	for (SimModbusDevice *device : m_devices) {
		if (device && !done.contains(device)) {
			done.insert(device);
			device->advance(elapsed);
		}
	}
}

void ModbusSimBus::startClock(std::chrono::milliseconds tick)
{
	m_clockElapsed.start();
	m_clock.start(tick);
}

void ModbusSimBus::stopClock()
{
	m_clock.stop();
}

void ModbusSimBus::onClockTick()
{
	advance(std::chrono::milliseconds(m_clockElapsed.restart()));
}

std::optional<ModbusSimBus::Answer> ModbusSimBus::dispatch(quint8 unit, const QByteArray &pdu)
{
	if (pdu.isEmpty())
		return std::nullopt;
	const quint8 fc = quint8(pdu[0]);
	if (unit == 0) {
		QSet<SimModbusDevice *> done;
		for (SimModbusDevice *device : m_devices) {
			if (!device || done.contains(device))
				continue;
			done.insert(device);
			if (device->fault() != SimFault::Silent && device->fault() != SimFault::Exception)
				device->handle(pdu);
		}
		Q_EMIT requestHandled(unit, fc);
		return std::nullopt;
	}
	SimModbusDevice *device = m_devices[unit];
	if (!device || device->fault() == SimFault::Silent)
		return std::nullopt;
	Answer answer;
	answer.fault = device->fault();
	if (answer.fault == SimFault::Exception)
		answer.pdu = SimRegisterBank::exceptionPdu(fc, SimException::SlaveDeviceFailure);
	else
		answer.pdu = device->handle(pdu);
	if (answer.fault == SimFault::Slow)
		answer.delay = device->slowDelay();
	Q_EMIT requestHandled(unit, fc);
	if (answer.pdu.isEmpty())
		return std::nullopt;
	return answer;
}

QByteArray ModbusSimBus::randomBytes(qsizetype size)
{
	QByteArray bytes(size, '\0');
	for (char &byte : bytes)
		byte = char(m_random.bounded(256));
	return bytes;
}

void ModbusSimBus::onTcpConnection()
{
	while (QTcpSocket *socket = m_tcpServer->nextPendingConnection()) {
		m_tcpFramers.insert(socket, SimMbapFramer());
		connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onTcpReadyRead(socket); });
		connect(socket, &QTcpSocket::disconnected, this, [this, socket] { onTcpDisconnected(socket); });
	}
}

void ModbusSimBus::onTcpDisconnected(QTcpSocket *socket)
{
	m_tcpFramers.remove(socket);
	socket->deleteLater();
}

void ModbusSimBus::onTcpReadyRead(QTcpSocket *socket)
{
	const auto framer = m_tcpFramers.find(socket);
	if (framer == m_tcpFramers.end())
		return;
	const QVector<SimMbapFramer::Frame> frames = framer->feed(socket->readAll());
	if (framer->isBroken()) {
		qCDebug(lcSim) << "Modbus TCP simulator: impossible MBAP length, closing the connection";
		socket->abort();
		return;
	}
	const QPointer<QTcpSocket> guard(socket);
	for (const SimMbapFramer::Frame &frame : frames) {
		qCDebug(lcSim) << "TCP request unit" << frame.unit << frame.pdu.toHex(' ');
		const std::optional<Answer> answer = dispatch(frame.unit, frame.pdu);
		if (!answer || !guard)
			continue;
		QByteArray pdu = answer->pdu;
		if (answer->fault == SimFault::Garbage || answer->fault == SimFault::BadCrc) {
			// No CRC on TCP: a body that cannot be taken for the answer (its function code differs).
			pdu = randomBytes(pdu.size());
			while ((quint8(pdu[0]) & 0x7F) == (quint8(frame.pdu[0]) & 0x7F))
				pdu[0] = char(m_random.bounded(256));
		}
		const QByteArray adu = SimMbapFramer::encode(frame.transactionId, frame.unit, pdu);
		if (answer->delay > 0ms) {
			QTimer::singleShot(answer->delay, this, [guard, adu] {
				if (guard && guard->state() == QAbstractSocket::ConnectedState)
					guard->write(adu);
			});
		} else {
			socket->write(adu);
		}
	}
}

void ModbusSimBus::onRtuReadyRead()
{
	serveRtu(m_rtuFramer.feed(m_serial->readAll()));
	if (m_rtuFramer.hasPending())
		m_rtuGap.start();
	else
		m_rtuGap.stop();
}

void ModbusSimBus::onRtuSilence()
{
	serveRtu(m_rtuFramer.silence());
}

void ModbusSimBus::serveRtu(const QVector<SimRtuFramer::Frame> &frames)
{
	for (const SimRtuFramer::Frame &frame : frames) {
		qCDebug(lcSim) << "RTU request unit" << frame.unit << frame.pdu.toHex(' ');
		const std::optional<Answer> answer = dispatch(frame.unit, frame.pdu);
		if (!answer || !m_serial)
			continue;
		QByteArray adu = withModbusCrc(QByteArray(1, char(frame.unit)) + answer->pdu);
		if (answer->fault == SimFault::BadCrc) {
			adu[adu.size() - 2] = char(quint8(adu[adu.size() - 2]) ^ 0x5A);
			adu[adu.size() - 1] = char(quint8(adu[adu.size() - 1]) ^ 0xA5);
		} else if (answer->fault == SimFault::Garbage) {
			adu = randomBytes(adu.size());
		}
		if (answer->delay > 0ms) {
			const QPointer<QSerialPort> port(m_serial);
			QTimer::singleShot(answer->delay, this, [port, adu] {
				if (port && port->isOpen())
					port->write(adu);
			});
		} else {
			m_serial->write(adu);
		}
	}
}

} // namespace pvrouter
