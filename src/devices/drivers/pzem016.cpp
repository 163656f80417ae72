#include "pzem016.h"

#include "pzem_energy_reset.h"

namespace pvrouter {

const AcMeterProfile &pzem016Profile()
{
	using namespace std::chrono_literals;
	using Q = AcMeterModel::Quantity;
	constexpr auto In = ModbusTable::InputRegister;
	static const AcMeterProfile profile{
		"PZEM-016",
		0, // no Victron product id exists for it
		// Input registers, devices.md §2.2 (PZ16 §2.3); 32-bit values low word first.
		{
			{"voltage", In, 0x0000, RegisterType::U16, 0.1, "V"},
			{"current", In, 0x0001, RegisterType::U32LowWordFirst, 0.001, "A"},
			{"power", In, 0x0003, RegisterType::U32LowWordFirst, 0.1, "W"},
			{"energy", In, 0x0005, RegisterType::U32LowWordFirst, 1, "Wh", 10s},
			{"frequency", In, 0x0007, RegisterType::U16, 0.1, "Hz"},
			{"powerFactor", In, 0x0008, RegisterType::U16, 0.01, ""},
		},
		{
			{"voltage", Q::VoltageV},
			{"current", Q::CurrentA},
			{"power", Q::PowerW},
			{"energy", Q::EnergyForwardKWh, 0.001},
			{"frequency", Q::FrequencyHz},
			{"powerFactor", Q::PowerFactor},
		},
		{},
		resetPzemEnergy,
	};
	return profile;
}

} // namespace pvrouter
