#pragma once

#include "measurement_model.h"

namespace pvrouter {

// What one single-phase PV inverter reports, in SI units with energy in kWh (the Venus units); each quantity is
// invalid while unknown. StatusCode is already the Victron /StatusCode (victron-dbus.md §3 pvinverter), ErrorCode
// the inverter's own fault code (0: none). The serial number and firmware version identify the device rather than
// measure it: they stay known while it is lost. A driver writes it, a bridge publishes it; neither knows the other.
class PvInverterModel : public MeasurementModel
{
	Q_OBJECT
public:
	enum class Quantity {
		PowerW,
		VoltageV,
		CurrentA,
		EnergyForwardKWh, // lifetime total
		FrequencyHz,
		StatusCode,
		ErrorCode,
		DeratingMode, // the inverter's own code, 0: not derating
		Pv1VoltageV,
		Pv1CurrentA,
		Pv1PowerW,
		Pv2VoltageV,
		Pv2CurrentA,
		Pv2PowerW,
		InverterTemperatureC,
		IpmTemperatureC,
		BoostTemperatureC,
	};
	static constexpr int QuantityCount = 17;

	explicit PvInverterModel(QObject *parent = nullptr);

	QVariant value(Quantity quantity) const { return valueAt(int(quantity)); }
	// Strings; invalid until the device has told them.
	QVariant serial() const { return m_serial; }
	QVariant firmwareVersion() const { return m_firmwareVersion; }

	void setValue(Quantity quantity, const QVariant &value) { setValueAt(int(quantity), value); }
	// An empty string is unknown.
	void setSerial(const QString &serial);
	void setFirmwareVersion(const QString &version);

private:
	QVariant m_serial;
	QVariant m_firmwareVersion;
};

} // namespace pvrouter
