#include "modbus_line.h"

#include "common/logging.h"

#include <QFileInfo>
#include <QHash>
#include <QModbusRtuSerialClient>
#include <QModbusTcpClient>
#include <QVariant>

namespace pvrouter {

namespace {

// RTU at 9600 baud: a 25-byte answer takes ~30 ms on the wire, plus the device's own latency.
constexpr std::chrono::milliseconds RtuTimeout{300};
constexpr std::chrono::milliseconds TcpTimeout{500}; // a LAN answers in milliseconds
constexpr std::chrono::milliseconds FirstReconnect{1000};
constexpr std::chrono::milliseconds MaxReconnect{30000};

QHash<int, int> &customReplySizes()
{
	static QHash<int, int> sizes;
	return sizes;
}

ModbusResult failure(ModbusResult::Status status, const QString &error)
{
	ModbusResult result;
	result.status = status;
	result.error = error;
	return result;
}

} // namespace

ModbusLine::ModbusLine(const Serial &serial, QObject *parent)
	: QObject(parent), m_client(new QModbusRtuSerialClient(this)), m_name(QFileInfo(serial.port).fileName()),
	  m_timeout(RtuTimeout), m_rtu(true)
{
	m_client->setConnectionParameter(QModbusDevice::SerialPortNameParameter, serial.port);
	m_client->setConnectionParameter(QModbusDevice::SerialBaudRateParameter, serial.baud);
	m_client->setConnectionParameter(QModbusDevice::SerialParityParameter, serial.parity);
	m_client->setConnectionParameter(QModbusDevice::SerialStopBitsParameter, serial.stopBits);
	m_client->setConnectionParameter(QModbusDevice::SerialDataBitsParameter, serial.dataBits);
	setUpClient();
}

ModbusLine::ModbusLine(const QString &host, quint16 port, QObject *parent)
	: QObject(parent), m_client(new QModbusTcpClient(this)), m_name(QStringLiteral("%1:%2").arg(host).arg(port)),
	  m_timeout(TcpTimeout), m_rtu(false)
{
	m_client->setConnectionParameter(QModbusDevice::NetworkAddressParameter, host);
	m_client->setConnectionParameter(QModbusDevice::NetworkPortParameter, port);
	setUpClient();
}

ModbusLine::~ModbusLine()
{
	m_wantOpen = false;
	if (m_reply)
		m_reply->disconnect(this);
	m_client->disconnectDevice();
}

void ModbusLine::setUpClient()
{
	// No resends by Qt: a device's error budget already absorbs the odd lost frame, and a resend would double
	// the time it takes to notice a dead device (and accept answers that come far too late).
	m_client->setNumberOfRetries(0);
	connect(m_client, &QModbusDevice::stateChanged, this, &ModbusLine::onStateChanged);
	m_reconnectTimer.setSingleShot(true);
	connect(&m_reconnectTimer, &QTimer::timeout, this, &ModbusLine::onReconnect);
}

void ModbusLine::setRetries(int retries)
{
	m_client->setNumberOfRetries(retries);
}

bool ModbusLine::isConnected() const
{
	return m_client->state() == QModbusDevice::ConnectedState;
}

void ModbusLine::registerFunctionCode(QModbusPdu::FunctionCode code, int replyDataSize)
{
	customReplySizes().insert(code, replyDataSize);
	QModbusResponse::registerDataSizeCalculator(
		code, [](const QModbusResponse &response) { return customReplySizes().value(response.functionCode(), -1); });
}

void ModbusLine::open()
{
	m_wantOpen = true;
	if (m_client->state() == QModbusDevice::UnconnectedState && !m_client->connectDevice())
		qCWarning(lcModbus).noquote() << m_name << "cannot open:" << m_client->errorString();
}

void ModbusLine::close()
{
	m_wantOpen = false;
	m_reconnectTimer.stop();
	m_client->disconnectDevice();
}

void ModbusLine::onStateChanged(QModbusDevice::State state)
{
	if (state == QModbusDevice::ConnectedState) {
		qCInfo(lcModbus).noquote() << m_name << "open";
		m_reconnectDelay = std::chrono::milliseconds(0);
		Q_EMIT connectedChanged(true);
		scheduleDispatch();
	} else if (state == QModbusDevice::UnconnectedState) {
		Q_EMIT connectedChanged(false);
		if (m_wantOpen) {
			m_reconnectDelay =
				m_reconnectDelay.count() == 0 ? FirstReconnect : std::min(m_reconnectDelay * 2, MaxReconnect);
			qCWarning(lcModbus).noquote() << m_name << "is not available (" + m_client->errorString() + "); retrying in"
										  << m_reconnectDelay.count() << "ms";
			m_reconnectTimer.start(m_reconnectDelay);
		}
		scheduleDispatch(); // fail what is queued rather than let it wait
	}
}

void ModbusLine::onReconnect()
{
	if (m_wantOpen && m_client->state() == QModbusDevice::UnconnectedState && !m_client->connectDevice())
		onStateChanged(QModbusDevice::UnconnectedState);
}

void ModbusLine::read(quint8 unit, const QModbusDataUnit &what, QObject *context, ModbusRequest::Handler handler)
{
	ModbusRequest request;
	request.unit = unit;
	request.data = what;
	request.context = context;
	request.handler = std::move(handler);
	send(std::move(request));
}

void ModbusLine::write(quint8 unit, const QModbusDataUnit &what, QObject *context, ModbusRequest::Handler handler)
{
	ModbusRequest request;
	request.unit = unit;
	request.kind = ModbusRequest::Kind::Write;
	request.priority = ModbusRequest::Priority::Control;
	request.data = what;
	request.context = context;
	request.handler = std::move(handler);
	send(std::move(request));
}

void ModbusLine::send(ModbusRequest request)
{
	m_queue.push(std::move(request));
	scheduleDispatch();
}

void ModbusLine::scheduleDispatch()
{
	if (m_dispatchQueued || m_inFlight)
		return;
	m_dispatchQueued = true;
	QMetaObject::invokeMethod(this, &ModbusLine::dispatch, Qt::QueuedConnection);
}

void ModbusLine::dispatch()
{
	m_dispatchQueued = false;
	if (m_inFlight || m_queue.isEmpty())
		return;
	if (!isConnected()) {
		// Connecting: wait for it. Otherwise nothing can be sent; tell every requester now.
		if (m_client->state() == QModbusDevice::ConnectingState)
			return;
		const QList<ModbusRequest> failed = m_queue.takeAll();
		for (const ModbusRequest &request : failed) {
			m_inFlight = request;
			complete(failure(ModbusResult::Status::NoConnection, m_name + QStringLiteral(" is not open")));
		}
		return;
	}

	m_inFlight = m_queue.pop();
	const ModbusRequest &request = *m_inFlight;
	m_client->setTimeout(int(request.timeout.value_or(m_timeout).count()));
	switch (request.kind) {
	case ModbusRequest::Kind::Read:
		m_reply = m_client->sendReadRequest(request.data, request.unit);
		break;
	case ModbusRequest::Kind::Write:
		m_reply = m_client->sendWriteRequest(request.data, request.unit);
		break;
	case ModbusRequest::Kind::Raw:
		qCDebug(lcModbusLowLevel).noquote()
			<< m_name << "unit" << request.unit << "->" << QByteArray::number(request.pdu.functionCode(), 16)
			<< request.pdu.data().toHex(' ');
		m_reply = m_client->sendRawRequest(request.pdu, request.unit);
		break;
	}
	if (!m_reply) {
		complete(failure(ModbusResult::Status::NoConnection, m_client->errorString()));
	} else if (m_reply->isFinished()) {
		onReplyFinished();
	} else {
		connect(m_reply, &QModbusReply::finished, this, &ModbusLine::onReplyFinished);
	}
}

void ModbusLine::onReplyFinished()
{
	QModbusReply *reply = std::exchange(m_reply, nullptr);
	reply->deleteLater();
	ModbusResult result;
	result.data = reply->result();
	result.response = reply->rawResult();
	result.error = reply->errorString();
	// Qt cannot interpret replies to function codes it does not know (PZEM 0x42) and calls them invalid, though
	// it kept them: for a raw request, a non-exception reply with the request's function code is the caller's
	// to judge.
	const bool rawReply = m_inFlight->kind == ModbusRequest::Kind::Raw && result.response.isValid() &&
		!result.response.isException() && result.response.functionCode() == m_inFlight->pdu.functionCode();
	switch (rawReply ? QModbusDevice::NoError : reply->error()) {
	case QModbusDevice::NoError:
		result.status = ModbusResult::Status::Ok;
		break;
	case QModbusDevice::ProtocolError:
		if (result.response.isException()) {
			result.status = ModbusResult::Status::Exception;
			result.exception = result.response.exceptionCode();
		} else {
			result.status = ModbusResult::Status::Garbage;
		}
		break;
	case QModbusDevice::TimeoutError:
		result.status = ModbusResult::Status::Timeout;
		break;
	case QModbusDevice::ConnectionError:
	case QModbusDevice::ReplyAbortedError:
		result.status = ModbusResult::Status::NoConnection;
		break;
	default:
		result.status = ModbusResult::Status::Garbage;
		break;
	}
	if (result.ok())
		result.error.clear();
	qCDebug(lcModbusLowLevel).noquote() << m_name << "unit" << m_inFlight->unit << "<-"
										<< QByteArray::number(result.response.functionCode(), 16)
										<< result.response.data().toHex(' ') << result.error;
	complete(result);
}

void ModbusLine::complete(const ModbusResult &result)
{
	ModbusRequest request = std::move(*m_inFlight);
	m_inFlight.reset();
	if (!result.ok())
		qCDebug(lcModbus).noquote() << m_name << "unit" << request.unit << "failed:" << result.error;
	if (request.context && request.handler)
		request.handler(result);
	scheduleDispatch();
}

} // namespace pvrouter
