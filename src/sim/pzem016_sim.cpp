#include "pzem016_sim.h"

namespace pvrouter {

namespace {

using Quantity = Pzem016Sim::Quantity;

// devices.md §2.2 (PZ16 §2.3): input registers, FC 04.
constexpr Pzem016Sim::InputRegister Inputs[] = {
	{0x0000, 1, 0.1, Quantity::Voltage},      // V
	{0x0001, 2, 0.001, Quantity::Current},    // A, 0x0001 low word, 0x0002 high word
	{0x0003, 2, 0.1, Quantity::Power},        // W
	{0x0005, 2, 1.0, Quantity::Energy},       // Wh
	{0x0007, 1, 0.1, Quantity::Frequency},    // Hz
	{0x0008, 1, 0.01, Quantity::PowerFactor}, //
	{0x0009, 1, 1.0, Quantity::PowerAlarm},   // 0xFFFF alarm, 0 none
};

enum Holding : quint16 { AlarmThreshold = 0x0001, Address = Pzem016Sim::AddressRegister };

// devices.md §2.3 (PZ16 §2.4): holding registers, FC 03 / FC 06. The default threshold is not documented:
// 23000 W, the top of the power range, so that no alarm shows unless a test sets one. The default address
// 1 is MIL's (devices.md §2.1, unconfirmed by the manual).
constexpr Pzem016Sim::HoldingRegister Holdings[] = {
	{AlarmThreshold, 23000, 0, 0xFFFF}, // W per count
	{Address, 1, 0x01, 0xF7},
};

} // namespace

Pzem016Sim::Pzem016Sim() : PzemSim(Inputs, Holdings)
{
	refresh();
}

void Pzem016Sim::setFrequencyHz(double frequencyHz)
{
	m_frequencyHz = frequencyHz;
	refresh();
}

void Pzem016Sim::setPowerFactor(double powerFactor)
{
	m_powerFactor = powerFactor;
	refresh();
}

quint16 Pzem016Sim::powerAlarmThresholdW() const
{
	return holding(AlarmThreshold);
}

bool Pzem016Sim::alarm() const
{
	return powerW() > powerAlarmThresholdW();
}

double Pzem016Sim::modelValue(Quantity quantity) const
{
	switch (quantity) {
	case Quantity::Frequency:
		return m_frequencyHz;
	case Quantity::PowerFactor:
		return m_powerFactor;
	case Quantity::PowerAlarm:
		return alarm() ? 0xFFFF : 0;
	default:
		return 0;
	}
}

} // namespace pvrouter
