#pragma once

#include "measurement_model.h"

namespace pvrouter {

// What one single-phase AC meter measures, in SI units with energy in kWh (the Venus units); each quantity is
// invalid while unknown. A driver writes it, a bridge publishes it; neither knows the other.
class AcMeterModel : public MeasurementModel
{
	Q_OBJECT
public:
	enum class Quantity { PowerW, VoltageV, CurrentA, EnergyForwardKWh, EnergyReverseKWh, FrequencyHz, PowerFactor };
	static constexpr int QuantityCount = 7;

	explicit AcMeterModel(QObject *parent = nullptr);

	QVariant value(Quantity quantity) const { return valueAt(int(quantity)); }
	void setValue(Quantity quantity, const QVariant &value) { setValueAt(int(quantity), value); }
};

} // namespace pvrouter
