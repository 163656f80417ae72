#pragma once

#include "measurement_model.h"

namespace pvrouter {

// What one battery reports, in Venus units; each quantity is invalid while unknown. Current and power are
// positive while charging (victron-dbus.md §3 "com.victronenergy.battery"). Written by its source (the
// simulator's plant), published by BatteryBridge; neither knows the other.
class BatteryModel : public MeasurementModel
{
	Q_OBJECT
public:
	enum class Quantity { VoltageV, CurrentA, PowerW, SocPercent };
	static constexpr int QuantityCount = 4;

	explicit BatteryModel(QObject *parent = nullptr);

	QVariant value(Quantity quantity) const { return valueAt(int(quantity)); }
	void setValue(Quantity quantity, const QVariant &value) { setValueAt(int(quantity), value); }
};

} // namespace pvrouter
