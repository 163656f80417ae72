#include "serial_probe.h"

#include "common/logging.h"
#include "modbus/modbus_line.h"

#include <QFileInfo>

namespace pvrouter {

using namespace std::chrono_literals;

SerialProbe::SerialProbe(const QString &port, QObject *parent)
	: QObject(parent), m_port(port.startsWith(QLatin1Char('/')) ? port : QStringLiteral("/dev/") + port)
{
	const auto one = QSerialPort::OneStop, two = QSerialPort::TwoStop;
	m_questions = {
		{one, 33, 3, 1, DeviceType::Heizstab, 0xE5E1}, // devices.md §1.1
		{one, 1, 100, 1, DeviceType::Growatt, {}},     // §4.2: input 0..124
		{one, 1, 8, 1, DeviceType::Pzem016, {}},       // §2.2: input 0..9
		{one, 1, 1, 1, DeviceType::Pzem017, {}},       // §2.4: input 0..7; an SDM230 refuses odd counts (§3.1)
		{one, 1, 0, 2, DeviceType::Sdm230, {}},        // §3.2: floats from 0
		{two, 1, 1, 1, DeviceType::Pzem017, {}},       // §2.1: 8N2, if 8N1 frames got no answer at all
	};
	m_found.lines.append({QStringLiteral("serial"), {m_port}, 0});
}

void SerialProbe::start()
{
	qCInfo(lcApp).noquote() << "probing" << m_port << "for our devices";
	ask();
}

void SerialProbe::ask()
{
	const auto unitKnown = [this](quint8 unit) {
		return std::any_of(
			m_found.devices.cbegin(), m_found.devices.cend(), [unit](const DeviceConfig &d) { return d.unit == unit; });
	};
	while (m_next < m_questions.size()) {
		const Question &q = m_questions.at(m_next);
		const bool secondChance = q.stopBits == QSerialPort::TwoStop;
		if (unitKnown(q.unit) || (secondChance && !m_found.devices.isEmpty()))
			++m_next;
		else
			break;
	}
	if (m_next == m_questions.size()) {
		if (m_line)
			m_line->close();
		Q_EMIT finished(m_found);
		return;
	}
	const Question question = m_questions.at(m_next++);
	if (!m_line || m_lineStopBits != question.stopBits) {
		delete m_line;
		m_lineStopBits = question.stopBits;
		ModbusLine::Serial serial{m_port};
		serial.stopBits = question.stopBits;
		m_line = new ModbusLine(serial, this);
		m_line->setTimeout(300ms); // at 9600 baud a short answer takes ~20 ms; a device answers or it is not there
		m_line->open();
	}
	m_line->read(question.unit, QModbusDataUnit(QModbusDataUnit::InputRegisters, question.address, question.count),
		this, [this, question](const ModbusResult &result) {
			const bool matches = result.ok() && result.data.valueCount() == question.count &&
				(!question.expected || result.data.value(0) == *question.expected);
			onAnswer(question, matches);
		});
}

void SerialProbe::onAnswer(const Question &question, bool matches)
{
	if (matches) {
		const DeviceTypeDefaults &defaults = deviceTypeDefaults(question.type);
		DeviceConfig device;
		device.name = QStringLiteral("%1_%2").arg(QFileInfo(m_port).fileName()).arg(question.unit);
		device.type = question.type;
		device.lineName = m_found.lines.first().name;
		// It runs at the framing it answered at, as does the whole line.
		device.serial = SerialSettings{m_port, defaults.serial.baud, defaults.serial.parity, question.stopBits};
		device.unit = question.unit;
		device.role = defaults.role;
		device.poll = defaults.poll;
		m_found.devices.append(device);
		m_found.lines.first().serial = *device.serial;
		qCInfo(lcApp).noquote() << m_port << "unit" << question.unit << "is a" << deviceTypeName(question.type);
	}
	ask();
}

} // namespace pvrouter
