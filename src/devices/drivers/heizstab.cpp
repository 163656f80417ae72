#include "heizstab.h"

#include "common/logging.h"

namespace pvrouter {

using namespace std::chrono_literals;

const QList<RegisterDef> &Heizstab::registers()
{
	// Input registers, devices.md §1.1 (firmware src/main.cpp @ae465ce).
	constexpr auto In = ModbusTable::InputRegister;
	static const QList<RegisterDef> map = {
		{"temperature", In, 0, RegisterType::S16, 1, "°C/100"}, // raw; 8500 means the sensor failed
		{"power", In, 2, RegisterType::U16, 1, "W"}, {"type", In, 3, RegisterType::U16, 1, "", 24h},
		{"mode", In, 4, RegisterType::U16, 1, ""}, // 0 auto, 1 FORCE ON switch
	};
	return map;
}

Heizstab::Heizstab(ModbusLine *line, quint8 unit, std::chrono::milliseconds poll, QObject *parent)
	: ModbusDevice(line, unit, registers(), poll, {}, parent)
{}

void Heizstab::setLevel(int level)
{
	level = std::clamp(level, 0, HeaterModel::MaxLevel);
	if (level == m_model.commandedLevel() && m_sinceHeartbeat.isValid())
		return;
	m_model.setCommandedLevel(level);
	m_mismatches = 0;
	if (m_model.isConnected()) // identified as a heater controller, not merely answering
		sendLevel();
}

void Heizstab::sendLevel()
{
	const int level = m_model.commandedLevel();
	const QList<quint16> coils = {quint16(level & 1), quint16(level >> 1 & 1), quint16(level >> 2 & 1)};
	if (++m_heartbeat == 0)
		m_heartbeat = 1; // never repeat the value the firmware saw last
	const auto report = [this](const ModbusResult &result) {
		if (!result.ok())
			qCWarning(lcModbus).noquote()
				<< line()->name() << "unit" << unit() << "heater write failed:" << result.error;
	};
	// The coils first: the heartbeat change is what makes the firmware apply them.
	line()->write(unit(), QModbusDataUnit(QModbusDataUnit::Coils, 0, coils), this, report);
	line()->write(
		unit(), QModbusDataUnit(QModbusDataUnit::HoldingRegisters, 0, QList<quint16>{m_heartbeat}), this, report);
	m_sinceHeartbeat.start();
}

void Heizstab::update()
{
	if (value("type").toLongLong() != DeviceType) {
		qCWarning(lcModbus).noquote() << line()->name() << "unit" << unit() << "is not a heater controller (type"
									  << value("type").toLongLong() << ")";
		m_model.setConnected(false);
		return;
	}
	const qlonglong raw = value("temperature").toLongLong();
	const bool sensorFault = raw == 8500; // the firmware's 85.00 °C on a OneWire CRC error
	const bool forceOn = value("mode").toLongLong() == 1;
	m_model.setConnected(true);
	m_model.setReadings(
		sensorFault ? QVariant() : QVariant(raw / 100.0), sensorFault, value("power").toDouble(), forceOn);

	// The feedback is the relays' real state; with FORCE ON every element is on whatever we command.
	const double expectedW =
		forceOn ? HeaterModel::MaxLevel * HeaterModel::StepPowerW : m_model.commandedLevel() * HeaterModel::StepPowerW;
	m_mismatches = value("power").toDouble() == expectedW ? 0 : m_mismatches + 1;
	m_model.setFaulty(m_mismatches >= FaultPolls);

	if (!m_sinceHeartbeat.isValid() || std::chrono::milliseconds(m_sinceHeartbeat.elapsed()) >= HeartbeatRefresh)
		sendLevel();
}

void Heizstab::connectionChanged(bool connected)
{
	if (!connected) {
		m_model.setConnected(false);
		m_sinceHeartbeat.invalidate(); // resend the level as soon as it is back
	}
}

} // namespace pvrouter
