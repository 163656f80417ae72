#pragma once

#include "sim_modbus_device.h"
#include "sim_register_bank.h"

namespace pvrouter {

// Peacefair PZEM-017 DC energy monitor (devices.md §2.1, §2.4, §2.5): FC 03, 04, 06 and 0x42 (reset energy).
// Serial 9600 8N2. 32-bit values are low word first. Energy integrates the power as advance() lets time pass.
class Pzem017Sim : public SimModbusDevice
{
public:
	static constexpr quint8 DefaultUnit = 1;
	static constexpr quint8 ResetEnergy = 0x42;

	Pzem017Sim();

	QByteArray handle(const QByteArray &pdu) override;
	void advance(std::chrono::milliseconds elapsed) override;

	void setVoltageV(double voltageV);
	void setCurrentA(double currentA);
	void setPowerW(double powerW);
	void setEnergyWh(double energyWh);

	double energyWh() const { return m_energyWh; }
	double highVoltageThresholdV() const;
	double lowVoltageThresholdV() const;
	quint16 address() const;
	// Shunt range from holding 3: 100, 50, 200 or 300 A.
	int currentRangeA() const;

private:
	void refresh();

	SimRegisterBank m_bank;
	double m_voltageV = 0;
	double m_currentA = 0;
	double m_powerW = 0;
	double m_energyWh = 0;
};

} // namespace pvrouter
