#include "control_clock.h"

namespace pvrouter {

ControlClock::ControlClock(double speed, std::optional<wall_time_point> wallOrigin)
	: m_speed(speed), m_origin(std::chrono::steady_clock::now()), m_wallOrigin(wallOrigin)
{}

ControlClock::time_point ControlClock::now() const
{
	const auto real = std::chrono::steady_clock::now() - m_origin;
	if (m_speed == 1)
		return m_origin + real;
	return m_origin + std::chrono::duration_cast<std::chrono::steady_clock::duration>(real * m_speed);
}

ControlClock::wall_time_point ControlClock::wallNow() const
{
	if (!m_wallOrigin)
		return std::chrono::system_clock::now();
	return *m_wallOrigin + std::chrono::duration_cast<std::chrono::system_clock::duration>(now() - m_origin);
}

std::chrono::milliseconds ControlClock::toReal(std::chrono::milliseconds controlTime) const
{
	return std::chrono::milliseconds(std::chrono::milliseconds::rep(controlTime.count() / m_speed));
}

} // namespace pvrouter
