#include "request_queue.h"

namespace pvrouter {

void RequestQueue::push(ModbusRequest request)
{
	if (request.priority == ModbusRequest::Priority::Control) {
		m_control.push_back(std::move(request));
		return;
	}
	++m_pollCount;
	for (UnitPolls &polls : m_polls) {
		if (polls.unit == request.unit) {
			polls.requests.push_back(std::move(request));
			return;
		}
	}
	m_polls.push_back({request.unit, {}});
	m_polls.back().requests.push_back(std::move(request));
}

std::optional<ModbusRequest> RequestQueue::pop()
{
	if (!m_control.empty()) {
		ModbusRequest request = std::move(m_control.front());
		m_control.pop_front();
		return request;
	}
	const int units = int(m_polls.size());
	for (int i = 0; i < units; ++i) {
		UnitPolls &polls = m_polls[size_t((m_next + i) % units)];
		if (polls.requests.empty())
			continue;
		m_next = (m_next + i + 1) % units;
		ModbusRequest request = std::move(polls.requests.front());
		polls.requests.pop_front();
		--m_pollCount;
		return request;
	}
	return std::nullopt;
}

QList<ModbusRequest> RequestQueue::takeAll()
{
	QList<ModbusRequest> all;
	while (std::optional<ModbusRequest> request = pop())
		all.append(std::move(*request));
	return all;
}

} // namespace pvrouter
