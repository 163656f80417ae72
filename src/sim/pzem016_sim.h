#pragma once

#include "sim_modbus_device.h"
#include "sim_register_bank.h"

namespace pvrouter {

// Peacefair PZEM-016 AC energy monitor (devices.md §2.1–2.3): FC 03, 04, 06 and 0x42 (reset energy).
// 32-bit values are low word first. Energy integrates the power set here as advance() lets time pass.
class Pzem016Sim : public SimModbusDevice
{
public:
	static constexpr quint8 DefaultUnit = 1;
	static constexpr quint8 ResetEnergy = 0x42;

	Pzem016Sim();

	QByteArray handle(const QByteArray &pdu) override;
	void advance(std::chrono::milliseconds elapsed) override;

	void setVoltageV(double voltageV);
	void setCurrentA(double currentA);
	void setPowerW(double powerW);
	void setEnergyWh(double energyWh);
	void setFrequencyHz(double frequencyHz);
	void setPowerFactor(double powerFactor);

	double energyWh() const { return m_energyWh; }
	quint16 powerAlarmThresholdW() const;
	quint16 address() const;
	bool alarm() const;

private:
	void refresh();

	SimRegisterBank m_bank;
	double m_voltageV = 0;
	double m_currentA = 0;
	double m_powerW = 0;
	double m_energyWh = 0;
	double m_frequencyHz = 50.0;
	double m_powerFactor = 1.0;
};

} // namespace pvrouter
