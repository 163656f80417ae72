#pragma once

#include "request_queue.h"

#include <QModbusDevice>
#include <QObject>
#include <QSerialPort>
#include <QTimer>

class QModbusClient;
class QModbusReply;

namespace pvrouter {

// One RS-485 line (QModbusRtuSerialClient) or one Modbus TCP endpoint (QModbusTcpClient), shared by every
// device on it. Exactly one request is on the wire at a time, in RequestQueue order (setpoints before polls,
// polls taking turns between units); each has a timeout and retries. Handlers run from the event loop, never
// from inside read()/write()/send(). While the port or endpoint is unavailable, requests fail at once with
// NoConnection (so devices' error budgets see it) and the line reconnects with a doubling delay.
class ModbusLine : public QObject
{
	Q_OBJECT
public:
	struct Serial
	{
		QString port; // device path, e.g. /dev/ttyUSB0
		qint32 baud = 9600;
		QSerialPort::Parity parity = QSerialPort::NoParity;
		QSerialPort::StopBits stopBits = QSerialPort::OneStop;
		QSerialPort::DataBits dataBits = QSerialPort::Data8;
	};

	explicit ModbusLine(const Serial &serial, QObject *parent = nullptr);
	ModbusLine(const QString &host, quint16 port, QObject *parent = nullptr);
	~ModbusLine() override;

	// "ttyUSB0" or "192.168.1.20:502", for logs and /Mgmt/Connection.
	const QString &name() const { return m_name; }
	bool isRtu() const { return m_rtu; }
	bool isConnected() const;

	// The default per-request timeout, and how often Qt re-sends a request that got no answer (0 by default).
	void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
	std::chrono::milliseconds timeout() const { return m_timeout; }
	void setRetries(int retries);

	void open();
	void close();

	void read(quint8 unit, const QModbusDataUnit &what, QObject *context, ModbusRequest::Handler handler);
	// Writes are control requests: they go before every queued poll.
	void write(quint8 unit, const QModbusDataUnit &what, QObject *context, ModbusRequest::Handler handler);
	void send(ModbusRequest request);

	// Teaches Qt the reply size of a custom function code (PZEM 0x42 reset: no data); without it Qt holds such
	// a reply back until the timeout (devices.md §0). Process-wide.
	static void registerFunctionCode(QModbusPdu::FunctionCode code, int replyDataSize);

Q_SIGNALS:
	void connectedChanged(bool connected);

private:
	void onStateChanged(QModbusDevice::State state);
	void onReplyFinished();
	void onReconnect();
	void scheduleDispatch();
	void dispatch();
	void complete(const ModbusResult &result);
	void setUpClient();

	QModbusClient *m_client = nullptr; // child
	QModbusReply *m_reply = nullptr;   // the one in flight; deleted when finished
	std::optional<ModbusRequest> m_inFlight;
	RequestQueue m_queue;
	QTimer m_reconnectTimer;
	QString m_name;
	std::chrono::milliseconds m_timeout;
	std::chrono::milliseconds m_reconnectDelay{0};
	bool m_rtu;
	bool m_wantOpen = false;
	bool m_dispatchQueued = false;
};

} // namespace pvrouter
