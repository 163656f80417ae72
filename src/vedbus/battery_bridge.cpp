#include "battery_bridge.h"

namespace pvrouter {

namespace {

using Q = BatteryModel::Quantity;

// Venus units and texts, as a BMS or a SmartShunt shows them.
const DeviceBridge::PathBindings Bindings = {
	{"/Dc/0/Voltage", Q::VoltageV, 2, "V"},
	{"/Dc/0/Current", Q::CurrentA, 1, "A"},
	{"/Dc/0/Power", Q::PowerW, 0, "W"},
	{"/Soc", Q::SocPercent, 1, "%"},
};

DeviceBridge::Identity batteryIdentity(DeviceBridge::Identity identity)
{
	identity.deviceClass = QStringLiteral("battery");
	return identity;
}

} // namespace

BatteryBridge::BatteryBridge(
	BatteryModel *model, Identity identity, const BusAddress &bus, const QDBusConnection &settingsBus, QObject *parent)
	: DeviceBridge(batteryIdentity(std::move(identity)), bus, settingsBus, parent), m_model(model)
{
	connect(m_model, &BatteryModel::changed, this, &BatteryBridge::onModelChanged);
}

void BatteryBridge::addPaths(VeService &service)
{
	addBoundPaths(service, *m_model, Bindings);
	setConnected(m_model->isConnected());
}

void BatteryBridge::onModelChanged()
{
	publishBoundPaths(*m_model, Bindings);
}

} // namespace pvrouter
