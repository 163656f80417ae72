#pragma once

#include "pzem_sim.h"

namespace pvrouter {

// Peacefair PZEM-016 AC energy monitor (devices.md §2.1–2.3): adds frequency, power factor and the power
// alarm to what PzemSim shows.
class Pzem016Sim : public PzemSim
{
public:
	Pzem016Sim();

	void setFrequencyHz(double frequencyHz);
	void setPowerFactor(double powerFactor);

	quint16 powerAlarmThresholdW() const;
	bool alarm() const;

protected:
	double modelValue(Quantity quantity) const override;

private:
	double m_frequencyHz = 50.0;
	double m_powerFactor = 1.0;
};

} // namespace pvrouter
