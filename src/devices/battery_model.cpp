#include "battery_model.h"

namespace pvrouter {

BatteryModel::BatteryModel(QObject *parent) : MeasurementModel(QuantityCount, parent)
{}

} // namespace pvrouter
