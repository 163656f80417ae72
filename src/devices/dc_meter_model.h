#pragma once

#include <QObject>
#include <QVariant>

#include <array>

namespace pvrouter {

// What one DC meter measures, in SI units with energy in kWh (the Venus units); each quantity is invalid while
// unknown. Current and power are positive into the measured load (victron-dbus.md §3 dcload: + = consumed).
// A driver writes it, a bridge publishes it; neither knows the other.
class DcMeterModel : public QObject
{
	Q_OBJECT
public:
	enum class Quantity { VoltageV, CurrentA, PowerW, EnergyInKWh };
	static constexpr int QuantityCount = 4;

	using QObject::QObject;

	QVariant value(Quantity quantity) const { return m_values[size_t(quantity)]; }
	bool isConnected() const { return m_connected; }

	void setValue(Quantity quantity, const QVariant &value);
	// Lost: every value becomes unknown at once, never left frozen at its last reading.
	void setConnected(bool connected);

Q_SIGNALS:
	void changed();

private:
	std::array<QVariant, QuantityCount> m_values;
	bool m_connected = false;
};

} // namespace pvrouter
