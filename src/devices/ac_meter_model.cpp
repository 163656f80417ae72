#include "ac_meter_model.h"

#include <algorithm>

namespace pvrouter {

AcMeterModel::AcMeterModel(QObject *parent) : MeasurementModel((MaxPhases + 1) * QuantityCount, parent)
{}

void AcMeterModel::setPhaseCount(int phases)
{
	phases = std::clamp(phases, 1, MaxPhases);
	if (phases == m_phaseCount)
		return;
	m_phaseCount = phases;
	Q_EMIT changed();
}

void AcMeterModel::assignText(QVariant &current, const QString &text)
{
	assign(current, text.isEmpty() ? QVariant() : QVariant(text));
}

void AcMeterModel::setProductName(const QString &name)
{
	assignText(m_productName, name);
}

void AcMeterModel::setSerial(const QString &serial)
{
	assignText(m_serial, serial);
}

void AcMeterModel::setFirmwareVersion(const QString &version)
{
	assignText(m_firmwareVersion, version);
}

} // namespace pvrouter
