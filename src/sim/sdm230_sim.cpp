#include "sdm230_sim.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace pvrouter {

namespace {

using Quantity = Sdm230Sim::Quantity;

struct InputRegister
{
	quint16 address;
	Quantity quantity; // the two totals below are sums and have none
};

// devices.md §3.2 (SDM11 §1.2): input registers, FC 04, float32 high word first. Addresses of the
// documented area not listed here (demand values, phase 2/3 slots of the family's three-phase map) read 0.0.
constexpr InputRegister Inputs[] = {
	{0x0000, Quantity::VoltageV},
	{0x0006, Quantity::CurrentA},
	{0x000C, Quantity::ActivePowerW},
	{0x0012, Quantity::ApparentPowerVA},
	{0x0018, Quantity::ReactivePowerVAr},
	{0x001E, Quantity::PowerFactor},
	{0x0024, Quantity::PhaseAngleDeg},
	{0x0046, Quantity::FrequencyHz},
	{0x0048, Quantity::ImportEnergyKWh},
	{0x004A, Quantity::ExportEnergyKWh},
	{0x004C, Quantity::ImportReactiveEnergyKVArh},
	{0x004E, Quantity::ExportReactiveEnergyKVArh},
};
constexpr quint16 TotalEnergy = 0x0156;         // kWh, import + export (measurement mode 2, the default)
constexpr quint16 TotalReactiveEnergy = 0x0158; // kVArh
constexpr quint16 InputAreaEnd = 0x0184;        // past the resettable totals at 0x0180/0x0182

struct HoldingParameter
{
	quint16 address;
	float initial;
	float min; // whole numbers in [min, max], or when allowedCount > 0 one of allowed
	float max;
	int allowedCount;
	float allowed[6];
};

// devices.md §3.3 (SDM11): float parameters, FC 03 read, FC 10 write of one parameter (two registers).
constexpr HoldingParameter Parameters[] = {
	{0x000C, 100, 0, 0, 3, {60, 100, 200}},   // pulse 1 width, ms
	{0x0012, 0, 0, 3, 0, {}},                 // parity/stop: 0 N1, 1 E1, 2 O1, 3 N2
	{0x0014, 1, 1, 247, 0, {}},               // node address
	{0x001C, 2, 0, 5, 0, {}},                 // baud code: 0 2400, 1 4800, 2 9600, 3 19200, 4 38400, 5 1200
	{0x0056, 4, 0, 0, 6, {1, 2, 4, 5, 6, 8}}, // pulse 1 energy type
};
constexpr quint16 HoldingAreaEnd = 0x0058;

// Identification words read by NMK, R7 and IEB, absent from Eastron's documents: UNVERIFIED values.
constexpr quint16 SerialNumber = 0xFC00; // u32, high word first
constexpr quint16 MeterCode = 0xFC02;    // 43 = SDM230Modbus in one dbus-modbus-client fork
constexpr quint16 SoftwareVersion = 0xFC03;

constexpr double Pi = 3.14159265358979323846;

quint16 word(const QByteArray &pdu, int offset)
{
	return quint16((quint8(pdu[offset]) << 8) | quint8(pdu[offset + 1]));
}

float toFloat(quint16 high, quint16 low)
{
	const quint32 bits = (quint32(high) << 16) | low;
	float value;
	std::memcpy(&value, &bits, sizeof value);
	return value;
}

} // namespace

Sdm230Sim::Sdm230Sim()
{
	m_bank.declare(SimTable::InputRegisters, 0x0000, InputAreaEnd);
	m_bank.declare(SimTable::HoldingRegisters, 0x0000, HoldingAreaEnd);
	m_bank.declare(SimTable::HoldingRegisters, SerialNumber, 4);
	for (const HoldingParameter &parameter : Parameters)
		m_bank.setFloat32(SimTable::HoldingRegisters, parameter.address, parameter.initial);
	m_bank.setU32(SimTable::HoldingRegisters, SerialNumber, 12345678, WordOrder::HighFirst);
	m_bank.setValue(SimTable::HoldingRegisters, MeterCode, 43);
	m_bank.setValue(SimTable::HoldingRegisters, SoftwareVersion, 0x0103);
	m_bank.setFunctionCodes({0x03, 0x04, 0x10});
	m_bank.setMaxReadRegisters(MaxReadRegisters);
	m_bank.setWriteCheck(
		[this](SimTable, quint16 address, const QVector<quint16> &values) { return checkWrite(address, values); });
	set(Quantity::VoltageV, 230.0);
	set(Quantity::FrequencyHz, 50.0);
	set(Quantity::PowerFactor, 1.0);
}

