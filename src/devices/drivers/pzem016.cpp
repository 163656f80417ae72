#include "pzem016.h"

namespace pvrouter {

using namespace std::chrono_literals;
using Q = AcMeterModel::Quantity;

const QList<RegisterDef> &Pzem016::registers()
{
	// Input registers, devices.md §2.2 (PZ16 §2.3); 32-bit values low word first.
	constexpr auto In = ModbusTable::InputRegister;
	static const QList<RegisterDef> map = {
		{"voltage", In, 0x0000, RegisterType::U16, 0.1, "V"},
		{"current", In, 0x0001, RegisterType::U32LowWordFirst, 0.001, "A"},
		{"power", In, 0x0003, RegisterType::U32LowWordFirst, 0.1, "W"},
		{"energy", In, 0x0005, RegisterType::U32LowWordFirst, 1, "Wh", 10s},
		{"frequency", In, 0x0007, RegisterType::U16, 0.1, "Hz"},
		{"powerFactor", In, 0x0008, RegisterType::U16, 0.01, ""},
	};
	return map;
}

Pzem016::Pzem016(ModbusLine *line, quint8 unit, std::chrono::milliseconds poll, QObject *parent)
	: ModbusDevice(line, unit, registers(), poll, {}, parent)
{}

void Pzem016::update()
{
	m_model.setValue(Q::VoltageV, value("voltage"));
	m_model.setValue(Q::CurrentA, value("current"));
	m_model.setValue(Q::PowerW, value("power"));
	m_model.setValue(Q::EnergyForwardKWh, value("energy").toDouble() / 1000);
	m_model.setValue(Q::FrequencyHz, value("frequency"));
	m_model.setValue(Q::PowerFactor, value("powerFactor"));
}

void Pzem016::connectionChanged(bool connected)
{
	m_model.setConnected(connected);
}

} // namespace pvrouter
