#pragma once

#include "device_bridge.h"
#include "devices/heater_model.h"

namespace pvrouter {

// The heater controller's water temperature as a Venus temperature sensor, com.victronenergy.temperature.
// pvrouter_<uid> with /TemperatureType 5 (water heater), so the GX lists it with the other tanks and sensors
// (victron-dbus.md §3 "com.victronenergy.temperature").
class TankTemperatureBridge : public DeviceBridge
{
	Q_OBJECT
public:
	TankTemperatureBridge(HeaterModel *model, const Identity &identity, const BusAddress &bus,
		const QDBusConnection &settingsBus, QObject *parent = nullptr);

protected:
	void addPaths(VeService &service) override;
	int preferredInstance() const override { return 20; }

private:
	void onModelChanged();

	HeaterModel *m_model; // not owned: the driver's
};

} // namespace pvrouter
