#pragma once

#include "devices/dc_meter_model.h"
#include "devices/modbus_device.h"

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

	static const QList<RegisterDef> &registers();

Q_SIGNALS:
	void energyResetFinished(bool ok, const QString &error);

protected:
	void update() override;
	void connectionChanged(bool connected) override;

private:
	DcMeterModel m_model;
};

} // namespace pvrouter
