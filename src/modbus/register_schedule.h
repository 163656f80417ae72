#pragma once

#include "register_map.h"

#include <chrono>
#include <optional>

namespace pvrouter {

// Decides which reads a poll needs: a block is due when any of its values is older than that value's max age
// (power on every poll, energy every 10 s, identity once a day), so slow values cost nothing on most polls.
class RegisterSchedule
{
public:
	using Clock = std::chrono::steady_clock;

	RegisterSchedule(QList<RegisterDef> defs, const BlockRules &rules = {});

	const QList<RegisterDef> &defs() const { return m_defs; }
	const QList<RegisterBlock> &blocks() const { return m_blocks; }

	// Indices of the blocks to read now.
	QList<int> due(Clock::time_point now) const;
	// A block's read succeeded at `now`.
	void markRead(int block, Clock::time_point now);
	// Forget every read, e.g. after the device was lost: the next poll reads everything.
	void reset();

private:
	QList<RegisterDef> m_defs;
	QList<RegisterBlock> m_blocks;
	QList<std::optional<Clock::time_point>> m_readAt; // per definition
};

} // namespace pvrouter
