#pragma once

#include "device_config.h"

#include <QObject>

#include <optional>

namespace pvrouter {

class ModbusLine;

// Serial-starter mode: finds which of our device types answer on one tty, at their factory settings, so the
// daemon can run them without a config file. Each question is a read that only one type can answer given the
// register maps of devices.md: the heater controller at unit 33 shows its type 0xE5E1 in input register 3;
// at unit 1 a Growatt has input register 100, a PZEM-016 register 8 (a PZEM-017 stops at 7), a PZEM-017 answers
// a one-register read that an SDM230 refuses, and an SDM230 answers two registers of a float. A PZEM-017 that
// does not understand 8N1 frames is asked once more at its own 8N2 when nothing else answered.
class SerialProbe : public QObject
{
	Q_OBJECT
public:
	explicit SerialProbe(const QString &port, QObject *parent = nullptr);
	void start();

Q_SIGNALS:
	// What answered, as a config with one line and its devices; no devices when nothing did.
	void finished(const pvrouter::Config &found);

private:
	struct Question
	{
		QSerialPort::StopBits stopBits;
		quint8 unit;
		quint16 address;
		quint16 count;
		DeviceType type;
		std::optional<quint16> expected; // the value the first register must have
	};

	void ask();
	void onAnswer(const Question &question, bool matches);

	QString m_port;
	QList<Question> m_questions;
	int m_next = 0;
	ModbusLine *m_line = nullptr; // child; one per framing
	QSerialPort::StopBits m_lineStopBits = QSerialPort::OneStop;
	Config m_found;
};

} // namespace pvrouter
