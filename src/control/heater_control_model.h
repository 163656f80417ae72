#pragma once

#include "surplus_policy.h"

#include <QObject>

namespace pvrouter {

// What the surplus controller shows of the water heater beyond the driver's readings (HeaterModel): the mode,
// the state and its reason, the mode's target temperature, and the energy the heater has used. Written by
// ControlLoop, published by HeaterBridge on the heatpump service.
class HeaterControlModel : public QObject
{
	Q_OBJECT
public:
	using QObject::QObject;

	HeaterMode mode() const { return m_mode; }
	HeaterState state() const { return m_state; }
	std::optional<double> targetTemperatureC() const { return m_targetTemperatureC; }
	double energyKWh() const { return m_energyKWh; } // since the daemon started

	// The texts of /Mode and /State, in English as the GX shows untranslated service texts.
	static QString modeText(HeaterMode mode);
	static QString stateText(HeaterState state);

	void setMode(HeaterMode mode);
	void setState(HeaterState state);
	void setTargetTemperatureC(std::optional<double> targetC);
	void addEnergyWh(double energyWh);

Q_SIGNALS:
	void changed();

private:
	HeaterMode m_mode = HeaterMode::Off;
	HeaterState m_state = HeaterState::Off;
	std::optional<double> m_targetTemperatureC;
	double m_energyKWh = 0;
	double m_publishedKWh = 0; // what changed() last announced, to announce whole Wh only
};

} // namespace pvrouter
