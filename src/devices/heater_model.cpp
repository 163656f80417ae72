#include "heater_model.h"

namespace pvrouter {

void HeaterModel::setConnected(bool connected)
{
	if (connected == m_connected)
		return;
	m_connected = connected;
	if (!connected) {
		m_temperatureC = m_powerW = QVariant();
		m_sensorFault = m_forceOn = m_faulty = false;
	}
	Q_EMIT changed();
}

void HeaterModel::setReadings(const QVariant &temperatureC, bool sensorFault, const QVariant &powerW, bool forceOn)
{
	m_readAt = std::chrono::steady_clock::now();
	if (temperatureC == m_temperatureC && sensorFault == m_sensorFault && powerW == m_powerW && forceOn == m_forceOn)
		return;
	m_temperatureC = temperatureC;
	m_sensorFault = sensorFault;
	m_powerW = powerW;
	m_forceOn = forceOn;
	Q_EMIT changed();
}

void HeaterModel::setCommandedLevel(int level)
{
	if (level == m_commandedLevel)
		return;
	m_commandedLevel = level;
	Q_EMIT changed();
}

void HeaterModel::setFaulty(bool faulty)
{
	if (faulty == m_faulty)
		return;
	m_faulty = faulty;
	Q_EMIT changed();
}

} // namespace pvrouter
