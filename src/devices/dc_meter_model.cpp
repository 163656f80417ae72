#include "dc_meter_model.h"

namespace pvrouter {

DcMeterModel::DcMeterModel(QObject *parent) : MeasurementModel(QuantityCount, parent)
{}

} // namespace pvrouter
