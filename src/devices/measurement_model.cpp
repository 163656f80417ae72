#include "measurement_model.h"

#include <algorithm>

namespace pvrouter {

MeasurementModel::MeasurementModel(int quantityCount, QObject *parent)
	: QObject(parent), m_values(size_t(quantityCount))
{}

void MeasurementModel::setValueAt(int index, const QVariant &value)
{
	assign(m_values[size_t(index)], value);
}

void MeasurementModel::assign(QVariant &current, const QVariant &value)
{
	if (current.typeId() == value.typeId() && current == value)
		return;
	current = value;
	Q_EMIT changed();
}

void MeasurementModel::setConnected(bool connected)
{
	if (connected == m_connected)
		return;
	m_connected = connected;
	if (!connected)
		std::fill(m_values.begin(), m_values.end(), QVariant());
	Q_EMIT changed();
}

} // namespace pvrouter
