#include "pv_inverter_model.h"

namespace pvrouter {

PvInverterModel::PvInverterModel(QObject *parent) : MeasurementModel(QuantityCount, parent)
{}

void PvInverterModel::setSerial(const QString &serial)
{
	assign(m_serial, serial.isEmpty() ? QVariant() : QVariant(serial));
}

void PvInverterModel::setFirmwareVersion(const QString &version)
{
	assign(m_firmwareVersion, version.isEmpty() ? QVariant() : QVariant(version));
}

} // namespace pvrouter
