#include "pv_inverter_bridge.h"

namespace pvrouter {

namespace {

using Q = PvInverterModel::Quantity;

// Which model quantity each path shows, and how (Venus units; texts as systemcalc and dbus-fronius format).
const DeviceBridge::PathBindings Bindings = {
	{"/Ac/Power", Q::PowerW, 0, "W"},
	{"/Ac/L1/Power", Q::PowerW, 0, "W"},
	{"/Ac/L1/Voltage", Q::VoltageV, 1, "V"},
	{"/Ac/L1/Current", Q::CurrentA, 2, "A"},
	{"/Ac/L1/Energy/Forward", Q::EnergyForwardKWh, 2, "kWh"},
	{"/Ac/Energy/Forward", Q::EnergyForwardKWh, 2, "kWh"},
	{"/Ac/Frequency", Q::FrequencyHz, 2, "Hz"},
};

// /StatusCode, victron-dbus.md §3 pvinverter.
TextFormatter statusText()
{
	QHash<int, QString> names;
	for (int startup = 0; startup <= 6; ++startup)
		names.insert(startup, QStringLiteral("Startup"));
	names.insert(7, QStringLiteral("Running"));
	names.insert(8, QStringLiteral("Standby"));
	names.insert(9, QStringLiteral("Boot loading"));
	names.insert(10, QStringLiteral("Error"));
	return TextFormat::names(names);
}

} // namespace

PvInverterBridge::PvInverterBridge(PvInverterModel *model, const Identity &identity, const Options &options,
	const BusAddress &bus, const QDBusConnection &settingsBus, QObject *parent)
	: DeviceBridge(identity, bus, settingsBus, parent), m_model(model), m_options(options)
{
	connect(m_model, &PvInverterModel::changed, this, &PvInverterBridge::onModelChanged);
}

void PvInverterBridge::addPaths(VeService &service)
{
	addBoundPaths(service, *m_model, Bindings);
	// Unknown (invalid) when not configured, e.g. for an inverter found by the serial probe.
	service.addPath(QStringLiteral("/Ac/MaxPower"),
		m_options.maxPowerW > 0 ? QVariant(double(m_options.maxPowerW)) : QVariant(),
		TextFormat::number(0, QStringLiteral("W")));
	service.addPath(QStringLiteral("/Position"), m_options.position);
	service.addPath(QStringLiteral("/StatusCode"), {}, statusText());
	service.addPath(QStringLiteral("/ErrorCode"));
	onModelChanged(); // not registered yet: nothing is signalled, the first GetItems sees it all
}

void PvInverterBridge::onModelChanged()
{
	if (!isBuilt())
		return;
	publishBoundPaths(*m_model, Bindings);
	service().setValue(QStringLiteral("/Serial"), m_model->serial());
	service().setValue(QStringLiteral("/FirmwareVersion"), m_model->firmwareVersion());
	service().setValue(QStringLiteral("/StatusCode"), m_model->value(Q::StatusCode));
	service().setValue(QStringLiteral("/ErrorCode"), m_model->value(Q::ErrorCode));
}

} // namespace pvrouter
