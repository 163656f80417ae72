#include "water_tank.h"

#include "sim_random.h"

#include <algorithm>
#include <cmath>

namespace pvrouter {

using namespace std::chrono_literals;

namespace {

constexpr quint32 DrawStream = 5;

// A draw of `litres` at `mixC` from the tap, at `flowLPerMin`, starting at a uniformly random time such that
// it lies within [from, to), with this probability, once per day.
struct DrawWindow
{
	std::chrono::minutes from;
	std::chrono::minutes to;
	double probability;
	double litres;
	double mixC;
	double flowLPerMin;
};

constexpr DrawWindow DrawWindows[] = {
	// Showers, two bathrooms' worth: 40 l at 40 °C take about 1.3 kWh from the tank.
	{6h + 30min, 8h, 0.95, 40, 40, 5},
	{6h + 30min, 8h, 0.6, 40, 40, 5},
	{19h, 21h, 0.8, 40, 40, 5},
	{19h, 21h, 0.5, 40, 40, 5},
	// Dishes by hand.
	{12h + 30min, 14h, 0.4, 12, 45, 6},
	{19h + 30min, 21h + 30min, 0.5, 12, 45, 6},
	// Hand washing and kitchen taps.
	{7h, 8h + 30min, 0.7, 3, 38, 6},
	{8h + 30min, 10h, 0.7, 3, 38, 6},
	{10h, 11h + 30min, 0.7, 3, 38, 6},
	{11h + 30min, 13h, 0.7, 3, 38, 6},
	{13h, 14h + 30min, 0.7, 3, 38, 6},
	{14h + 30min, 16h, 0.7, 3, 38, 6},
	{16h, 17h + 30min, 0.7, 3, 38, 6},
	{17h + 30min, 19h, 0.7, 3, 38, 6},
	{19h, 20h + 30min, 0.7, 3, 38, 6},
	{20h + 30min, 22h, 0.7, 3, 38, 6},
};

using simrandom::unitInterval;

double seconds(std::chrono::milliseconds duration)
{
	return std::chrono::duration<double>(duration).count();
}

} // namespace

WaterTank::WaterTank(const Config &config) : m_config(config)
{
	m_config.volumeL = std::max(1.0, config.volumeL);
	m_temperatureC = std::min(config.temperatureC, MaxTemperatureC);
	planDay();
}

void WaterTank::advance(std::chrono::milliseconds dt, double heaterPowerW, std::chrono::milliseconds timeOfDay)
{
	if (timeOfDay < m_timeOfDay) {
		++m_day;
		planDay();
	}
	m_timeOfDay = timeOfDay;
	if (dt <= 0ms)
		return;
	heat(seconds(dt), std::max(0.0, heaterPowerW));
	draw(std::max(timeOfDay - dt, 0ms), timeOfDay);
	m_temperatureC = std::min(m_temperatureC, MaxTemperatureC);
}

void WaterTank::planDay()
{
	m_draws.clear();
	if (!m_config.draws)
		return;
	std::seed_seq seeds{m_config.seed, DrawStream, m_day};
	std::mt19937 rng(seeds);
	for (const DrawWindow &window : DrawWindows) {
		// Both numbers drawn whether used or not: one window's outcome does not shift the next one's.
		const bool used = unitInterval(rng) < window.probability;
		const double startFraction = unitInterval(rng);
		if (!used)
			continue;
		const auto duration = std::chrono::milliseconds(qint64(window.litres / window.flowLPerMin * 60000.0));
		const std::chrono::milliseconds latest = window.to - duration;
		const std::chrono::milliseconds start =
			window.from + std::chrono::milliseconds(qint64(double((latest - window.from).count()) * startFraction));
		m_draws.push_back({start, duration, window.flowLPerMin / 60.0, window.mixC});
	}
}

void WaterTank::heat(double seconds, double heaterPowerW)
{
	const double heatCapacityJPerK = HeatCapacityJPerKgK * m_config.volumeL;
	if (m_config.lossWPerK <= 0) {
		m_temperatureC += heaterPowerW * seconds / heatCapacityJPerK;
		return;
	}
	// Exact for a constant heater power over the step: an exponential approach to the temperature at which
	// the loss equals the heater power. Stable at any dt.
	const double equilibriumC = m_config.ambientC + heaterPowerW / m_config.lossWPerK;
	const double timeConstantS = heatCapacityJPerK / m_config.lossWPerK;
	m_temperatureC = equilibriumC + (m_temperatureC - equilibriumC) * std::exp(-seconds / timeConstantS);
}

void WaterTank::draw(std::chrono::milliseconds from, std::chrono::milliseconds to)
{
	const double coldC = m_config.coldWaterC;
	double hotL = 0; // leaving the tank, replaced by as much cold water
	for (const Draw &draw : m_draws) {
		const std::chrono::milliseconds overlap = std::min(to, draw.start + draw.duration) - std::max(from, draw.start);
		if (overlap <= 0ms)
			continue;
		const double mixedL = draw.flowLPerS * seconds(overlap);
		m_drawnL += mixedL;
		// The tap mixes hot with cold to mixC; a tank no hotter than that gives all of it, unmixed.
		if (m_temperatureC > std::max(draw.mixC, coldC))
			hotL += mixedL * std::max(0.0, draw.mixC - coldC) / (m_temperatureC - coldC);
		else
			hotL += mixedL;
	}
	const double replacedShare = std::min(1.0, hotL / m_config.volumeL);
	m_temperatureC -= replacedShare * (m_temperatureC - coldC);
}

} // namespace pvrouter
