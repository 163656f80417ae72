#include "pzem016_sim.h"

#include <algorithm>
#include <cmath>

namespace pvrouter {

namespace {

enum class Quantity { Voltage, Current, Power, Energy, Frequency, PowerFactor, Alarm };

struct InputRegister
{
	quint16 address;
	quint16 words; // 2: u32, low word first
	double lsb;    // value of one count, in the quantity's unit
	Quantity quantity;
};

// devices.md §2.2 (PZ16 §2.3): input registers, FC 04.
constexpr InputRegister Inputs[] = {
	{0x0000, 1, 0.1, Quantity::Voltage},      // V
	{0x0001, 2, 0.001, Quantity::Current},    // A, 0x0001 low word, 0x0002 high word
	{0x0003, 2, 0.1, Quantity::Power},        // W
	{0x0005, 2, 1.0, Quantity::Energy},       // Wh
	{0x0007, 1, 0.1, Quantity::Frequency},    // Hz
	{0x0008, 1, 0.01, Quantity::PowerFactor}, //
	{0x0009, 1, 1.0, Quantity::Alarm},        // 0xFFFF alarm, 0 none
};

enum Holding : quint16 { AlarmThreshold = 0x0001, Address = 0x0002 };

struct HoldingRegister
{
	quint16 address;
	quint16 initial;
	quint16 min;
	quint16 max;
};

// devices.md §2.3 (PZ16 §2.4): holding registers, FC 03 / FC 06. The default threshold is not documented:
// 23000 W, the top of the power range, so that no alarm shows unless a test sets one. The default address
// 1 is MIL's (devices.md §2.1, unconfirmed by the manual).
constexpr HoldingRegister Holdings[] = {
	{AlarmThreshold, 23000, 0, 0xFFFF}, // W per count
	{Address, 1, 0x01, 0xF7},
};

quint32 toRaw(double value, double lsb, quint32 max)
{
	return quint32(std::clamp(std::round(value / lsb), 0.0, double(max)));
}

} // namespace

Pzem016Sim::Pzem016Sim()
{
	m_bank.declare(SimTable::InputRegisters, 0x0000, 10);
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

QByteArray Pzem016Sim::handle(const QByteArray &pdu)
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

void Pzem016Sim::advance(std::chrono::milliseconds elapsed)
{
	if (elapsed.count() <= 0)
		return;
	m_energyWh += std::max(m_powerW, 0.0) * std::chrono::duration<double, std::ratio<3600>>(elapsed).count();
	refresh();
}

void Pzem016Sim::setVoltageV(double voltageV)
{
	m_voltageV = voltageV;
	refresh();
}

void Pzem016Sim::setCurrentA(double currentA)
{
	m_currentA = currentA;
	refresh();
}

void Pzem016Sim::setPowerW(double powerW)
{
	m_powerW = powerW;
	refresh();
}

void Pzem016Sim::setEnergyWh(double energyWh)
{
	m_energyWh = energyWh;
	refresh();
}

void Pzem016Sim::setFrequencyHz(double frequencyHz)
{
	m_frequencyHz = frequencyHz;
	refresh();
}

void Pzem016Sim::setPowerFactor(double powerFactor)
{
	m_powerFactor = powerFactor;
	refresh();
}

quint16 Pzem016Sim::powerAlarmThresholdW() const
{
	return m_bank.value(SimTable::HoldingRegisters, AlarmThreshold);
}

quint16 Pzem016Sim::address() const
{
	return m_bank.value(SimTable::HoldingRegisters, Address);
}

bool Pzem016Sim::alarm() const
{
	return m_powerW > powerAlarmThresholdW();
}

void Pzem016Sim::refresh()
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
		case Quantity::Frequency:
			value = m_frequencyHz;
			break;
		case Quantity::PowerFactor:
			value = m_powerFactor;
			break;
		case Quantity::Alarm:
			value = alarm() ? 0xFFFF : 0;
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
