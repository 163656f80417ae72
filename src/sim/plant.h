#pragma once

#include "ess_battery.h"
#include "house_load.h"
#include "sun_model.h"
#include "water_tank.h"

#include <QtGlobal>

#include <chrono>

namespace pvrouter {

struct PlantConfig
{
	quint32 seed = 1; // one seed for all parts; each draws from its own stream
	std::chrono::seconds startTimeOfDay{10 * 3600};
	Weather weather = Weather::PassingClouds;
	double pvPeakW = 6000;
	double houseBaseLoadW = 250;
	bool houseAppliances = true;
	double batteryCapacityWh = 10000; // 0: no battery
	double batterySocPercent = 90;
	double batteryMaxChargeW = 3000;
	double batteryMaxDischargeW = 3000;
	double batteryMinSocPercent = 10;
	double gridSetpointW = 0; // ESS grid setpoint, + import
	double tankVolumeL = 200;
	double tankTemperatureC = 40;
	double ambientTemperatureC = 20;
	bool hotWaterDraws = true;
};

// The simulated house: PV, house load, an ESS battery, the grid, and the hot water tank the heater heats.
// Pure and deterministic: time passes only through advance(), and a seed gives the same day every time.
// Grid balance at every step: grid = load + heater + battery − PV (grid + import, battery + charging).
class Plant
{
public:
	static constexpr std::chrono::hours Day{24};

	explicit Plant(const PlantConfig &config = PlantConfig());

	// Lets dt pass (10 ms to 1 s is sensible) with the heater drawing heaterPowerW (negative counts as 0) over
	// it; everything read afterwards is as at the end of the step. dt = 0 only re-balances for a new heater
	// power.
	void advance(std::chrono::milliseconds dt, double heaterPowerW);

	std::chrono::milliseconds timeOfDay() const; // since midnight, wraps after 24 h
	std::chrono::milliseconds elapsed() const { return m_elapsed; }

	double pvPowerW() const { return m_sun.powerW(); }
	double loadPowerW() const { return m_load.powerW(); } // the house without the heater
	double heaterPowerW() const { return m_heaterPowerW; }
	double batteryPowerW() const { return m_battery.powerW(); } // + charging, − discharging
	double batterySocPercent() const { return m_battery.socPercent(); }
	double gridPowerW() const { return m_gridPowerW; } // + import, − export
	double tankTemperatureC() const { return m_tank.temperatureC(); }
	double gridSetpointW() const { return m_battery.gridSetpointW(); }
	void setGridSetpointW(double setpointW) { m_battery.setGridSetpointW(setpointW); }

	const SunModel &sun() const { return m_sun; }
	const WaterTank &tank() const { return m_tank; }

private:
	SunModel m_sun;
	HouseLoad m_load;
	EssBattery m_battery;
	WaterTank m_tank;
	std::chrono::milliseconds m_startTimeOfDay;
	std::chrono::milliseconds m_elapsed{0};
	double m_heaterPowerW = 0;
	double m_gridPowerW = 0;
};

} // namespace pvrouter
