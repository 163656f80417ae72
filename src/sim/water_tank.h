#pragma once

#include <QtGlobal>

#include <chrono>
#include <random>
#include <vector>

namespace pvrouter {

// A well-mixed hot water tank: heated by the heater, losing heat to the room, and cooled by hot water
// draws replaced with cold water. The draws follow a daily profile (showers 06:30-08:00 and 19:00-21:00,
// small taps and dishes during the day); each day's draws come from the seed and the day number alone.
class WaterTank
{
public:
	struct Config
	{
		quint32 seed = 1;
		double volumeL = 200;     // 1 l = 1 kg
		double temperatureC = 40; // initial
		double ambientC = 20;
		double lossWPerK = 1.5; // standing loss per K above ambient
		double coldWaterC = 12;
		bool draws = true;
	};

	static constexpr double HeatCapacityJPerKgK = 4186;
	// Boiling: a real tank's safety thermostat cuts in long before; the model just stops rising.
	static constexpr double MaxTemperatureC = 100;

	explicit WaterTank(const Config &config);

	// heaterPowerW (negative counts as 0) is applied for dt; timeOfDay is since midnight, at the end of the
	// step, and a smaller value than last time starts a new day. Draws are taken within (timeOfDay − dt,
	// timeOfDay] of the day in progress: none cross midnight.
	void advance(std::chrono::milliseconds dt, double heaterPowerW, std::chrono::milliseconds timeOfDay);
	double temperatureC() const { return m_temperatureC; }
	// Mixed (tap) water delivered so far, litres.
	double drawnL() const { return m_drawnL; }

private:
	struct Draw
	{
		std::chrono::milliseconds start; // time of day
		std::chrono::milliseconds duration;
		double flowLPerS; // at the tap, after mixing
		double mixC;      // at the tap
	};

	void planDay();
	void heat(double seconds, double heaterPowerW);
	void draw(std::chrono::milliseconds from, std::chrono::milliseconds to);

	Config m_config;
	std::vector<Draw> m_draws; // today's
	quint32 m_day = 0;
	std::chrono::milliseconds m_timeOfDay{0};
	double m_temperatureC = 0;
	double m_drawnL = 0;
};

} // namespace pvrouter
