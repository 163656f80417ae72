#pragma once

#include "devices/modbus_device.h"
#include "devices/pv_inverter_model.h"

namespace pvrouter {

// Growatt MIN/MIC TL-X PV inverter on RS-485, 9600 8N1 (devices.md §4): two MPPT trackers, one phase, read
// through the legacy input block 0–124 that TTR and IEB read on these models (devices.md contradiction 13).
// Read only: the output limit (holding 3) comes later.
class Growatt : public ModbusDevice
{
	Q_OBJECT
public:
	Growatt(ModbusLine *line, quint8 unit, std::chrono::milliseconds poll, QObject *parent = nullptr);

	PvInverterModel *model() { return &m_model; }

	static const QList<RegisterDef> &registers();
	// Input register 0 as a Victron /StatusCode; invalid for a status no source defines.
	static QVariant victronStatusCode(const QVariant &growattStatus);

protected:
	void update() override;
	void connectionChanged(bool connected) override;

private:
	PvInverterModel m_model;
};

} // namespace pvrouter
