#include "pzem017_sim.h"

#include <algorithm>
#include <cmath>

namespace pvrouter {

namespace {

enum class Quantity { Voltage, Current, Power, Energy, HighVoltageAlarm, LowVoltageAlarm };

struct InputRegister
{
	quint16 address;
	quint16 words; // 2: u32, low word first
	double lsb;    // value of one count, in the quantity's unit
	Quantity quantity;
};

// devices.md §2.4 (PZ17 §2.3): input registers, FC 04.
constexpr InputRegister Inputs[] = {
	{0x0000, 1, 0.01, Quantity::Voltage},         // V
	{0x0001, 1, 0.01, Quantity::Current},         // A, a single register
	{0x0002, 2, 0.1, Quantity::Power},            // W, 0x0002 low word, 0x0003 high word
	{0x0004, 2, 1.0, Quantity::Energy},           // Wh
	{0x0006, 1, 1.0, Quantity::HighVoltageAlarm}, // 0xFFFF alarm, 0 none
	{0x0007, 1, 1.0, Quantity::LowVoltageAlarm},
};

enum Holding : quint16 { HighVoltage = 0x0000, LowVoltage = 0x0001, Address = 0x0002, CurrentRange = 0x0003 };

struct HoldingRegister
{
	quint16 address;
	quint16 initial;
	quint16 min;
	quint16 max;
};

// devices.md §2.5 (PZ17 §2.4): holding registers, FC 03 / FC 06; the table, not the manual's examples
// (devices.md "Contradictions" 5). Thresholds are 0.01 V per count.
constexpr HoldingRegister Holdings[] = {
	{HighVoltage, 30000, 500, 35000},                  // 5–350 V, default 300 V
	{LowVoltage, 700, 100, 35000},                     // 1–350 V, default 7 V
	{Address, 1, 0x01, 0xF7}, {CurrentRange, 0, 0, 3}, // 0 = 100 A, 1 = 50 A, 2 = 200 A, 3 = 300 A
};

constexpr int CurrentRangesA[] = {100, 50, 200, 300};

quint32 toRaw(double value, double lsb, quint32 max)
{
	return quint32(std::clamp(std::round(value / lsb), 0.0, double(max)));
}

} // namespace

Pzem017Sim::Pzem017Sim()
{
	m_bank.declare(SimTable::InputRegisters, 0x0000, 8);
	for (const HoldingRegister &reg : Holdings) {
		m_bank.declare(SimTable::HoldingRegisters, reg.address, 1);
		m_bank.setValue(SimTable::HoldingRegisters, reg.address, reg.initial);
	}
	m_bank.setFunctionCodes({0x03, 0x04, 0x06});
	m_bank.setWriteCheck([](SimTable, quint16 address, const QVector<quint16> &values) {
		for (const HoldingRegister &reg : Holdings) {
			if (reg.address == address)
				return values.value(0) >= reg.min && values.value(0) <= reg.max ? SimException::None
																				: SimException::IllegalDataValue;
		}
		return SimException::IllegalDataAddress;
	});
	m_bank.setWriteHook([this](SimTable, quint16, quint16) { refresh(); });
	refresh();
}

QByteArray Pzem017Sim::handle(const QByteArray &pdu)
{
	if (!pdu.isEmpty() && quint8(pdu[0]) == ResetEnergy) {
		// devices.md §2.1: the request is the function code alone and the answer echoes it.
		if (pdu.size() != 1)
			return SimRegisterBank::exceptionPdu(ResetEnergy, SimException::IllegalDataValue);
		setEnergyWh(0);
		return pdu;
	}
	return m_bank.handle(pdu);
}

void Pzem017Sim::advance(std::chrono::milliseconds elapsed)
{
	if (elapsed.count() <= 0)
		return;
	m_energyWh += std::max(m_powerW, 0.0) * std::chrono::duration<double, std::ratio<3600>>(elapsed).count();
	refresh();
}

void Pzem017Sim::setVoltageV(double voltageV)
{
	m_voltageV = voltageV;
	refresh();
}

void Pzem017Sim::setCurrentA(double currentA)
{
	m_currentA = currentA;
	refresh();
}

void Pzem017Sim::setPowerW(double powerW)
{
	m_powerW = powerW;
	refresh();
}

void Pzem017Sim::setEnergyWh(double energyWh)
{
	m_energyWh = energyWh;
	refresh();
}

double Pzem017Sim::highVoltageThresholdV() const
{
	return m_bank.value(SimTable::HoldingRegisters, HighVoltage) * 0.01;
}

double Pzem017Sim::lowVoltageThresholdV() const
{
	return m_bank.value(SimTable::HoldingRegisters, LowVoltage) * 0.01;
}

quint16 Pzem017Sim::address() const
{
	return m_bank.value(SimTable::HoldingRegisters, Address);
}

int Pzem017Sim::currentRangeA() const
{
	return CurrentRangesA[std::min<quint16>(m_bank.value(SimTable::HoldingRegisters, CurrentRange), 3)];
}

void Pzem017Sim::refresh()
{
	for (const InputRegister &reg : Inputs) {
		double value = 0;
		switch (reg.quantity) {
		case Quantity::Voltage:
			value = m_voltageV;
			break;
		case Quantity::Current:
			value = m_currentA;
			break;
		case Quantity::Power:
			value = m_powerW;
			break;
		case Quantity::Energy:
			value = std::floor(m_energyWh); // the meter counts whole Wh
			break;
		case Quantity::HighVoltageAlarm:
			value = m_voltageV > highVoltageThresholdV() ? 0xFFFF : 0;
			break;
		case Quantity::LowVoltageAlarm:
			value = m_voltageV < lowVoltageThresholdV() ? 0xFFFF : 0;
			break;
		}
		if (reg.words == 2)
			m_bank.setU32(
				SimTable::InputRegisters, reg.address, toRaw(value, reg.lsb, 0xFFFFFFFF), WordOrder::LowFirst);
		else
			m_bank.setValue(SimTable::InputRegisters, reg.address, quint16(toRaw(value, reg.lsb, 0xFFFF)));
	}
}

} // namespace pvrouter
