#include "pzem_sim.h"

#include <algorithm>
#include <cmath>

namespace pvrouter {

namespace {

quint32 toRaw(double value, double lsb, quint32 max)
{
	return quint32(std::clamp(std::round(value / lsb), 0.0, double(max)));
}

} // namespace

PzemSim::PzemSim(QVector<InputRegister> inputs, QVector<HoldingRegister> holdings) : m_inputs(std::move(inputs))
{
	quint32 inputCount = 0;
	for (const InputRegister &reg : m_inputs)
		inputCount = std::max<quint32>(inputCount, reg.address + reg.words);
	m_bank.declare(SimTable::InputRegisters, 0x0000, inputCount);
	for (const HoldingRegister &reg : holdings) {
		m_bank.declare(SimTable::HoldingRegisters, reg.address, 1);
		m_bank.setValue(SimTable::HoldingRegisters, reg.address, reg.initial);
	}
	m_bank.setFunctionCodes({0x03, 0x04, 0x06});
	m_bank.setWriteCheck([holdings](SimTable, quint16 address, const QVector<quint16> &values) {
		for (const HoldingRegister &reg : holdings) {
			if (reg.address == address)
				return values.value(0) >= reg.min && values.value(0) <= reg.max ? SimException::None
																				: SimException::IllegalDataValue;
		}
		return SimException::IllegalDataAddress;
	});
	m_bank.setWriteHook([this](SimTable, quint16, quint16) { refresh(); });
}

QByteArray PzemSim::handle(const QByteArray &pdu)
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

void PzemSim::advance(std::chrono::milliseconds elapsed)
{
	if (elapsed.count() <= 0)
		return;
	m_energyWh += std::max(m_powerW, 0.0) * std::chrono::duration<double, std::ratio<3600>>(elapsed).count();
	refresh();
}

void PzemSim::setVoltageV(double voltageV)
{
	m_voltageV = voltageV;
	refresh();
}

void PzemSim::setCurrentA(double currentA)
{
	m_currentA = currentA;
	refresh();
}

void PzemSim::setPowerW(double powerW)
{
	m_powerW = powerW;
	refresh();
}

void PzemSim::setEnergyWh(double energyWh)
{
	m_energyWh = energyWh;
	refresh();
}

quint16 PzemSim::address() const
{
	return holding(AddressRegister);
}

quint16 PzemSim::holding(quint16 address) const
{
	return m_bank.value(SimTable::HoldingRegisters, address);
}

void PzemSim::refresh()
{
	for (const InputRegister &reg : m_inputs) {
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
		default:
			value = modelValue(reg.quantity);
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
