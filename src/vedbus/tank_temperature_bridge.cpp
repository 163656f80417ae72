#include "tank_temperature_bridge.h"

namespace pvrouter {

namespace {

// /Status: 0 OK, 1 disconnected/open, 2 short, 3 reverse polarity, 4 unknown (victron-dbus.md §3).
constexpr int StatusOk = 0;
constexpr int StatusDisconnected = 1; // the firmware reports a failed OneWire read; a broken wire is the usual cause
constexpr int WaterHeater = 5;

} // namespace

TankTemperatureBridge::TankTemperatureBridge(HeaterModel *model, const Identity &identity, const BusAddress &bus,
	const QDBusConnection &settingsBus, QObject *parent)
	: DeviceBridge(identity, bus, settingsBus, parent), m_model(model)
{
	connect(m_model, &HeaterModel::changed, this, &TankTemperatureBridge::onModelChanged);
}

void TankTemperatureBridge::addPaths(VeService &service)
{
	service.addPath(QStringLiteral("/Temperature"), {}, TextFormat::number(1, QStringLiteral("°C")));
	service.addPath(QStringLiteral("/TemperatureType"), WaterHeater);
	service.addPath(QStringLiteral("/Status"), {});
	onModelChanged();
}

void TankTemperatureBridge::onModelChanged()
{
	if (!isBuilt())
		return;
	const bool connected = m_model->isConnected();
	setConnected(connected);
	service().setValue(QStringLiteral("/Temperature"), m_model->temperatureC());
	service().setValue(QStringLiteral("/Status"),
		connected ? QVariant(m_model->sensorFault() ? StatusDisconnected : StatusOk) : QVariant());
}

} // namespace pvrouter
