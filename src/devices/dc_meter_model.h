#pragma once

#include "measurement_model.h"

namespace pvrouter {

// What one DC meter measures, in SI units with energy in kWh (the Venus units); each quantity is invalid while
// unknown. Current and power are positive into the measured load (victron-dbus.md §3 dcload: + = consumed).
// A driver writes it, a bridge publishes it; neither knows the other.
class DcMeterModel : public MeasurementModel
{
	Q_OBJECT
public:
	enum class Quantity { VoltageV, CurrentA, PowerW, EnergyInKWh };
	static constexpr int QuantityCount = 4;

	explicit DcMeterModel(QObject *parent = nullptr);

	QVariant value(Quantity quantity) const { return valueAt(int(quantity)); }
	void setValue(Quantity quantity, const QVariant &value) { setValueAt(int(quantity), value); }
};

} // namespace pvrouter
