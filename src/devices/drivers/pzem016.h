#pragma once

#include "devices/ac_meter_model.h"
#include "devices/modbus_device.h"

namespace pvrouter {

// Peacefair PZEM-016: a single-phase AC meter on RS-485, 9600 8N1 (devices.md §2). It measures magnitudes
// only: power and energy have no direction, so as a grid meter it cannot tell import from export.
class Pzem016 : public ModbusDevice
{
	Q_OBJECT
public:
	Pzem016(ModbusLine *line, quint8 unit, std::chrono::milliseconds poll, QObject *parent = nullptr);

	AcMeterModel *model() { return &m_model; }

	static const QList<RegisterDef> &registers();

protected:
	void update() override;
	void connectionChanged(bool connected) override;

private:
	AcMeterModel m_model;
};

} // namespace pvrouter
