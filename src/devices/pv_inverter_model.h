#pragma once

#include <QObject>
#include <QVariant>

#include <array>

namespace pvrouter {

// What one single-phase PV inverter reports, in SI units with energy in kWh (the Venus units); each quantity is
// invalid while unknown. StatusCode is already the Victron /StatusCode (victron-dbus.md §3 pvinverter), ErrorCode
// the inverter's own fault code (0: none). The serial number and firmware version identify the device rather than
// measure it: they stay known while it is lost. A driver writes it, a bridge publishes it; neither knows the other.
class PvInverterModel : public QObject
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

	using QObject::QObject;

	QVariant value(Quantity quantity) const { return m_values[size_t(quantity)]; }
	bool isConnected() const { return m_connected; }
	// Strings; invalid until the device has told them.
	QVariant serial() const { return m_serial; }
	QVariant firmwareVersion() const { return m_firmwareVersion; }

	void setValue(Quantity quantity, const QVariant &value);
	// Lost: every measured value becomes unknown at once, never left frozen at its last reading.
	void setConnected(bool connected);
	// An empty string is unknown.
	void setSerial(const QString &serial);
	void setFirmwareVersion(const QString &version);

Q_SIGNALS:
	void changed();

private:
	void setText(QVariant &current, const QString &text);

	std::array<QVariant, QuantityCount> m_values;
	QVariant m_serial;
	QVariant m_firmwareVersion;
	bool m_connected = false;
};

} // namespace pvrouter
