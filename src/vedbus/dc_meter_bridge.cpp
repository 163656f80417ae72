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

// pvrouter's own path, not a Victron one (Victron has none for this).
const QString ResetEnergyPath = QStringLiteral("/ResetEnergy");

} // namespace

DcMeterBridge::DcMeterBridge(DcMeterModel *model, const Identity &identity, const BusAddress &bus,
	const QDBusConnection &settingsBus, QObject *parent)
	: DeviceBridge(identity, bus, settingsBus, parent), m_model(model)
{
	connect(&service(), &VeService::valueWritten, this, &DcMeterBridge::onValueWritten);
	connect(m_model, &DcMeterModel::changed, this, &DcMeterBridge::onModelChanged);
}

void DcMeterBridge::addPaths(VeService &service)
{
	addBoundPaths(service, *m_model, Bindings);
	service.addPath(ResetEnergyPath, 0).setWritable(VeType::Int).setValidator([](const QVariant &value) {
		return value.toLongLong() == 1;
	});
	setConnected(m_model->isConnected());
}

void DcMeterBridge::onModelChanged()
{
	publishBoundPaths(*m_model, Bindings);
}

void DcMeterBridge::onValueWritten(const QString &path, const QVariant &value)
{
	if (path != ResetEnergyPath)
		return;
	service().setValue(ResetEnergyPath, 0); // a command, not a state: it reads 0 again
	if (value.toLongLong() == 1)            // not an invalid value, which withdraws rather than commands
		Q_EMIT energyResetRequested();
}

} // namespace pvrouter
