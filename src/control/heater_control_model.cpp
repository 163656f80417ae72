#include "heater_control_model.h"

namespace pvrouter {

QString HeaterControlModel::modeText(HeaterMode mode)
{
	constexpr const char *names[] = {"Off", "Auto low", "Auto high", "On"};
	return QLatin1String(names[int(mode)]);
}

QString HeaterControlModel::stateText(HeaterState state)
{
	constexpr const char *names[] = {"off", "waiting for surplus", "heating", "target reached", "test on",
		"fault: stale data", "fault: sensor", "manual override"};
	return QLatin1String(names[int(state)]);
}

void HeaterControlModel::setMode(HeaterMode mode)
{
	if (mode == m_mode)
		return;
	m_mode = mode;
	Q_EMIT changed();
}

void HeaterControlModel::setState(HeaterState state)
{
	if (state == m_state)
		return;
	m_state = state;
	Q_EMIT changed();
}

void HeaterControlModel::setTargetTemperatureC(std::optional<double> targetC)
{
	if (targetC == m_targetTemperatureC)
		return;
	m_targetTemperatureC = targetC;
	Q_EMIT changed();
}

} // namespace pvrouter
