#pragma once

#include "sim_modbus_device.h"
#include "sim_register_bank.h"

#include <QVector>

#include <iterator>

namespace pvrouter {

// What the Peacefair PZEM-016 and PZEM-017 share (devices.md §2.1): FC 03, 04, 06 and 0x42 (reset energy),
// 32-bit values low word first, holding registers each with its own range. Energy integrates the power set
// here as advance() lets time pass. The models differ in their register tables and in the quantities only
// they show (modelValue()).
class PzemSim : public SimModbusDevice
{
public:
	static constexpr quint8 DefaultUnit = 1;
	static constexpr quint8 ResetEnergy = 0x42;
	// The slave address holding register, the same on both models (devices.md §2.3, §2.5).
	static constexpr quint16 AddressRegister = 0x0002;

	// Each model shows some of these; the first four are common to both.
	enum class Quantity {
		Voltage,
		Current,
		Power,
		Energy,
		Frequency,
		PowerFactor,
		PowerAlarm,
		HighVoltageAlarm,
		LowVoltageAlarm
	};

	// A model's register layout is two tables of these, in its .cpp.
	struct InputRegister
	{
		quint16 address;
		quint16 words; // 2: u32, low word first
		double lsb;    // value of one count, in the quantity's unit
		Quantity quantity;
	};

	struct HoldingRegister
	{
		quint16 address;
		quint16 initial;
		quint16 min;
		quint16 max;
	};

	QByteArray handle(const QByteArray &pdu) override;
	void advance(std::chrono::milliseconds elapsed) override;

	void setVoltageV(double voltageV);
	void setCurrentA(double currentA);
	void setPowerW(double powerW);
	void setEnergyWh(double energyWh);

	double energyWh() const { return m_energyWh; }
	quint16 address() const;

protected:
	// The input registers run from 0 to the end of the last one in `inputs`. The subclass calls refresh() at
	// the end of its constructor: refresh() asks modelValue().
	template <size_t InputCount, size_t HoldingCount>
	PzemSim(const InputRegister (&inputs)[InputCount], const HoldingRegister (&holdings)[HoldingCount])
		: PzemSim(QVector<InputRegister>(std::begin(inputs), std::end(inputs)),
			  QVector<HoldingRegister>(std::begin(holdings), std::end(holdings)))
	{}

	// The value of a quantity other than voltage, current, power and energy, in the unit of its register.
	virtual double modelValue(Quantity quantity) const = 0;
	// Writes every input register from the values set.
	void refresh();

	quint16 holding(quint16 address) const;
	double voltageV() const { return m_voltageV; }
	double powerW() const { return m_powerW; }

private:
	PzemSim(QVector<InputRegister> inputs, QVector<HoldingRegister> holdings);

	SimRegisterBank m_bank;
	QVector<InputRegister> m_inputs;
	double m_voltageV = 0;
	double m_currentA = 0;
	double m_powerW = 0;
	double m_energyWh = 0;
};

} // namespace pvrouter
