#include "plant.h"

#include <algorithm>

namespace pvrouter {

using namespace std::chrono_literals;

namespace {

SunModel::Config sunConfig(const PlantConfig &config)
{
	SunModel::Config sun;
	sun.seed = config.seed;
	sun.weather = config.weather;
	sun.peakW = config.pvPeakW;
	return sun;
}

HouseLoad::Config loadConfig(const PlantConfig &config)
{
	HouseLoad::Config load;
	load.seed = config.seed;
	load.baseLoadW = config.houseBaseLoadW;
	load.appliances = config.houseAppliances;
	return load;
}

EssBattery::Config batteryConfig(const PlantConfig &config)
{
	EssBattery::Config battery;
	battery.capacityWh = config.batteryCapacityWh;
	battery.socPercent = config.batterySocPercent;
	battery.maxChargeW = config.batteryMaxChargeW;
	battery.maxDischargeW = config.batteryMaxDischargeW;
	battery.minSocPercent = config.batteryMinSocPercent;
	battery.gridSetpointW = config.gridSetpointW;
	return battery;
}

WaterTank::Config tankConfig(const PlantConfig &config)
{
	WaterTank::Config tank;
	tank.seed = config.seed;
	tank.volumeL = config.tankVolumeL;
	tank.temperatureC = config.tankTemperatureC;
	tank.ambientC = config.ambientTemperatureC;
	tank.draws = config.hotWaterDraws;
	return tank;
}

} // namespace

Plant::Plant(const PlantConfig &config)
	: m_sun(sunConfig(config)), m_load(loadConfig(config)), m_battery(batteryConfig(config)),
	  m_tank(tankConfig(config)), m_startTimeOfDay(config.startTimeOfDay % Day)
{
	advance(0ms, 0);
}

void Plant::advance(std::chrono::milliseconds dt, double heaterPowerW)
{
	dt = std::max(dt, 0ms);
	m_elapsed += dt;
	m_heaterPowerW = std::max(0.0, heaterPowerW);
	const std::chrono::milliseconds now = timeOfDay();
	m_sun.advance(dt, now);
	m_load.advance(dt, now);
	m_tank.advance(dt, m_heaterPowerW, now);
	const double netLoadW = m_load.powerW() + m_heaterPowerW - m_sun.powerW();
	m_gridPowerW = netLoadW + m_battery.advance(dt, netLoadW);
}

std::chrono::milliseconds Plant::timeOfDay() const
{
	return (m_startTimeOfDay + m_elapsed) % Day;
}

} // namespace pvrouter