QByteArray Sdm230Sim::handle(const QByteArray &pdu)
{
	if (pdu.isEmpty())
		return {};
	const quint8 fc = quint8(pdu[0]);
	if (fc == 0x08) {
		// Diagnostics: only sub-function 0 (return query data), which echoes the request (SDM0 §3.6).
		if (pdu.size() < 3)
			return SimRegisterBank::exceptionPdu(fc, SimException::IllegalDataValue);
		return word(pdu, 1) == 0 ? pdu : SimRegisterBank::exceptionPdu(fc, SimException::IllegalFunction);
	}
	if ((fc == 0x03 || fc == 0x04 || fc == 0x10) && pdu.size() >= 5) {
		// Whole floats only (devices.md §3.1). A one-register read would return "an instrument type specific
		// value" whose meaning no source settles; the simulator refuses it like any odd count, with exception 3.
		const quint16 address = word(pdu, 1);
		const quint16 count = word(pdu, 3);
		if (count % 2 != 0)
			return SimRegisterBank::exceptionPdu(fc, SimException::IllegalDataValue);
		if (address % 2 != 0)
			return SimRegisterBank::exceptionPdu(fc, SimException::IllegalDataAddress);
		if (fc == 0x10 && count != 2) // one parameter per write (devices.md §3.3)
			return SimRegisterBank::exceptionPdu(fc, SimException::IllegalDataValue);
	}
	return m_bank.handle(pdu);
}

SimException Sdm230Sim::checkWrite(quint16 address, const QVector<quint16> &values) const
{
	if (values.size() != 2)
		return SimException::IllegalDataValue;
	const float value = toFloat(values[0], values[1]);
	for (const HoldingParameter &parameter : Parameters) {
		if (parameter.address != address)
			continue;
		const float *allowedEnd = parameter.allowed + parameter.allowedCount;
		const bool valid = parameter.allowedCount > 0
			? std::find(parameter.allowed, allowedEnd, value) != allowedEnd
			: value >= parameter.min && value <= parameter.max && value == std::round(value);
		return valid ? SimException::None : SimException::IllegalDataValue;
	}
	return SimException::IllegalDataAddress; // read-only or undocumented
}

void Sdm230Sim::advance(std::chrono::milliseconds elapsed)
{
	if (elapsed.count() <= 0)
		return;
	const double hours = std::chrono::duration<double, std::ratio<3600>>(elapsed).count();
	const double powerW = get(Quantity::ActivePowerW);
	const double reactiveVAr = get(Quantity::ReactivePowerVAr);
	auto &values = m_values;
	values[size_t(powerW >= 0 ? Quantity::ImportEnergyKWh : Quantity::ExportEnergyKWh)] +=
		std::abs(powerW) * hours / 1000.0;
	values[size_t(reactiveVAr >= 0 ? Quantity::ImportReactiveEnergyKVArh : Quantity::ExportReactiveEnergyKVArh)] +=
		std::abs(reactiveVAr) * hours / 1000.0;
	refresh();
}

void Sdm230Sim::set(Quantity quantity, double value)
{
	if (quantity == Quantity::Count)
		return;
	m_values[size_t(quantity)] = value;
	refresh();
}

void Sdm230Sim::setLoad(double powerW, double powerFactor)
{
	const double pf = std::clamp(std::abs(powerFactor), 0.01, 1.0);
	const double voltageV = get(Quantity::VoltageV);
	const double apparentVA = std::abs(powerW) / pf;
	m_values[size_t(Quantity::ActivePowerW)] = powerW;
	m_values[size_t(Quantity::PowerFactor)] = powerFactor;
	m_values[size_t(Quantity::ApparentPowerVA)] = apparentVA;
	m_values[size_t(Quantity::ReactivePowerVAr)] = std::sqrt(std::max(apparentVA * apparentVA - powerW * powerW, 0.0));
	m_values[size_t(Quantity::CurrentA)] = voltageV > 0 ? apparentVA / voltageV : 0.0;
	m_values[size_t(Quantity::PhaseAngleDeg)] = std::acos(pf) * 180.0 / Pi;
	refresh();
}

void Sdm230Sim::setSerialNumber(quint32 serial)
{
	m_bank.setU32(SimTable::HoldingRegisters, SerialNumber, serial, WordOrder::HighFirst);
}

quint32 Sdm230Sim::serialNumber() const
{
	return m_bank.u32(SimTable::HoldingRegisters, SerialNumber, WordOrder::HighFirst);
}

void Sdm230Sim::refresh()
{
	for (const InputRegister &reg : Inputs)
		m_bank.setFloat32(SimTable::InputRegisters, reg.address, float(get(reg.quantity)));
	m_bank.setFloat32(
		SimTable::InputRegisters, TotalEnergy, float(get(Quantity::ImportEnergyKWh) + get(Quantity::ExportEnergyKWh)));
	m_bank.setFloat32(SimTable::InputRegisters, TotalReactiveEnergy,
		float(get(Quantity::ImportReactiveEnergyKVArh) + get(Quantity::ExportReactiveEnergyKVArh)));
}

} // namespace pvrouter
