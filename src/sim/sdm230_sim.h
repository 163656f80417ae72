#pragma once

#include "sim_modbus_device.h"
#include "sim_register_bank.h"

#include <array>

namespace pvrouter {

// Eastron SDM230-Modbus single-phase meter (devices.md §3.1–3.3): FC 03, 04, 08 (sub-function 0) and 10;
// every value an IEEE-754 float32, high word first; reads and writes at even addresses of even length.
// Positive active power is import; advance() integrates it into the import or export energy.
class Sdm230Sim : public SimModbusDevice
{
public:
	static constexpr quint8 DefaultUnit = 1;
	// One read takes at most 30 values (SDM11); the older document allows 40 (devices.md "Contradictions" 9):
	// the simulator takes the stricter limit.
	static constexpr quint16 MaxReadRegisters = 60;

	enum class Quantity {
		VoltageV,
		CurrentA,
		ActivePowerW,
		ApparentPowerVA,
		ReactivePowerVAr,
		PowerFactor,
		PhaseAngleDeg,
		FrequencyHz,
		ImportEnergyKWh,
		ExportEnergyKWh,
		ImportReactiveEnergyKVArh,
		ExportReactiveEnergyKVArh,
		Count
	};

	Sdm230Sim();

	QByteArray handle(const QByteArray &pdu) override;
	void advance(std::chrono::milliseconds elapsed) override;

	void set(Quantity quantity, double value);
	double get(Quantity quantity) const { return m_values[size_t(quantity)]; }
	void setVoltageV(double voltageV) { set(Quantity::VoltageV, voltageV); }
	void setFrequencyHz(double frequencyHz) { set(Quantity::FrequencyHz, frequencyHz); }
	void setImportEnergyKWh(double energyKWh) { set(Quantity::ImportEnergyKWh, energyKWh); }
	void setExportEnergyKWh(double energyKWh) { set(Quantity::ExportEnergyKWh, energyKWh); }
	// Active power (positive = import) with the current, apparent and reactive power and the phase angle
	// that follow from the voltage and the power factor.
	void setLoad(double powerW, double powerFactor = 1.0);

	// Holding 0xFC00 (u32) / 0xFC02 / 0xFC03 (u16): not in Eastron's SDM230 documents (devices.md §3.3).
	void setSerialNumber(quint32 serial);
	quint32 serialNumber() const;

private:
	SimException checkWrite(quint16 address, const QVector<quint16> &values) const;
	void refresh();

	SimRegisterBank m_bank;
	std::array<double, size_t(Quantity::Count)> m_values{};
};

} // namespace pvrouter
