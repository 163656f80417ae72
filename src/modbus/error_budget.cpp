#include "error_budget.h"

#include <algorithm>

namespace pvrouter {

bool ErrorBudget::record(Outcome outcome, Clock::time_point now)
{
	if (outcome == Outcome::Ok) {
		m_timeouts = m_protocolErrors = 0;
		m_backoff = std::chrono::milliseconds(0);
		const bool changed = !m_online;
		m_online = true;
		return changed;
	}
	if (!m_online) { // a failed probe: wait longer before the next
		m_backoff = std::min(m_backoff * 2, m_limits.maxBackoff);
		m_nextProbe = now + m_backoff;
		return false;
	}
	if (outcome == Outcome::Timeout)
		++m_timeouts;
	else
		++m_protocolErrors;
	if (m_timeouts < m_limits.timeouts && m_protocolErrors < m_limits.protocolErrors)
		return false;
	m_online = false;
	m_timeouts = m_protocolErrors = 0;
	m_backoff = m_limits.firstBackoff;
	m_nextProbe = now + m_backoff;
	return true;
}

} // namespace pvrouter
