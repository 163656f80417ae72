#pragma once

#include "sim_mbap_framer.h"
#include "sim_modbus_device.h"
#include "sim_rtu_framer.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QRandomGenerator>
#include <QSerialPort>
#include <QTimer>

#include <array>
#include <chrono>
#include <optional>

class QTcpServer;
class QTcpSocket;

namespace pvrouter {

// One simulated RS-485 line (or Modbus TCP gateway) serving several unit addresses, which Qt's
// QModbusRtuSerialServer / QModbusTcpServer cannot (they serve one address). Units without a device never
// answer, as on a real bus; unit 0 is broadcast: every device executes the request and none answers.
// Faults set on a device (SimModbusDevice::fault) are applied here.
class ModbusSimBus : public QObject
{
	Q_OBJECT
public:
	explicit ModbusSimBus(QObject *parent = nullptr);
	~ModbusSimBus() override;

	// Modbus TCP on 127.0.0.1, on a port the system picks (tcpPort()).
	bool listenTcp(QString *error);
	quint16 tcpPort() const;
	// Modbus RTU on a serial port or pty end, 8 data bits.
	bool openRtu(const QString &ttyPath, qint32 baud, QSerialPort::Parity parity, QSerialPort::StopBits stopBits,
		QString *error);
	// Stops serving TCP and RTU; answers still delayed by a Slow fault are dropped.
	void close();

	// Serves `device` (not owned; it must outlive the bus or be detached) at `unit` 1..247 (or any non-zero
	// address, e.g. the PZEM general address 0xF8). One device may be attached at several units.
	void attach(quint8 unit, SimModbusDevice *device);
	void detach(quint8 unit);
	SimModbusDevice *device(quint8 unit) const { return m_devices[unit]; }

	// Lets time pass on every attached device.
	void advance(std::chrono::milliseconds elapsed);
	// Advances the devices by wall-clock time every `tick` (for --simulate); stopClock() ends it.
	void startClock(std::chrono::milliseconds tick);
	void stopClock();

	quint64 droppedRtuBytes() const { return m_rtuFramer.droppedBytes(); }

Q_SIGNALS:
	// A request reached an attached device (or all of them, unit 0), whatever the fault made of the answer.
	void requestHandled(quint8 unit, quint8 functionCode);

private:
	struct Answer
	{
		QByteArray pdu;
		SimFault fault = SimFault::None;
		std::chrono::milliseconds delay{0};
	};

	void onTcpConnection();
	void onTcpReadyRead(QTcpSocket *socket);
	void onTcpDisconnected(QTcpSocket *socket);
	void onRtuReadyRead();
	void onRtuSilence();
	void onClockTick();

	std::optional<Answer> dispatch(quint8 unit, const QByteArray &pdu);
	void serveRtu(const QVector<SimRtuFramer::Frame> &frames);
	QByteArray randomBytes(qsizetype size);

	QTcpServer *m_tcpServer = nullptr;               // child
	QHash<QTcpSocket *, SimMbapFramer> m_tcpFramers; // sockets are children of m_tcpServer
	QSerialPort *m_serial = nullptr;                 // child
	SimRtuFramer m_rtuFramer;
	QTimer m_rtuGap; // ~3.5 character times of silence end a frame of unknown length
	QTimer m_clock;
	QElapsedTimer m_clockElapsed;
	std::array<SimModbusDevice *, 256> m_devices{};
	QRandomGenerator m_random{0x5EED};
};

} // namespace pvrouter
