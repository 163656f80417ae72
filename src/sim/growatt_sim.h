#pragma once

#include "sim_modbus_device.h"
#include "sim_register_bank.h"

#include <array>

namespace pvrouter {

// Growatt MIN/MIC TL-X PV inverter on its RS-485 port (devices.md §4.1, §4.2, §4.4): FC 04 input 0..124,
// FC 03 / FC 06 holding 0..124 and 3000..3015; 32-bit values high word first. Two MPPT trackers, one phase.
// AC power = min(available PV, nominal, Active P Rate (holding 3) % of nominal), without conversion losses;
// the trackers back off in proportion when the output is limited.
class GrowattSim : public SimModbusDevice
{
public:
	static constexpr quint8 DefaultUnit = 1;
	static constexpr int TrackerCount = 2;
	static constexpr quint16 NotLimited = 255; // holding 3 "Active P Rate" without a limit

	// Input 0 (devices.md §4.2; IEB's 2 = fault is the contradiction 12 reading, not modelled).
	enum class Status : quint16 { Waiting = 0, Normal = 1, Fault = 3 };

	GrowattSim();

	QByteArray handle(const QByteArray &pdu) override;
	void advance(std::chrono::milliseconds elapsed) override;

	// PV power the panels could deliver now, split evenly over the trackers.
	void setPvPowerW(double powerW);
	void setTrackerPowerW(int tracker, double powerW);
	void setTrackerVoltageV(int tracker, double voltageV);
	void setNominalPowerW(double powerW);
	void setStatus(Status status);
	void setGridVoltageV(double voltageV);
	void setGridFrequencyHz(double frequencyHz);
	void setTemperaturesC(double inverterC, double ipmC, double boostC);
	void setDeratingMode(quint16 mode);
	void setFaultCode(quint16 code);
	void setEnergyTodayKWh(double energyKWh);
	void setEnergyTotalKWh(double energyKWh);
	void setSerialNumber(const QByteArray &serial);
	void setFirmwareVersion(const QByteArray &version);

	// The AC output now, after the Active P Rate limit.
	double acPowerW() const { return m_acPowerW; }
	quint16 activePowerRate() const;
	double energyTodayKWh() const { return m_energyTodayKWh; }
	double energyTotalKWh() const { return m_energyTotalKWh; }

private:
	void refresh();

	SimRegisterBank m_bank;
	Status m_status = Status::Normal;
	std::array<double, TrackerCount> m_trackerAvailableW{};
	std::array<double, TrackerCount> m_trackerVoltageV{{320.0, 320.0}};
	std::array<double, TrackerCount> m_trackerPowerW{}; // after limiting
	std::array<double, TrackerCount> m_trackerTodayKWh{};
	std::array<double, TrackerCount> m_trackerTotalKWh{};
	double m_nominalPowerW = 4200;
	double m_gridVoltageV = 230;
	double m_gridFrequencyHz = 50;
	double m_inverterTemperatureC = 35;
	double m_ipmTemperatureC = 38;
	double m_boostTemperatureC = 36;
	quint16 m_deratingMode = 0;
	quint16 m_faultCode = 0;
	double m_acPowerW = 0;
	double m_energyTodayKWh = 0;
	double m_energyTotalKWh = 0;
	double m_workTimeS = 0;
};

} // namespace pvrouter
