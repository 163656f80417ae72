#include "modbus_device.h"

#include "common/logging.h"

namespace pvrouter {

namespace {

QModbusDataUnit::RegisterType registerType(ModbusTable table)
{
	switch (table) {
	case ModbusTable::Coil:
		return QModbusDataUnit::Coils;
	case ModbusTable::DiscreteInput:
		return QModbusDataUnit::DiscreteInputs;
	case ModbusTable::InputRegister:
		return QModbusDataUnit::InputRegisters;
	case ModbusTable::HoldingRegister:
		break;
	}
	return QModbusDataUnit::HoldingRegisters;
}

ErrorBudget::Outcome outcome(ModbusResult::Status status)
{
	switch (status) {
	case ModbusResult::Status::Ok:
		return ErrorBudget::Outcome::Ok;
	case ModbusResult::Status::Exception:
	case ModbusResult::Status::Garbage:
		return ErrorBudget::Outcome::ProtocolError;
	case ModbusResult::Status::Timeout:
	case ModbusResult::Status::NoConnection:
		break;
	}
	return ErrorBudget::Outcome::Timeout;
}

} // namespace

ModbusDevice::ModbusDevice(ModbusLine *line, quint8 unit, QList<RegisterDef> map, std::chrono::milliseconds poll,
	const BlockRules &rules, QObject *parent)
	: QObject(parent), m_line(line), m_unit(unit), m_schedule(std::move(map), rules)
{
	m_timer.setInterval(poll);
	connect(&m_timer, &QTimer::timeout, this, &ModbusDevice::onPoll);
}

void ModbusDevice::start()
{
	m_timer.start();
	onPoll();
}

void ModbusDevice::onPoll()
{
	const Clock::time_point now = Clock::now();
	if (m_pending > 0 || !m_budget.mayProbe(now))
		return; // the last poll is still on the line, or a lost device's back-off runs
	QList<int> due = m_schedule.due(now);
	if (!m_budget.isOnline())
		due = due.mid(0, 1); // one read is enough to tell whether it is back
	for (int block : std::as_const(due)) {
		const RegisterBlock &b = m_schedule.blocks().at(block);
		ModbusRequest request;
		request.unit = m_unit;
		request.data = QModbusDataUnit(registerType(b.table), b.start, b.count);
		// Within the poll period, so a silent device is noticed within three polls.
		request.timeout = std::min(m_line->timeout(), std::chrono::milliseconds(m_timer.intervalAsDuration()));
		request.context = this;
		request.handler = [this, block](const ModbusResult &result) {
			onBlockRead(block, result);
		};
		++m_pending;
		m_line->send(std::move(request));
	}
}

void ModbusDevice::onBlockRead(int block, const ModbusResult &result)
{
	--m_pending;
	const Clock::time_point now = Clock::now();
	m_budget.record(outcome(result.status), now);
	if (result.ok() && result.data.valueCount() == m_schedule.blocks().at(block).count) {
		const RegisterBlock &b = m_schedule.blocks().at(block);
		const QList<quint16> words = result.data.values();
		for (int member : b.members) {
			const RegisterDef &def = m_schedule.defs().at(member);
			m_values.insert(
				QLatin1String(def.key), RegisterMap::decode(def, words.constData() + (def.address - b.start)));
		}
		m_schedule.markRead(block, now);
	} else if (!result.ok()) {
		qCDebug(lcModbus).noquote() << m_line->name() << "unit" << m_unit << "read failed:" << result.error;
	}
	if (!m_budget.isOnline()) {
		if (m_connected)
			qCWarning(lcModbus).noquote() << m_line->name() << "unit" << m_unit << "lost; probing every"
										  << m_budget.backoff().count() << "ms or more";
		m_values.clear();
		m_schedule.reset();
		setConnected(false);
		return;
	}
	if (m_pending > 0)
		return;
	if (m_connected) {
		update();
	} else if (m_values.size() == m_schedule.defs().size()) { // every register read once: it is there
		setConnected(true);
		update();
	} else if (result.ok()) {
		onPoll(); // it answered a probe: read the rest now rather than a period later
	}
}

void ModbusDevice::setConnected(bool connected)
{
	if (connected == m_connected)
		return;
	m_connected = connected;
	if (connected)
		qCInfo(lcModbus).noquote() << m_line->name() << "unit" << m_unit << "answering";
	connectionChanged(connected);
	Q_EMIT connectedChanged(connected);
}

} // namespace pvrouter
