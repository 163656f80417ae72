#include "house_load.h"

#include "sim_random.h"

namespace pvrouter {

using namespace std::chrono_literals;

namespace {

constexpr quint32 NoiseStream = 2;
constexpr quint32 PlanStream = 3;
constexpr quint32 FridgeStream = 4;

enum class Appliance { Kettle, WashingMachine, Oven };

// An appliance starts at a uniformly random time in [from, to) with this probability, once per day.
struct UseWindow
{
	Appliance appliance;
	std::chrono::minutes from;
	std::chrono::minutes to;
	double probability;
};

constexpr UseWindow UseWindows[] = {
	{Appliance::Kettle, 6h + 30min, 8h + 30min, 0.9},
	{Appliance::Kettle, 10h, 11h + 30min, 0.4},
	{Appliance::Kettle, 15h, 16h + 30min, 0.6},
	{Appliance::Kettle, 19h + 30min, 21h + 30min, 0.5},
	{Appliance::WashingMachine, 9h, 14h, 0.5},
	{Appliance::Oven, 11h + 30min, 12h, 0.2},
	{Appliance::Oven, 17h + 30min, 18h + 30min, 0.7},
};

using simrandom::unitInterval;

} // namespace

HouseLoad::HouseLoad(const Config &config) : m_config(config)
{
	std::seed_seq noiseSeeds{config.seed, NoiseStream};
	m_noiseRng.seed(noiseSeeds);
	std::seed_seq fridgeSeeds{config.seed, FridgeStream};
	std::mt19937 fridgeRng(fridgeSeeds);
	m_fridgePhase = simrandom::between(fridgeRng, 0ms, FridgeOn + FridgeOff);
	m_noiseW = config.baseNoiseW * (2.0 * random() - 1.0);
	planDay();
	m_powerW = config.baseLoadW + m_noiseW + appliancePowerW();
}

void HouseLoad::advance(std::chrono::milliseconds dt, std::chrono::milliseconds timeOfDay)
{
	if (dt > 0ms) {
		m_elapsed += dt;
		m_sinceNoise += dt;
		while (m_sinceNoise >= NoiseInterval) {
			m_sinceNoise -= NoiseInterval;
			m_noiseW = m_config.baseNoiseW * (2.0 * random() - 1.0);
		}
	}
	if (timeOfDay < m_timeOfDay) {
		++m_day;
		planDay();
	}
	m_timeOfDay = timeOfDay;
	m_powerW = m_config.baseLoadW + m_noiseW + appliancePowerW();
}

void HouseLoad::planDay()
{
	m_runs.clear();
	if (!m_config.appliances)
		return;
	std::seed_seq seeds{m_config.seed, PlanStream, m_day};
	std::mt19937 rng(seeds);
	for (const UseWindow &window : UseWindows) {
		// Both numbers drawn whether used or not: one window's outcome does not shift the next one's.
		const bool used = unitInterval(rng) < window.probability;
		const std::chrono::milliseconds start = simrandom::between(rng, window.from, window.to);
		if (!used)
			continue;
		switch (window.appliance) {
		case Appliance::Kettle:
			m_runs.push_back({start, 3min, 2000});
			break;
		case Appliance::WashingMachine:
			// Heating the water, then washing and spinning.
			m_runs.push_back({start, 15min, 2000});
			m_runs.push_back({start + 15min, 60min, 300});
			break;
		case Appliance::Oven:
			m_runs.push_back({start, 40min, 2500});
			break;
		}
	}
}

double HouseLoad::appliancePowerW() const
{
	if (!m_config.appliances)
		return 0;
	double powerW = 0;
	for (const Run &run : m_runs) {
		if (m_timeOfDay >= run.start && m_timeOfDay < run.start + run.duration)
			powerW += run.powerW;
	}
	// The fridge runs on elapsed time, not on the daily plan: its cycle goes on through midnight.
	if ((m_elapsed + m_fridgePhase) % (FridgeOn + FridgeOff) < FridgeOn)
		powerW += FridgePowerW;
	return powerW;
}

double HouseLoad::random()
{
	return unitInterval(m_noiseRng);
}

} // namespace pvrouter
