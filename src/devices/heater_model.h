#pragma once

#include <QObject>
#include <QVariant>

#include <chrono>

namespace pvrouter {

// The water heater controller as the rest of pvrouter sees it: what it reports and what it was told. Values
// are invalid while unknown; a lost controller shows nothing but "not connected".
class HeaterModel : public QObject
{
	Q_OBJECT
public:
	static constexpr int MaxLevel = 7;     // three elements of 500, 1000 and 2000 W
	static constexpr int StepPowerW = 500; // level n heats with n × 500 W

	using QObject::QObject;

	bool isConnected() const { return m_connected; }
	QVariant temperatureC() const { return m_temperatureC; } // invalid on a sensor fault
	bool sensorFault() const { return m_sensorFault; }
	QVariant powerW() const { return m_powerW; } // what the elements draw, from the controller's feedback
	int commandedLevel() const { return m_commandedLevel; }
	bool forceOn() const { return m_forceOn; } // the hardware FORCE ON switch: all elements on
	// The feedback did not follow the command for several polls: a stuck relay, a blown element.
	bool isFaulty() const { return m_faulty; }
	// When the driver last read the controller (steady time), whether anything changed or not.
	std::chrono::steady_clock::time_point readAt() const { return m_readAt; }

	// Written by the driver.
	void setConnected(bool connected);
	void setReadings(const QVariant &temperatureC, bool sensorFault, const QVariant &powerW, bool forceOn);
	void setCommandedLevel(int level);
	void setFaulty(bool faulty);

Q_SIGNALS:
	void changed();

private:
	QVariant m_temperatureC;
	QVariant m_powerW;
	int m_commandedLevel = 0;
	bool m_sensorFault = false;
	bool m_forceOn = false;
	bool m_faulty = false;
	bool m_connected = false;
	std::chrono::steady_clock::time_point m_readAt;
};

} // namespace pvrouter
