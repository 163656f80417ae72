#include "pv_inverter_model.h"

namespace pvrouter {

void PvInverterModel::setValue(Quantity quantity, const QVariant &value)
{
	QVariant &current = m_values[size_t(quantity)];
	if (current.typeId() == value.typeId() && current == value)
		return;
	current = value;
	Q_EMIT changed();
}

void PvInverterModel::setConnected(bool connected)
{
	if (connected == m_connected)
		return;
	m_connected = connected;
	if (!connected)
		m_values.fill(QVariant());
	Q_EMIT changed();
}

void PvInverterModel::setSerial(const QString &serial)
{
	setText(m_serial, serial);
}

void PvInverterModel::setFirmwareVersion(const QString &version)
{
	setText(m_firmwareVersion, version);
}

void PvInverterModel::setText(QVariant &current, const QString &text)
{
	const QVariant value = text.isEmpty() ? QVariant() : QVariant(text);
	if (current.typeId() == value.typeId() && current == value)
		return;
	current = value;
	Q_EMIT changed();
}

} // namespace pvrouter
