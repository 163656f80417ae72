#pragma once

#include <QObject>
#include <QVariant>

#include <vector>

namespace pvrouter {

// What the measuring models share: one value per quantity, each invalid while unknown, changed() only on a real
// change of type or value, and the connection state. A subclass names the quantities with its own enum and passes
// their count.
class MeasurementModel : public QObject
{
	Q_OBJECT
public:
	bool isConnected() const { return m_connected; }
	// The value of quantity index; the subclasses offer it by name.
	QVariant valueAt(int index) const { return m_values[size_t(index)]; }

	// Lost: every measured value becomes unknown at once, never left frozen at its last reading.
	void setConnected(bool connected);

Q_SIGNALS:
	void changed();

protected:
	MeasurementModel(int quantityCount, QObject *parent);

	void setValueAt(int index, const QVariant &value);
	// Sets current to value, and says so with changed() when that is a change of type or value.
	void assign(QVariant &current, const QVariant &value);

private:
	std::vector<QVariant> m_values;
	bool m_connected = false;
};

} // namespace pvrouter
