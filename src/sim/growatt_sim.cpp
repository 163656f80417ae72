#include "growatt_sim.h"

#include <algorithm>
#include <cmath>

namespace pvrouter {

namespace {

enum class Quantity {
	Status,
	PvPower,
	Pv1Voltage,
	Pv1Current,
	Pv1Power,
	Pv2Voltage,
	Pv2Current,
	Pv2Power,
	AcPower,
	GridFrequency,
	GridVoltage,
	GridCurrent,
	AcApparentPower,
	EnergyToday,
	EnergyTotal,
	WorkTime,
	Pv1EnergyToday,
	Pv1EnergyTotal,
	Pv2EnergyToday,
	Pv2EnergyTotal,
	PvEnergyTotal,
	InverterTemperature,
	IpmTemperature,
	BoostTemperature,
	OutputPercent,
	DeratingMode,
	FaultCode,
	Count
};

struct InputRegister
{
	quint16 address;
	quint16 words; // 2: u32, high word first
	double lsb;    // value of one count, in the unit of the comment
	bool isSigned;
	Quantity quantity;
};

// devices.md §4.2 (GW124 input table): FC 04, legacy 0..124 block. Unlisted addresses (PV3..PV8, phases 2/3,
// warnings) read 0.
constexpr InputRegister Inputs[] = {
	{0, 1, 1, false, Quantity::Status},                // 0 waiting, 1 normal, 3 fault
	{1, 2, 0.1, false, Quantity::PvPower},             // W
	{3, 1, 0.1, false, Quantity::Pv1Voltage},          // V
	{4, 1, 0.1, false, Quantity::Pv1Current},          // A
	{5, 2, 0.1, false, Quantity::Pv1Power},            // W
	{7, 1, 0.1, false, Quantity::Pv2Voltage},          // V
	{8, 1, 0.1, false, Quantity::Pv2Current},          // A
	{9, 2, 0.1, false, Quantity::Pv2Power},            // W
	{35, 2, 0.1, false, Quantity::AcPower},            // W
	{37, 1, 0.01, false, Quantity::GridFrequency},     // Hz
	{38, 1, 0.1, false, Quantity::GridVoltage},        // V
	{39, 1, 0.1, false, Quantity::GridCurrent},        // A
	{40, 2, 0.1, false, Quantity::AcApparentPower},    // VA
	{53, 2, 0.1, false, Quantity::EnergyToday},        // kWh
	{55, 2, 0.1, false, Quantity::EnergyTotal},        // kWh
	{57, 2, 0.5, false, Quantity::WorkTime},           // s
	{59, 2, 0.1, false, Quantity::Pv1EnergyToday},     // kWh
	{61, 2, 0.1, false, Quantity::Pv1EnergyTotal},     // kWh
	{63, 2, 0.1, false, Quantity::Pv2EnergyToday},     // kWh
	{65, 2, 0.1, false, Quantity::Pv2EnergyTotal},     // kWh
	{91, 2, 0.1, false, Quantity::PvEnergyTotal},      // kWh
	{93, 1, 0.1, true, Quantity::InverterTemperature}, // °C
	{94, 1, 0.1, true, Quantity::IpmTemperature},      // °C
	{95, 1, 0.1, true, Quantity::BoostTemperature},    // °C
	{101, 1, 1, false, Quantity::OutputPercent},       // % of nominal
	{104, 1, 1, false, Quantity::DeratingMode},        // 0 none, 1 PV, 3 Vac, 4 Fac, 5 Tboost, 6 Tinv, 7 Control…
	{105, 1, 1, false, Quantity::FaultCode},
};
constexpr quint16 InputCount = 125;

enum Holding : quint16 { OnOff = 0, ActivePowerRate = 3 };

struct HoldingRegister
{
	quint16 address;
	quint16 initial;
	bool writable;
	bool isSigned;
	qint32 min;
	qint32 max;
	qint32 alsoAllowed; // -1: none
};

// devices.md §4.4 (GW124 holding table): FC 03 read, FC 06 write. Which registers refuse writes, and with
// which exception, no source says: the simulator takes the ones the table describes as settings and answers
// exception 2 for the others, exception 3 for a value outside the documented range.
constexpr HoldingRegister Holdings[] = {
	{0, 1, true, false, 0, 3, -1},                         // OnOff: 1 on, 0 off (3/2 BDC)
	{1, 0, true, false, 0, 0xFFFF, -1},                    // safety function bits
	{2, 0, true, false, 0, 1, -1},                         // PF CMD memory state
	{3, GrowattSim::NotLimited, true, false, 0, 100, 255}, // Active P Rate %, 255 = not limited
	{4, 255, true, true, -100, 100, 255},                  // reactive P rate
	{5, 10000, true, false, 0, 20000, -1},                 // power factor x10000 (unity assumed 10000)
	{22, 0, true, false, 0, 1, -1},                        // baud: 0 9600, 1 38400
	{30, 1, true, false, 1, 254, -1},                      // com address
	{42, 0, true, false, 0, 1, -1},                        // G100 fail-safe enable
	{43, 5100, false, false, 0, 0, -1},                    // DTC device type (IEB: MIN 4200TL-X)
	{44, 0x0201, false, false, 0, 0, -1},                  // 2 trackers, 1 phase
	{45, 24, true, false, 0, 0xFFFF, -1},                  // system time: year
	{46, 1, true, false, 0, 0xFFFF, -1},                   // month
	{47, 1, true, false, 0, 0xFFFF, -1},                   // day
	{48, 0, true, false, 0, 0xFFFF, -1},                   // hour
	{49, 0, true, false, 0, 0xFFFF, -1},                   // minute
	{50, 0, true, false, 0, 0xFFFF, -1},                   // second
	{88, 207, false, false, 0, 0, -1},                     // Modbus version x0.01 (GW124's example, V2.07)
	{122, 0, true, false, 0, 3, -1},                       // export limit: 0 off, 1 RS485 meter, 2 RS232, 3 CT
	{123, 0, true, true, -1000, 1000, -1},                 // export limit power rate, 0.1 %
	{3000, 0, true, false, 0, 1000, -1},                   // export-limit-failed power rate, 0.1 %
};

struct TextRegisters
{
	quint16 start;
	quint16 count;
};
constexpr TextRegisters FirmwareText = {9, 3};         // ASCII
constexpr TextRegisters ControlFirmwareText = {12, 3}; // ASCII
constexpr TextRegisters SerialText = {23, 5};          // ASCII, 10 characters
constexpr TextRegisters NewSerialText = {3001, 15};    // ASCII, 30 characters (TL-X)

quint32 toRaw(double value, double lsb, quint16 words, bool isSigned)
{
	const double counts = std::round(value / lsb);
	if (isSigned)
		return quint32(qint32(std::clamp(counts, -32768.0, 32767.0))) & 0xFFFF;
	return quint32(std::clamp(counts, 0.0, words == 2 ? 4294967295.0 : 65535.0));
}

} // namespace

GrowattSim::GrowattSim()
{
	m_bank.declare(SimTable::InputRegisters, 0, InputCount);
	m_bank.declare(SimTable::HoldingRegisters, 0, 125);
	m_bank.declare(SimTable::HoldingRegisters, 3000, 16);
	for (const HoldingRegister &reg : Holdings)
		m_bank.setValue(SimTable::HoldingRegisters, reg.address, reg.initial);
	m_bank.setAscii(SimTable::HoldingRegisters, ControlFirmwareText.start, ControlFirmwareText.count, "ZBDM1.0");
	setFirmwareVersion("DM1.0");
	setSerialNumber("SIM0000001");
	m_bank.setFunctionCodes({0x03, 0x04, 0x06});
	m_bank.setWriteCheck([](SimTable, quint16 address, const QVector<quint16> &values) {
		for (const HoldingRegister &reg : Holdings) {
			if (reg.address != address)
				continue;
			if (!reg.writable)
				return SimException::IllegalDataAddress;
			const quint16 raw = values.value(0);
			const qint32 value = reg.isSigned ? qint32(qint16(raw)) : qint32(raw);
			return (value >= reg.min && value <= reg.max) || value == reg.alsoAllowed ? SimException::None
																					  : SimException::IllegalDataValue;
		}
		return SimException::IllegalDataAddress;
	});
	m_bank.setWriteHook([this](SimTable, quint16, quint16) { refresh(); });
	refresh();
}

QByteArray GrowattSim::handle(const QByteArray &pdu)
{
	return m_bank.handle(pdu);
}

void GrowattSim::advance(std::chrono::milliseconds elapsed)
{
	if (elapsed.count() <= 0)
		return;
	const double hours = std::chrono::duration<double, std::ratio<3600>>(elapsed).count();
	m_energyTodayKWh += m_acPowerW * hours / 1000.0;
	m_energyTotalKWh += m_acPowerW * hours / 1000.0;
	for (int i = 0; i < TrackerCount; ++i) {
		m_trackerTodayKWh[i] += m_trackerPowerW[i] * hours / 1000.0;
		m_trackerTotalKWh[i] += m_trackerPowerW[i] * hours / 1000.0;
	}
	if (m_status == Status::Normal)
		m_workTimeS += std::chrono::duration<double>(elapsed).count();
	refresh();
}

void GrowattSim::setPvPowerW(double powerW)
{
	for (double &available : m_trackerAvailableW)
		available = std::max(powerW, 0.0) / TrackerCount;
	refresh();
}

void GrowattSim::setTrackerPowerW(int tracker, double powerW)
{
	if (tracker < 0 || tracker >= TrackerCount)
		return;
	m_trackerAvailableW[tracker] = std::max(powerW, 0.0);
	refresh();
}

void GrowattSim::setTrackerVoltageV(int tracker, double voltageV)
{
	if (tracker < 0 || tracker >= TrackerCount)
		return;
	m_trackerVoltageV[tracker] = voltageV;
	refresh();
}

void GrowattSim::setNominalPowerW(double powerW)
{
	m_nominalPowerW = powerW;
	refresh();
}

void GrowattSim::setStatus(Status status)
{
	m_status = status;
	refresh();
}

void GrowattSim::setGridVoltageV(double voltageV)
{
	m_gridVoltageV = voltageV;
	refresh();
}

void GrowattSim::setGridFrequencyHz(double frequencyHz)
{
	m_gridFrequencyHz = frequencyHz;
	refresh();
}

void GrowattSim::setTemperaturesC(double inverterC, double ipmC, double boostC)
{
	m_inverterTemperatureC = inverterC;
	m_ipmTemperatureC = ipmC;
	m_boostTemperatureC = boostC;
	refresh();
}

void GrowattSim::setDeratingMode(quint16 mode)
{
	m_deratingMode = mode;
	refresh();
}

void GrowattSim::setFaultCode(quint16 code)
{
	m_faultCode = code;
	refresh();
}

void GrowattSim::setEnergyTodayKWh(double energyKWh)
{
	m_energyTodayKWh = energyKWh;
	refresh();
}

void GrowattSim::setEnergyTotalKWh(double energyKWh)
{
	m_energyTotalKWh = energyKWh;
	refresh();
}

void GrowattSim::setSerialNumber(const QByteArray &serial)
{
	m_bank.setAscii(SimTable::HoldingRegisters, SerialText.start, SerialText.count, serial.left(2 * SerialText.count));
	m_bank.setAscii(SimTable::HoldingRegisters, NewSerialText.start, NewSerialText.count, serial);
}

void GrowattSim::setFirmwareVersion(const QByteArray &version)
{
	m_bank.setAscii(SimTable::HoldingRegisters, FirmwareText.start, FirmwareText.count, version);
}

quint16 GrowattSim::activePowerRate() const
{
	return m_bank.value(SimTable::HoldingRegisters, ActivePowerRate);
}

void GrowattSim::refresh()
{
	const bool producing = m_status == Status::Normal && m_bank.value(SimTable::HoldingRegisters, OnOff) == 1;
	const quint16 rate = activePowerRate();
	const double limitW = rate <= 100 ? m_nominalPowerW * rate / 100.0 : m_nominalPowerW;
	double availableW = 0;
	for (const double trackerW : m_trackerAvailableW)
		availableW += trackerW;
	m_acPowerW = producing ? std::min(availableW, limitW) : 0.0;
	const double share = availableW > 0 ? m_acPowerW / availableW : 0.0;
	for (int i = 0; i < TrackerCount; ++i)
		m_trackerPowerW[i] = m_trackerAvailableW[i] * share;

	std::array<double, size_t(Quantity::Count)> values{};
	auto set = [&values](Quantity quantity, double value) {
		values[size_t(quantity)] = value;
	};
	const auto trackerCurrentA = [this](int i) {
		return m_trackerVoltageV[i] > 0 ? m_trackerPowerW[i] / m_trackerVoltageV[i] : 0.0;
	};
	set(Quantity::Status, double(m_status));
	set(Quantity::PvPower, m_trackerPowerW[0] + m_trackerPowerW[1]);
	set(Quantity::Pv1Voltage, m_trackerVoltageV[0]);
	set(Quantity::Pv1Current, trackerCurrentA(0));
	set(Quantity::Pv1Power, m_trackerPowerW[0]);
	set(Quantity::Pv2Voltage, m_trackerVoltageV[1]);
	set(Quantity::Pv2Current, trackerCurrentA(1));
	set(Quantity::Pv2Power, m_trackerPowerW[1]);
	set(Quantity::AcPower, m_acPowerW);
	set(Quantity::GridFrequency, m_gridFrequencyHz);
	set(Quantity::GridVoltage, m_gridVoltageV);
	set(Quantity::GridCurrent, m_gridVoltageV > 0 ? m_acPowerW / m_gridVoltageV : 0.0);
	set(Quantity::AcApparentPower, m_acPowerW);
	set(Quantity::EnergyToday, m_energyTodayKWh);
	set(Quantity::EnergyTotal, m_energyTotalKWh);
	set(Quantity::WorkTime, m_workTimeS);
	set(Quantity::Pv1EnergyToday, m_trackerTodayKWh[0]);
	set(Quantity::Pv1EnergyTotal, m_trackerTotalKWh[0]);
	set(Quantity::Pv2EnergyToday, m_trackerTodayKWh[1]);
	set(Quantity::Pv2EnergyTotal, m_trackerTotalKWh[1]);
	set(Quantity::PvEnergyTotal, m_trackerTotalKWh[0] + m_trackerTotalKWh[1]);
	set(Quantity::InverterTemperature, m_inverterTemperatureC);
	set(Quantity::IpmTemperature, m_ipmTemperatureC);
	set(Quantity::BoostTemperature, m_boostTemperatureC);
	set(Quantity::OutputPercent, m_nominalPowerW > 0 ? 100.0 * m_acPowerW / m_nominalPowerW : 0.0);
	set(Quantity::DeratingMode, m_deratingMode);
	set(Quantity::FaultCode, m_faultCode);

	for (const InputRegister &reg : Inputs) {
		const quint32 raw = toRaw(values[size_t(reg.quantity)], reg.lsb, reg.words, reg.isSigned);
		if (reg.words == 2)
			m_bank.setU32(SimTable::InputRegisters, reg.address, raw, WordOrder::HighFirst);
		else
			m_bank.setValue(SimTable::InputRegisters, reg.address, quint16(raw));
	}
}

} // namespace pvrouter
