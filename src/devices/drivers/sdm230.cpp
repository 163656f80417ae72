#include "sdm230.h"

namespace pvrouter {

const AcMeterProfile &sdm230Profile()
{
	using namespace std::chrono_literals;
	using Q = AcMeterModel::Quantity;
	constexpr auto In = ModbusTable::InputRegister;
	constexpr auto F = RegisterType::Float32HighWordFirst;
	static const AcMeterProfile profile{
		"Eastron SDM230",
		0xB023, // the id the community SDM230 drivers publish (victron-dbus.md §1.7)
		// Input registers, devices.md §3.2 (SDM11 §1.2).
		{
			{"voltage", In, 0x0000, F, 1, "V"},
			{"current", In, 0x0006, F, 1, "A"},
			{"power", In, 0x000C, F, 1, "W"},
			{"powerFactor", In, 0x001E, F, 1, ""},
			{"frequency", In, 0x0046, F, 1, "Hz"},
			{"importEnergy", In, 0x0048, F, 1, "kWh", 10s},
			{"exportEnergy", In, 0x004A, F, 1, "kWh", 10s},
		},
		{
			{"voltage", Q::VoltageV},
			{"current", Q::CurrentA},
			{"power", Q::PowerW},
			{"powerFactor", Q::PowerFactor},
			{"frequency", Q::FrequencyHz},
			{"importEnergy", Q::EnergyForwardKWh},
			{"exportEnergy", Q::EnergyReverseKWh},
		},
		// Reads of an even number of registers from even addresses only (devices.md §3.1), at most 60 (the
		// stricter of Eastron's two documents), never across the barriers of the register groups (§3.4).
		{7, 60, {0x12, 0x46, 0x156}},
	};
	return profile;
}

} // namespace pvrouter
