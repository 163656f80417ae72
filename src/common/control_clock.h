#pragma once

#include <chrono>

namespace pvrouter {

// The time control runs on: steady time, or, in the simulator, steady time running `speed` times faster
// (`--speed`), so plant and controller stay in step while everything that talks to devices keeps real time.
class ControlClock
{
public:
	using time_point = std::chrono::steady_clock::time_point;

	explicit ControlClock(double speed = 1);

	time_point now() const;
	double speed() const { return m_speed; }
	// A duration of control time as real time, e.g. for a timer's interval.
	std::chrono::milliseconds toReal(std::chrono::milliseconds controlTime) const;

private:
	double m_speed;
	time_point m_origin;
};

} // namespace pvrouter
