#pragma once

#include "modbus_request.h"

#include <QList>

#include <deque>
#include <optional>
#include <vector>

namespace pvrouter {

// The order in which one line sends: control requests first, in arrival order; then polls, one unit at a time
// in turn, so a device with many reads cannot starve the others on its line.
class RequestQueue
{
public:
	void push(ModbusRequest request);
	std::optional<ModbusRequest> pop();
	bool isEmpty() const { return m_control.empty() && m_pollCount == 0; }
	int size() const { return int(m_control.size()) + m_pollCount; }
	// Takes everything out, e.g. to fail it when the line closes.
	QList<ModbusRequest> takeAll();

private:
	struct UnitPolls
	{
		quint8 unit;
		std::deque<ModbusRequest> requests;
	};

	std::deque<ModbusRequest> m_control;
	std::vector<UnitPolls> m_polls; // in the order units first queued a poll
	int m_next = 0;                 // the unit whose turn it is
	int m_pollCount = 0;
};

} // namespace pvrouter
