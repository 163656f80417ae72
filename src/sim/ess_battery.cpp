#include "ess_battery.h"

#include <algorithm>

namespace pvrouter {

EssBattery::EssBattery(const Config &config) : m_config(config)
{
	m_config.capacityWh = std::max(0.0, config.capacityWh);
	m_config.maxChargeW = std::max(0.0, config.maxChargeW);
	m_config.maxDischargeW = std::max(0.0, config.maxDischargeW);
	m_energyWh = m_config.capacityWh * std::clamp(config.socPercent, 0.0, 100.0) / 100.0;
}

double EssBattery::advance(std::chrono::milliseconds dt, double netLoadW)
{
	// grid = netLoad + battery, and ESS wants grid = setpoint.
	double powerW = std::clamp(m_config.gridSetpointW - netLoadW, -m_config.maxDischargeW, m_config.maxChargeW);
	const double hours = std::chrono::duration<double, std::ratio<3600>>(dt).count();
	if (hours > 0) {
		// Within this step, only as much as fits below full or remains above the minimum SOC.
		const double headroomWh = m_config.capacityWh - m_energyWh;
		const double reserveWh = m_config.capacityWh * m_config.minSocPercent / 100.0;
		const double availableWh = std::max(0.0, m_energyWh - reserveWh);
		powerW = std::clamp(powerW, -availableWh / hours, std::max(0.0, headroomWh) / hours);
		m_energyWh = std::clamp(m_energyWh + powerW * hours, 0.0, m_config.capacityWh);
	} else {
		// No time to integrate over: only whether charging or discharging is allowed at all.
		if (m_energyWh >= m_config.capacityWh)
			powerW = std::min(powerW, 0.0);
		if (m_energyWh <= m_config.capacityWh * m_config.minSocPercent / 100.0)
			powerW = std::max(powerW, 0.0);
	}
	m_powerW = powerW;
	return powerW;
}

double EssBattery::socPercent() const
{
	return m_config.capacityWh > 0 ? 100.0 * m_energyWh / m_config.capacityWh : 0.0;
}

} // namespace pvrouter
