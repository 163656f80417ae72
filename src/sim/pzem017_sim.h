#pragma once

#include "pzem_sim.h"

namespace pvrouter {

// Peacefair PZEM-017 DC energy monitor (devices.md §2.1, §2.4, §2.5): adds the high and low voltage alarms
// and the shunt range to what PzemSim shows. Serial 9600 8N2.
class Pzem017Sim : public PzemSim
{
public:
	Pzem017Sim();

	double highVoltageThresholdV() const;
	double lowVoltageThresholdV() const;
	// Shunt range from holding 3: 100, 50, 200 or 300 A.
	int currentRangeA() const;

protected:
	double modelValue(Quantity quantity) const override;
};

} // namespace pvrouter
