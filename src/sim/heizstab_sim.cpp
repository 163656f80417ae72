#include "heizstab_sim.h"

#include <algorithm>
#include <cmath>

namespace pvrouter {

namespace {

enum Input : quint16 { Temperature = 0, Heartbeat = 1, Power = 2, Type = 3, Mode = 4 };

struct RegisterBlock
{
	SimTable table;
	quint16 start;
	quint16 count;
	const char *names;
};

// devices.md §1.1 register map: the firmware configures exactly these; anything else gets exception 2.
constexpr RegisterBlock Registers[] = {
	{SimTable::Coils, 0, 3, "COIL_500W, COIL_1000W, COIL_2000W: SSR requests"},
	{SimTable::InputRegisters, 0, 5, "temperature x100, heartbeat 1/s, power W, device type, mode"},
	{SimTable::HoldingRegisters, 0, 1, "HOLDREG_HEARTBEAT: master heartbeat, must keep changing"},
};

} // namespace

HeizstabSim::HeizstabSim()
{
	for (const RegisterBlock &block : Registers)
		m_bank.declare(block.table, block.start, block.count);
	m_bank.setWriteHook([this](SimTable table, quint16 address, quint16 count) { onWritten(table, address, count); });
	refresh();
}

QByteArray HeizstabSim::handle(const QByteArray &pdu)
{
	return m_bank.handle(pdu);
}

void HeizstabSim::advance(std::chrono::milliseconds elapsed)
{
	if (elapsed.count() <= 0)
		return;
	m_uptime += elapsed;
	m_sinceHeartbeat += elapsed;
	if (m_sinceHeartbeat >= WatchdogTimeout && !m_watchdogTripped) {
		m_watchdogTripped = true;
		m_applied = 0;
	}
	refresh();
}

void HeizstabSim::onWritten(SimTable table, quint16 address, quint16 count)
{
	if (table != SimTable::HoldingRegisters || address != 0 || count < 1)
		return;
	// The firmware loop compares holding 0 with the value it saw last; only a change applies the coils.
	const quint16 heartbeat = m_bank.value(SimTable::HoldingRegisters, 0);
	if (heartbeat == m_lastHeartbeat)
		return;
	m_lastHeartbeat = heartbeat;
	m_applied = 0;
	for (int i = 0; i < OutputCount; ++i) {
		if (m_bank.value(SimTable::Coils, quint16(i)))
			m_applied |= quint8(1u << i);
	}
	m_sinceHeartbeat = std::chrono::milliseconds(0);
	m_watchdogTripped = false;
	refresh();
}

void HeizstabSim::setTemperatureC(double temperatureC)
{
	m_temperatureC = temperatureC;
	refresh();
}

void HeizstabSim::setSensorFault(bool fault)
{
	m_sensorFault = fault;
	refresh();
}

void HeizstabSim::setForceOn(bool on)
{
	m_forceOn = on;
	refresh();
}

quint8 HeizstabSim::outputMask() const
{
	return m_forceOn ? quint8((1u << OutputCount) - 1) : m_applied;
}

bool HeizstabSim::output(int index) const
{
	return index >= 0 && index < OutputCount && (outputMask() & (1u << index));
}

int HeizstabSim::appliedPowerW() const
{
	int powerW = 0;
	for (int i = 0; i < OutputCount; ++i) {
		if (output(i))
			powerW += OutputPowerW[i];
	}
	return powerW;
}

bool HeizstabSim::requested(int index) const
{
	return index >= 0 && index < OutputCount && m_bank.value(SimTable::Coils, quint16(index));
}

quint16 HeizstabSim::masterHeartbeat() const
{
	return m_bank.value(SimTable::HoldingRegisters, 0);
}

quint16 HeizstabSim::deviceHeartbeat() const
{
	return m_bank.value(SimTable::InputRegisters, Heartbeat);
}

void HeizstabSim::refresh()
{
	// The firmware stores temperature*100 in a 16-bit register (two's complement below 0 °C).
	const double raw = std::clamp(std::round(m_temperatureC * 100.0), -32768.0, 32767.0);
	m_bank.setValue(SimTable::InputRegisters, Temperature, m_sensorFault ? SensorFaultRaw : quint16(qint16(raw)));
	m_bank.setValue(SimTable::InputRegisters, Heartbeat, quint16(m_uptime / std::chrono::seconds(1)));
	m_bank.setValue(SimTable::InputRegisters, Power, quint16(appliedPowerW()));
	m_bank.setValue(SimTable::InputRegisters, Type, DeviceType);
	m_bank.setValue(SimTable::InputRegisters, Mode, m_forceOn ? 1 : 0);
}

} // namespace pvrouter
