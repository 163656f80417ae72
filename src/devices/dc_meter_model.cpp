#include "dc_meter_model.h"

namespace pvrouter {

void DcMeterModel::setValue(Quantity quantity, const QVariant &value)
{
	QVariant &current = m_values[size_t(quantity)];
	if (current.typeId() == value.typeId() && current == value)
		return;
	current = value;
	Q_EMIT changed();
}

void DcMeterModel::setConnected(bool connected)
{
	if (connected == m_connected)
		return;
	m_connected = connected;
	if (!connected)
		m_values.fill(QVariant());
	Q_EMIT changed();
}

} // namespace pvrouter
