#pragma once

#include <chrono>
#include <optional>

namespace pvrouter {

// The time control runs on: steady time, or, in the simulator, steady time running `speed` times faster
// (`--speed`), so plant and controller stay in step while everything that talks to devices keeps real time.
// Wall time for history runs alongside: the system clock, or in the simulator a calendar that starts at
// `wallOrigin` and runs as fast as the plant.
class ControlClock
{
public:
	using time_point = std::chrono::steady_clock::time_point;
	using wall_time_point = std::chrono::system_clock::time_point;

	explicit ControlClock(double speed = 1, std::optional<wall_time_point> wallOrigin = std::nullopt);

	time_point now() const;
	wall_time_point wallNow() const;
	double speed() const { return m_speed; }
	// A duration of control time as real time, e.g. for a timer's interval.
	std::chrono::milliseconds toReal(std::chrono::milliseconds controlTime) const;

private:
	double m_speed;
	time_point m_origin;
	std::optional<wall_time_point> m_wallOrigin; // none: the system clock as it is, jumps and all
};

} // namespace pvrouter
