#pragma once

#include <chrono>

namespace pvrouter {

// A battery under Victron ESS: it charges with what would otherwise be exported and discharges to cover
// what would otherwise be imported, holding the grid at its setpoint within its power and SOC limits. Ideal:
// it follows each step at once, and charging and discharging lose nothing (SOC integrates the power as is).
// Power sign as Victron's /Dc/Battery/Power: positive = charging, negative = discharging.
class EssBattery
{
public:
	struct Config
	{
		double capacityWh = 10000; // 0: no battery, the grid takes the whole balance
		double socPercent = 50;    // initial
		double maxChargeW = 3000;
		double maxDischargeW = 3000; // positive
		double minSocPercent = 10;   // ESS stops discharging here
		double gridSetpointW = 0;    // + import, − export
	};

	explicit EssBattery(const Config &config);

	// netLoadW: what the grid would carry without the battery (load + heater − PV; + import). Chooses the
	// power that brings the grid to the setpoint, limited so that SOC stays within [minSoc, 100] over dt, and
	// integrates it over dt. Returns that power.
	double advance(std::chrono::milliseconds dt, double netLoadW);

	double powerW() const { return m_powerW; }
	double socPercent() const;
	double energyWh() const { return m_energyWh; }
	double gridSetpointW() const { return m_config.gridSetpointW; }
	void setGridSetpointW(double setpointW) { m_config.gridSetpointW = setpointW; }

private:
	Config m_config;
	double m_energyWh = 0;
	double m_powerW = 0;
};

} // namespace pvrouter
