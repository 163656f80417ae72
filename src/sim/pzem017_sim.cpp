#include "pzem017_sim.h"

#include <algorithm>

namespace pvrouter {

namespace {

using Quantity = Pzem017Sim::Quantity;

// devices.md §2.4 (PZ17 §2.3): input registers, FC 04.
constexpr Pzem017Sim::InputRegister Inputs[] = {
	{0x0000, 1, 0.01, Quantity::Voltage},         // V
	{0x0001, 1, 0.01, Quantity::Current},         // A, a single register
	{0x0002, 2, 0.1, Quantity::Power},            // W, 0x0002 low word, 0x0003 high word
	{0x0004, 2, 1.0, Quantity::Energy},           // Wh
	{0x0006, 1, 1.0, Quantity::HighVoltageAlarm}, // 0xFFFF alarm, 0 none
	{0x0007, 1, 1.0, Quantity::LowVoltageAlarm},
};

enum Holding : quint16 {
	HighVoltage = 0x0000,
	LowVoltage = 0x0001,
	Address = Pzem017Sim::AddressRegister,
	CurrentRange = 0x0003
};

// devices.md §2.5 (PZ17 §2.4): holding registers, FC 03 / FC 06; the table, not the manual's examples
// (devices.md "Contradictions" 5). Thresholds are 0.01 V per count.
constexpr Pzem017Sim::HoldingRegister Holdings[] = {
	{HighVoltage, 30000, 500, 35000},                  // 5–350 V, default 300 V
	{LowVoltage, 700, 100, 35000},                     // 1–350 V, default 7 V
	{Address, 1, 0x01, 0xF7}, {CurrentRange, 0, 0, 3}, // 0 = 100 A, 1 = 50 A, 2 = 200 A, 3 = 300 A
};

constexpr int CurrentRangesA[] = {100, 50, 200, 300};

} // namespace

Pzem017Sim::Pzem017Sim() : PzemSim(Inputs, Holdings)
{
	refresh();
}

double Pzem017Sim::highVoltageThresholdV() const
{
	return holding(HighVoltage) * 0.01;
}

double Pzem017Sim::lowVoltageThresholdV() const
{
	return holding(LowVoltage) * 0.01;
}

int Pzem017Sim::currentRangeA() const
{
	return CurrentRangesA[std::min<quint16>(holding(CurrentRange), 3)];
}

double Pzem017Sim::modelValue(Quantity quantity) const
{
	switch (quantity) {
	case Quantity::HighVoltageAlarm:
		return voltageV() > highVoltageThresholdV() ? 0xFFFF : 0;
	case Quantity::LowVoltageAlarm:
		return voltageV() < lowVoltageThresholdV() ? 0xFFFF : 0;
	default:
		return 0;
	}
}

} // namespace pvrouter
