#include "ac_meter_model.h"

namespace pvrouter {

AcMeterModel::AcMeterModel(QObject *parent) : MeasurementModel(QuantityCount, parent)
{}

} // namespace pvrouter
