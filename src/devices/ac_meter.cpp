#include "ac_meter.h"

namespace pvrouter {

AcMeter::AcMeter(
	const AcMeterProfile &profile, ModbusLine *line, quint8 unit, std::chrono::milliseconds poll, QObject *parent)
	: ModbusDevice(line, unit, profile.registers, poll, profile.rules, parent), m_profile(profile)
{}

void AcMeter::resetEnergy()
{
	Q_ASSERT(m_profile.resetEnergy);
	m_profile.resetEnergy(this, [this](bool ok, const QString &error) { Q_EMIT energyResetFinished(ok, error); });
}

void AcMeter::update()
{
	for (const AcMeterProfile::Binding &b : m_profile.bindings) {
		const QVariant v = value(b.key);
		m_model.setValue(b.quantity, v.isValid() && b.factor != 1 ? QVariant(v.toDouble() * b.factor) : v);
	}
}

void AcMeter::connectionChanged(bool connected)
{
	m_model.setConnected(connected);
}

} // namespace pvrouter
