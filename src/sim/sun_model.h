#pragma once

#include <QtGlobal>

#include <chrono>
#include <random>

namespace pvrouter {

enum class Weather {
	Clear,
	PassingClouds, // single clouds of 1-10 min, 2-20 min apart, each letting 20-50 % through
	Overcast       // 10-30 % of clear sky, drifting over 5-15 min
};

// PV power of one array in W: a clear-sky bell between sunrise and sunset, times the share the clouds let
// through. The clouds are a random timeline from the seed that depends only on the time passed, not on the
// step size: the same seed gives the same sky at any dt.
class SunModel
{
public:
	struct Config
	{
		quint32 seed = 1;
		Weather weather = Weather::PassingClouds;
		double peakW = 6000; // clear sky at solar noon, which lies midway between sunrise and sunset
		std::chrono::milliseconds sunrise = std::chrono::hours(6);
		std::chrono::milliseconds sunset = std::chrono::hours(20);
	};

	explicit SunModel(const Config &config);

	// dt moves the clouds; timeOfDay (since midnight, at the end of the step) places the sun.
	void advance(std::chrono::milliseconds dt, std::chrono::milliseconds timeOfDay);
	double powerW() const { return m_powerW; }
	// The share of clear-sky power getting through now: 1 = no cloud.
	double cloudFactor() const;
	double clearSkyPowerW(std::chrono::milliseconds timeOfDay) const;

private:
	// The cloud factor is piecewise: each segment eases from m_fromFactor to m_toFactor over its length.
	enum class Segment { Clear, Gap, RampIn, Shaded, RampOut, Drift };

	void nextSegment();
	double random();
	std::chrono::milliseconds randomDuration(std::chrono::milliseconds min, std::chrono::milliseconds max);

	Config m_config;
	std::mt19937 m_rng;
	Segment m_segment = Segment::Clear;
	double m_fromFactor = 1;
	double m_toFactor = 1;
	double m_cloudFactor = 1;                 // under the current cloud, between its ramps
	std::chrono::milliseconds m_cloudHold{0}; // the current cloud's time between its ramps
	std::chrono::milliseconds m_cloudRamp{0}; // its ramp in, and again its ramp out
	std::chrono::milliseconds m_segmentLength{0};
	std::chrono::milliseconds m_segmentElapsed{0};
	double m_powerW = 0;
};

} // namespace pvrouter
