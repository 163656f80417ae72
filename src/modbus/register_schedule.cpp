#include "register_schedule.h"

namespace pvrouter {

RegisterSchedule::RegisterSchedule(QList<RegisterDef> defs, const BlockRules &rules)
	: m_defs(std::move(defs)), m_blocks(RegisterMap::planBlocks(m_defs, rules)), m_readAt(m_defs.size())
{}

QList<int> RegisterSchedule::due(Clock::time_point now) const
{
	QList<int> blocks;
	for (int b = 0; b < m_blocks.size(); ++b) {
		for (int member : m_blocks[b].members) {
			const auto &readAt = m_readAt[member];
			if (!readAt || now - *readAt >= m_defs[member].maxAge) {
				blocks.append(b);
				break;
			}
		}
	}
	return blocks;
}

void RegisterSchedule::markRead(int block, Clock::time_point now)
{
	for (int member : std::as_const(m_blocks[block].members))
		m_readAt[member] = now;
}

void RegisterSchedule::reset()
{
	for (auto &readAt : m_readAt)
		readAt.reset();
}

} // namespace pvrouter
