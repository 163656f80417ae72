#pragma once

#include "devices/dc_meter_model.h"
#include "devices/modbus_device.h"

#include <optional>

namespace pvrouter {

// Peacefair PZEM-017: a DC meter with an external shunt on RS-485, 9600 8N2 (devices.md §2.1, §2.4). It
// measures magnitudes only, so current and power are always published as flowing into the measured load
// (+ = consumed); a PZEM-017 on a source or a battery cannot tell the direction either.
class Pzem017 : public ModbusDevice
{
	Q_OBJECT
public:
	Pzem017(ModbusLine *line, quint8 unit, std::chrono::milliseconds poll, QObject *parent = nullptr);

	DcMeterModel *model() { return &m_model; }

	// Sets the device's energy counter to 0 (function 0x42, devices.md §2.1); energyResetFinished() tells
	// how it went. The model shows the new count from the next poll on.
	void resetEnergy();
	// The full-scale current of the shunt (50, 100, 200 or 300 A, at 75 mV). Set before start(), the driver keeps
	// the meter's range register at it; unset, it leaves the meter as it is.
	void setShuntA(int amps);
	// The range register's code for a shunt, or nothing when the meter has no such range.
	static std::optional<quint16> shuntRangeCode(int amps);

	static const QList<RegisterDef> &registers();

Q_SIGNALS:
	void energyResetFinished(bool ok, const QString &error);

protected:
	void update() override;
	void connectionChanged(bool connected) override;

private:
	void keepShuntRange();

	DcMeterModel m_model;
	int m_shuntA = 0; // 0: not ours to set
	bool m_rangeSet = false;
};

} // namespace pvrouter
