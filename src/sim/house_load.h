#pragma once

#include <QtGlobal>

#include <chrono>
#include <random>
#include <vector>

namespace pvrouter {

// The house's consumption in W, without the water heater: a base load wandering within ±baseNoiseW, plus
// appliances at random times of a daily profile (kettle, washing machine, oven) and a cycling fridge. Each
// day's appliance plan comes from the seed and the day number alone, so it does not depend on the step size.
class HouseLoad
{
public:
	struct Config
	{
		quint32 seed = 1;
		double baseLoadW = 250;
		double baseNoiseW = 20; // a new offset within ±this every NoiseInterval
		bool appliances = true; // false: base load and noise only
	};

	static constexpr std::chrono::seconds NoiseInterval{5};
	static constexpr double FridgePowerW = 100;
	static constexpr std::chrono::minutes FridgeOn{15};
	static constexpr std::chrono::minutes FridgeOff{30};

	explicit HouseLoad(const Config &config);

	// timeOfDay is since midnight, at the end of the step; a smaller value than last time starts a new day.
	void advance(std::chrono::milliseconds dt, std::chrono::milliseconds timeOfDay);
	double powerW() const { return m_powerW; }

private:
	// One appliance drawing a constant power for a while; a washing machine is two of them.
	struct Run
	{
		std::chrono::milliseconds start; // time of day
		std::chrono::milliseconds duration;
		double powerW;
	};

	void planDay();
	double appliancePowerW() const;
	double random();

	Config m_config;
	std::mt19937 m_noiseRng;
	std::vector<Run> m_runs; // today's
	quint32 m_day = 0;
	std::chrono::milliseconds m_timeOfDay{0};
	std::chrono::milliseconds m_elapsed{0};
	std::chrono::milliseconds m_sinceNoise{0};
	std::chrono::milliseconds m_fridgePhase{0};
	double m_noiseW = 0;
	double m_powerW = 0;
};

} // namespace pvrouter
