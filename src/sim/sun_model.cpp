#include "sun_model.h"

#include "sim_random.h"

#include <cmath>

namespace pvrouter {

using namespace std::chrono_literals;

namespace {

constexpr double Pi = 3.14159265358979323846;
constexpr quint32 SunStream = 1; // keeps the sky independent of the other parts seeded with the same seed

// No kinks at the ends of a segment: a cloud edge or a drift starts and ends gently.
double smoothstep(double x)
{
	return x * x * (3.0 - 2.0 * x);
}

} // namespace

SunModel::SunModel(const Config &config) : m_config(config)
{
	std::seed_seq seeds{config.seed, SunStream};
	m_rng.seed(seeds);
	switch (config.weather) {
	case Weather::Clear:
		m_segment = Segment::Clear;
		break;
	case Weather::PassingClouds:
		m_segment = Segment::Gap; // the first cloud arrives within 20 min
		m_segmentLength = randomDuration(1s, 20min);
		break;
	case Weather::Overcast:
		m_segment = Segment::Drift;
		m_toFactor = 0.1 + 0.2 * random();
		nextSegment();
		break;
	}
}

void SunModel::advance(std::chrono::milliseconds dt, std::chrono::milliseconds timeOfDay)
{
	if (m_segment != Segment::Clear && dt > 0ms) {
		m_segmentElapsed += dt;
		while (m_segmentElapsed >= m_segmentLength) {
			m_segmentElapsed -= m_segmentLength;
			nextSegment();
		}
	}
	m_powerW = clearSkyPowerW(timeOfDay) * cloudFactor();
}

double SunModel::cloudFactor() const
{
	if (m_segment == Segment::Clear || m_segmentLength <= 0ms)
		return m_toFactor;
	const double progress = double(m_segmentElapsed.count()) / double(m_segmentLength.count());
	return m_fromFactor + (m_toFactor - m_fromFactor) * smoothstep(progress);
}

double SunModel::clearSkyPowerW(std::chrono::milliseconds timeOfDay) const
{
	if (timeOfDay <= m_config.sunrise || timeOfDay >= m_config.sunset)
		return 0;
	const double dayFraction =
		double((timeOfDay - m_config.sunrise).count()) / double((m_config.sunset - m_config.sunrise).count());
	// sin^1.5 rather than sin: flatter mornings and evenings, as a fixed array sees them.
	return m_config.peakW * std::pow(std::sin(Pi * dayFraction), 1.5);
}

void SunModel::nextSegment()
{
	m_fromFactor = m_toFactor;
	switch (m_segment) {
	case Segment::Clear:
		break;
	case Segment::Gap: {
		const std::chrono::milliseconds cloud = randomDuration(1min, 10min); // ramps included
		m_cloudFactor = 0.2 + 0.3 * random();
		m_cloudRamp = randomDuration(2s, 8s);
		m_cloudHold = cloud - 2 * m_cloudRamp;
		m_segment = Segment::RampIn;
		m_toFactor = m_cloudFactor;
		m_segmentLength = m_cloudRamp;
		break;
	}
	case Segment::RampIn:
		m_segment = Segment::Shaded;
		m_segmentLength = m_cloudHold;
		break;
	case Segment::Shaded:
		m_segment = Segment::RampOut;
		m_toFactor = 1;
		m_segmentLength = m_cloudRamp;
		break;
	case Segment::RampOut:
		m_segment = Segment::Gap;
		m_segmentLength = randomDuration(2min, 20min);
		break;
	case Segment::Drift:
		m_toFactor = 0.1 + 0.2 * random();
		m_segmentLength = randomDuration(5min, 15min);
		break;
	}
}

double SunModel::random()
{
	return simrandom::unitInterval(m_rng);
}

std::chrono::milliseconds SunModel::randomDuration(std::chrono::milliseconds min, std::chrono::milliseconds max)
{
	return simrandom::between(m_rng, min, max);
}

} // namespace pvrouter
