#pragma once

#include "surplus_policy.h"

#include <QObject>

namespace pvrouter {

// What the surplus controller shows of the water heater beyond the driver's readings (HeaterModel): the mode,
// the state and its reason, and the mode's target temperature. Written by ControlLoop, published by
// HeaterBridge on the heatpump service.
class HeaterControlModel : public QObject
{
	Q_OBJECT
public:
	using QObject::QObject;

	HeaterMode mode() const { return m_mode; }
	HeaterState state() const { return m_state; }
	std::optional<double> targetTemperatureC() const { return m_targetTemperatureC; }

	// The texts of /Mode and /State, in English as the GX shows untranslated service texts.
	static QString modeText(HeaterMode mode);
	static QString stateText(HeaterState state);

	void setMode(HeaterMode mode);
	void setState(HeaterState state);
	void setTargetTemperatureC(std::optional<double> targetC);

Q_SIGNALS:
	void changed();

private:
	HeaterMode m_mode = HeaterMode::Off;
	HeaterState m_state = HeaterState::Off;
	std::optional<double> m_targetTemperatureC;
};

} // namespace pvrouter
