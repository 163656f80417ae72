#include "growatt.h"

namespace pvrouter {

using namespace std::chrono_literals;
using Q = PvInverterModel::Quantity;

namespace {

// Integer codes as int, the D-Bus type of /StatusCode and /ErrorCode.
QVariant code(const QVariant &raw)
{
	return raw.isValid() ? QVariant(raw.toInt()) : QVariant();
}

} // namespace

const QList<RegisterDef> &Growatt::registers()
{
	constexpr auto In = ModbusTable::InputRegister;
	constexpr auto Hold = ModbusTable::HoldingRegister;
	static const QList<RegisterDef> map = {
		// Input registers, devices.md §4.2 (GW124 input table); 32-bit values high word first.
		{"status", In, 0, RegisterType::U16},
		{"pv1Voltage", In, 3, RegisterType::U16, 0.1, "V"},
		{"pv1Current", In, 4, RegisterType::U16, 0.1, "A"},
		{"pv1Power", In, 5, RegisterType::U32HighWordFirst, 0.1, "W"},
		{"pv2Voltage", In, 7, RegisterType::U16, 0.1, "V"},
		{"pv2Current", In, 8, RegisterType::U16, 0.1, "A"},
		{"pv2Power", In, 9, RegisterType::U32HighWordFirst, 0.1, "W"},
		{"acPower", In, 35, RegisterType::U32HighWordFirst, 0.1, "W"},
		{"frequency", In, 37, RegisterType::U16, 0.01, "Hz"},
		{"voltage", In, 38, RegisterType::U16, 0.1, "V"},
		{"current", In, 39, RegisterType::U16, 0.1, "A"},
		// The lifetime total: IEB publishes today's 53–54 as /Ac/L1/Energy/Forward, a bug (devices.md §3.4).
		{"energyTotal", In, 55, RegisterType::U32HighWordFirst, 0.1, "kWh", 10s},
		// GW124 says u16; read signed, which is the same for every temperature above 0 °C and right below it if
		// the inverter sends two's complement (as GrowattSim does), where u16 would read 6553.x °C.
		{"inverterTemperature", In, 93, RegisterType::S16, 0.1, "°C", 10s},
		{"ipmTemperature", In, 94, RegisterType::S16, 0.1, "°C", 10s},
		{"boostTemperature", In, 95, RegisterType::S16, 0.1, "°C", 10s},
		{"deratingMode", In, 104, RegisterType::U16},
		{"faultCode", In, 105, RegisterType::U16},
		// Holding registers, devices.md §4.4: identity, which changes only with a firmware update.
		{"firmwareVersion", Hold, 9, RegisterType::Ascii, 1, "", 24h, 3},
		{"serial", Hold, 23, RegisterType::Ascii, 1, "", 24h, 5},
	};
	return map;
}

QVariant Growatt::victronStatusCode(const QVariant &growattStatus)
{
	if (!growattStatus.isValid())
		return {};
	// devices.md §4.2 → victron-dbus.md §3: 0 waiting → 8 standby, 1 normal → 7 running, 3 fault → 10 error.
	// IEB and an Ardexa note take 2 as fault (devices.md contradiction 12) while GW124 defines no 2: as an error
	// it is right for those sources and harmless for the others.
	switch (growattStatus.toInt()) {
	case 0:
		return 8;
	case 1:
		return 7;
	case 2:
	case 3:
		return 10;
	}
	return {};
}

Growatt::Growatt(ModbusLine *line, quint8 unit, std::chrono::milliseconds poll, QObject *parent)
	: ModbusDevice(line, unit, registers(), poll, {}, parent)
{}

void Growatt::update()
{
	m_model.setValue(Q::PowerW, value("acPower"));
	m_model.setValue(Q::VoltageV, value("voltage"));
	m_model.setValue(Q::CurrentA, value("current"));
	m_model.setValue(Q::EnergyForwardKWh, value("energyTotal"));
	m_model.setValue(Q::FrequencyHz, value("frequency"));
	m_model.setValue(Q::StatusCode, victronStatusCode(value("status")));
	m_model.setValue(Q::ErrorCode, code(value("faultCode")));
	m_model.setValue(Q::DeratingMode, code(value("deratingMode")));
	m_model.setValue(Q::Pv1VoltageV, value("pv1Voltage"));
	m_model.setValue(Q::Pv1CurrentA, value("pv1Current"));
	m_model.setValue(Q::Pv1PowerW, value("pv1Power"));
	m_model.setValue(Q::Pv2VoltageV, value("pv2Voltage"));
	m_model.setValue(Q::Pv2CurrentA, value("pv2Current"));
	m_model.setValue(Q::Pv2PowerW, value("pv2Power"));
	m_model.setValue(Q::InverterTemperatureC, value("inverterTemperature"));
	m_model.setValue(Q::IpmTemperatureC, value("ipmTemperature"));
	m_model.setValue(Q::BoostTemperatureC, value("boostTemperature"));
	m_model.setSerial(value("serial").toString());
	m_model.setFirmwareVersion(value("firmwareVersion").toString());
}

void Growatt::connectionChanged(bool connected)
{
	m_model.setConnected(connected);
}

} // namespace pvrouter
