#pragma once

#include "measurement_model.h"

namespace pvrouter {

// What one AC meter measures, in SI units with energy in kWh (the Venus units); each quantity is invalid while
// unknown. A driver writes it, a bridge publishes it; neither knows the other.
//
// A single-phase meter (the default) has one set of quantities: value(quantity). A meter of two or three phases
// has, besides that set of meter-wide totals (power and energies summed over the phases, frequency, power
// factor), a set per phase: value(phase, quantity), phases 1 to phaseCount(). The product name, serial and
// firmware version identify the device rather than measure it, so they stay known while it is lost.
class AcMeterModel : public MeasurementModel
{
	Q_OBJECT
public:
	enum class Quantity { PowerW, VoltageV, CurrentA, EnergyForwardKWh, EnergyReverseKWh, FrequencyHz, PowerFactor };
	static constexpr int QuantityCount = 7;
	static constexpr int MaxPhases = 3;

	explicit AcMeterModel(QObject *parent = nullptr);

	// The meter-wide value (for a single-phase meter: its one phase).
	QVariant value(Quantity quantity) const { return valueAt(index(0, quantity)); }
	// Phase 1..MaxPhases; 0 is the meter-wide set.
	QVariant value(int phase, Quantity quantity) const { return valueAt(index(phase, quantity)); }
	int phaseCount() const { return m_phaseCount; }
	// Strings; invalid until the device has told them.
	QVariant productName() const { return m_productName; }
	QVariant serial() const { return m_serial; }
	QVariant firmwareVersion() const { return m_firmwareVersion; }

	void setValue(Quantity quantity, const QVariant &value) { setValueAt(index(0, quantity), value); }
	void setValue(int phase, Quantity quantity, const QVariant &value) { setValueAt(index(phase, quantity), value); }
	// 1..MaxPhases; a driver learns it when it identifies the device.
	void setPhaseCount(int phases);
	// An empty string is unknown.
	void setProductName(const QString &name);
	void setSerial(const QString &serial);
	void setFirmwareVersion(const QString &version);

	// Where a value lives in MeasurementModel::valueAt(), for the bridge's path tables.
	static constexpr int index(int phase, Quantity quantity) { return phase * QuantityCount + int(quantity); }

private:
	void assignText(QVariant &current, const QString &text);

	int m_phaseCount = 1;
	QVariant m_productName;
	QVariant m_serial;
	QVariant m_firmwareVersion;
};

} // namespace pvrouter
