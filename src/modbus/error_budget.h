#pragma once

#include <chrono>

namespace pvrouter {

// Decides when a device is lost and when to try it again. Consecutive timeouts and consecutive protocol errors
// (exception replies, garbage) are counted apart, since a silent device and a confused one fail differently;
// any good answer resets both. Past either limit the device is offline: the owner shows /Connected 0 and
// invalid values, and probes again after a back-off that doubles from `firstBackoff` up to `maxBackoff`.
class ErrorBudget
{
public:
	using Clock = std::chrono::steady_clock;

	struct Limits
	{
		int timeouts = 3;       // at 1 s polls the device is shown lost within 3 poll periods
		int protocolErrors = 5; // a noisy line corrupts the odd frame; five in a row is a real fault
		std::chrono::milliseconds firstBackoff = std::chrono::seconds(1);
		std::chrono::milliseconds maxBackoff = std::chrono::seconds(60);
	};

	enum class Outcome { Ok, Timeout, ProtocolError };

	ErrorBudget() = default;
	explicit ErrorBudget(const Limits &limits) : m_limits(limits) {}

	// Records a transaction's outcome; returns true when it changed isOnline().
	bool record(Outcome outcome, Clock::time_point now);

	bool isOnline() const { return m_online; }
	// Offline only: whether the back-off has passed and a probe may be sent.
	bool mayProbe(Clock::time_point now) const { return m_online || now >= m_nextProbe; }
	std::chrono::milliseconds backoff() const { return m_backoff; }

private:
	Limits m_limits;
	int m_timeouts = 0;
	int m_protocolErrors = 0;
	bool m_online = true;
	std::chrono::milliseconds m_backoff{0};
	Clock::time_point m_nextProbe;
};

} // namespace pvrouter
