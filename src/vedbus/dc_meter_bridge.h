#pragma once

#include "device_bridge.h"
#include "devices/dc_meter_model.h"

namespace pvrouter {

// Publishes a DcMeterModel as a Venus DC meter (victron-dbus.md §3 "com.victronenergy.dcload"): /Dc/0/Voltage,
// /Dc/0/Current (+ = consumed), /Dc/0/Power, /History/EnergyIn. The role is the service class: dcload,
// dcsource or dcsystem. Also pvrouter's own /ResetEnergy: writing 1 asks for the meter's energy counter to be
// reset (energyResetRequested()); it always reads 0.
class DcMeterBridge : public DeviceBridge
{
	Q_OBJECT
public:
	DcMeterBridge(DcMeterModel *model, const Identity &identity, const BusAddress &bus,
		const QDBusConnection &settingsBus, QObject *parent = nullptr);

protected:
	void addPaths(VeService &service) override;

private:
	void onModelChanged();

	DcMeterModel *m_model; // not owned: the driver's
};

} // namespace pvrouter
