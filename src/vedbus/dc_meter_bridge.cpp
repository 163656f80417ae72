#include "dc_meter_bridge.h"

namespace pvrouter {

namespace {

using Q = DcMeterModel::Quantity;

// Which model quantity each path shows, and how (Venus units, victron-dbus.md §3 dcload).
const DeviceBridge::PathBindings Bindings = {
	{"/Dc/0/Voltage", Q::VoltageV, 2, "V"},
	{"/Dc/0/Current", Q::CurrentA, 2, "A"},
	{"/Dc/0/Power", Q::PowerW, 0, "W"},
	{"/History/EnergyIn", Q::EnergyInKWh, 2, "kWh"},
};

} // namespace

DcMeterBridge::DcMeterBridge(DcMeterModel *model, const Identity &identity, const BusAddress &bus,
	const QDBusConnection &settingsBus, QObject *parent)
	: DeviceBridge(identity, bus, settingsBus, parent), m_model(model)
{
	connect(m_model, &DcMeterModel::changed, this, &DcMeterBridge::onModelChanged);
}

void DcMeterBridge::addPaths(VeService &service)
{
	addBoundPaths(service, *m_model, Bindings);
	addEnergyResetPath(service);
	setConnected(m_model->isConnected());
}

void DcMeterBridge::onModelChanged()
{
	publishBoundPaths(*m_model, Bindings);
}

} // namespace pvrouter
