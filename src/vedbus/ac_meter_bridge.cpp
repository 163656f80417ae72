#include "ac_meter_bridge.h"

namespace pvrouter {

namespace {

using Q = AcMeterModel::Quantity;

// Which model quantity each path shows, and how (Venus units; texts as systemcalc and dbus-fronius format).
const DeviceBridge::PathBindings Bindings = {
	{"/Ac/Power", Q::PowerW, 0, "W"},
	{"/Ac/L1/Power", Q::PowerW, 0, "W"},
	{"/Ac/L1/Voltage", Q::VoltageV, 1, "V"},
	{"/Ac/L1/Current", Q::CurrentA, 2, "A"},
	{"/Ac/L1/Energy/Forward", Q::EnergyForwardKWh, 2, "kWh"},
	{"/Ac/L1/Energy/Reverse", Q::EnergyReverseKWh, 2, "kWh"},
	{"/Ac/Energy/Forward", Q::EnergyForwardKWh, 2, "kWh"},
	{"/Ac/Energy/Reverse", Q::EnergyReverseKWh, 2, "kWh"},
	{"/Ac/Frequency", Q::FrequencyHz, 1, "Hz"},
	{"/Ac/PowerFactor", Q::PowerFactor, 2, ""},
};

bool hasPosition(const QString &role)
{
	return role == QLatin1String("pvinverter") || role == QLatin1String("acload") || role == QLatin1String("heatpump");
}

} // namespace

AcMeterBridge::AcMeterBridge(AcMeterModel *model, const Identity &identity, const Options &options,
	const BusAddress &bus, const QDBusConnection &settingsBus, QObject *parent)
	: DeviceBridge(identity, bus, settingsBus, parent), m_model(model), m_options(options)
{
	connect(m_model, &AcMeterModel::changed, this, &AcMeterBridge::onModelChanged);
}

void AcMeterBridge::addPaths(VeService &service)
{
	const QString &role = identity().deviceClass;
	addBoundPaths(service, *m_model, Bindings);
	service.addPath(QStringLiteral("/Role"), role);
	service.addPath(QStringLiteral("/AllowedRoles"), QVariant(m_options.allowedRoles));
	service.addPath(QStringLiteral("/NrOfPhases"), 1);
	if (role != QLatin1String("grid"))
		service.addPath(QStringLiteral("/IsGenericEnergyMeter"), 1);
	if (hasPosition(role))
		service.addPath(QStringLiteral("/Position"), m_options.position);
	if (m_options.energyReset)
		addEnergyResetPath(service);
	setConnected(m_model->isConnected());
}

void AcMeterBridge::onModelChanged()
{
	publishBoundPaths(*m_model, Bindings);
}

} // namespace pvrouter
