#include "pzem017.h"

#include "pzem_energy_reset.h"

#include "common/logging.h"

namespace pvrouter {

using namespace std::chrono_literals;
using Q = DcMeterModel::Quantity;

namespace {

// devices.md §2.1: the request is the function code alone, and the device echoes it.

} // namespace

const QList<RegisterDef> &Pzem017::registers()
{
	// Input registers, devices.md §2.4 (PZ17 §2.3); 32-bit values low word first, the current a single register.
	constexpr auto In = ModbusTable::InputRegister;
	static const QList<RegisterDef> map = {
		{"voltage", In, 0x0000, RegisterType::U16, 0.01, "V"},
		{"current", In, 0x0001, RegisterType::U16, 0.01, "A"},
		{"power", In, 0x0002, RegisterType::U32LowWordFirst, 0.1, "W"},
		{"energy", In, 0x0004, RegisterType::U32LowWordFirst, 1, "Wh", 10s},
	};
	return map;
}

Pzem017::Pzem017(ModbusLine *line, quint8 unit, std::chrono::milliseconds poll, QObject *parent)
	: ModbusDevice(line, unit, registers(), poll, {}, parent)
{}

void Pzem017::resetEnergy()
{
	resetPzemEnergy(this, [this](bool ok, const QString &error) { Q_EMIT energyResetFinished(ok, error); });
}

void Pzem017::update()
{
	m_model.setValue(Q::VoltageV, value("voltage"));
	m_model.setValue(Q::CurrentA, value("current"));
	m_model.setValue(Q::PowerW, value("power"));
	m_model.setValue(Q::EnergyInKWh, value("energy").toDouble() / 1000);
}

void Pzem017::connectionChanged(bool connected)
{
	m_model.setConnected(connected);
}

} // namespace pvrouter
