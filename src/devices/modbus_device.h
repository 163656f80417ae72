#pragma once

#include "modbus/error_budget.h"
#include "modbus/modbus_line.h"
#include "modbus/register_schedule.h"

#include <QHash>
#include <QObject>
#include <QTimer>

namespace pvrouter {

// The life of one Modbus device on a line: poll what is due by the register schedule every period, count
// failures in the error budget, and when the budget is spent report the device lost and probe it again with
// back-off until it answers. Drivers derive from it, give their register map, and turn decoded values into
// their model in update().
class ModbusDevice : public QObject
{
	Q_OBJECT
public:
	using Clock = std::chrono::steady_clock;

	ModbusDevice(ModbusLine *line, quint8 unit, QList<RegisterDef> map, std::chrono::milliseconds poll,
		const BlockRules &rules = {}, QObject *parent = nullptr);

	void start();
	bool isConnected() const { return m_connected; }
	quint8 unit() const { return m_unit; }
	ModbusLine *line() const { return m_line; }

Q_SIGNALS:
	void connectedChanged(bool connected);

protected:
	// A poll read everything that was due; value() holds the latest of every register.
	virtual void update() = 0;
	// The device was lost (or answered for the first time): the model must show it.
	virtual void connectionChanged(bool connected) = 0;
	// The latest decoded value of a register of the map; invalid until read.
	QVariant value(const char *key) const { return m_values.value(QLatin1String(key)); }

private:
	void onPoll();
	void onBlockRead(int block, const ModbusResult &result);
	void setConnected(bool connected);

	ModbusLine *m_line; // not owned: shared by the devices on the line
	quint8 m_unit;
	RegisterSchedule m_schedule;
	ErrorBudget m_budget;
	QTimer m_timer;
	QHash<QLatin1String, QVariant> m_values;
	int m_pending = 0; // reads of this poll still on the line
	bool m_connected = false;
};

} // namespace pvrouter
