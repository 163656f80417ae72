#include "ac_meter_bridge.h"

#include <algorithm>

namespace pvrouter {

namespace {

using Q = AcMeterModel::Quantity;

// Which model quantity each path shows, and how (Venus units; texts as systemcalc and dbus-fronius format).
// A single-phase meter: its one set of values is L1 and the totals alike.
const DeviceBridge::PathBindings SinglePhaseBindings = {
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

// A meter of several phases: the meter-wide totals, then each phase's own values (victron-dbus.md §3, grid).
const DeviceBridge::PathBindings TotalBindings = {
	{"/Ac/Power", Q::PowerW, 0, "W"},
	{"/Ac/Energy/Forward", Q::EnergyForwardKWh, 2, "kWh"},
	{"/Ac/Energy/Reverse", Q::EnergyReverseKWh, 2, "kWh"},
	{"/Ac/Frequency", Q::FrequencyHz, 1, "Hz"},
	{"/Ac/PowerFactor", Q::PowerFactor, 2, ""},
};

template <int Phase>
DeviceBridge::PathBindings phaseBindings(const char *const (&paths)[6])
{
	return {
		{paths[0], AcMeterModel::index(Phase, Q::PowerW), 0, "W"},
		{paths[1], AcMeterModel::index(Phase, Q::VoltageV), 1, "V"},
		{paths[2], AcMeterModel::index(Phase, Q::CurrentA), 2, "A"},
		{paths[3], AcMeterModel::index(Phase, Q::EnergyForwardKWh), 2, "kWh"},
		{paths[4], AcMeterModel::index(Phase, Q::EnergyReverseKWh), 2, "kWh"},
		{paths[5], AcMeterModel::index(Phase, Q::PowerFactor), 2, ""},
	};
}

const DeviceBridge::PathBindings L1Bindings = phaseBindings<1>({"/Ac/L1/Power", "/Ac/L1/Voltage", "/Ac/L1/Current",
	"/Ac/L1/Energy/Forward", "/Ac/L1/Energy/Reverse", "/Ac/L1/PowerFactor"});
const DeviceBridge::PathBindings L2Bindings = phaseBindings<2>({"/Ac/L2/Power", "/Ac/L2/Voltage", "/Ac/L2/Current",
	"/Ac/L2/Energy/Forward", "/Ac/L2/Energy/Reverse", "/Ac/L2/PowerFactor"});
const DeviceBridge::PathBindings L3Bindings = phaseBindings<3>({"/Ac/L3/Power", "/Ac/L3/Voltage", "/Ac/L3/Current",
	"/Ac/L3/Energy/Forward", "/Ac/L3/Energy/Reverse", "/Ac/L3/PowerFactor"});

// The paths of a meter of `phases` phases.
const DeviceBridge::PathBindings &bindingsFor(int phases)
{
	static const DeviceBridge::PathBindings two = TotalBindings + L1Bindings + L2Bindings;
	static const DeviceBridge::PathBindings three = two + L3Bindings;
	return phases >= 3 ? three : phases == 2 ? two : SinglePhaseBindings;
}

bool binds(const DeviceBridge::PathBindings &bindings, const char *path)
{
	return std::any_of(bindings.cbegin(), bindings.cend(),
		[path](const DeviceBridge::PathBinding &b) { return qstrcmp(b.path, path) == 0; });
}

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
	m_phases = m_model->phaseCount();
	addBoundPaths(service, *m_model, bindingsFor(m_phases));
	service.addPath(QStringLiteral("/Role"), role);
	service.addPath(QStringLiteral("/AllowedRoles"), QVariant(m_options.allowedRoles));
	service.addPath(QStringLiteral("/NrOfPhases"), m_phases);
	if (role != QLatin1String("grid"))
		service.addPath(QStringLiteral("/IsGenericEnergyMeter"), 1);
	if (hasPosition(role))
		service.addPath(QStringLiteral("/Position"), m_options.position);
	if (m_options.energyReset)
		addEnergyResetPath(service);
	setConnected(m_model->isConnected());
	publishIdentity();
}

void AcMeterBridge::onModelChanged()
{
	if (!isBuilt())
		return; // addPaths() starts from the model's state
	const int phases = m_model->phaseCount();
	if (phases > m_phases) {
		// Learnt when the driver identified the meter: the new phases' paths appear (in the next ItemsChanged).
		addBoundPaths(service(), *m_model, bindingsFor(phases));
		m_phases = phases;
	}
	publishBoundPaths(*m_model, bindingsFor(phases));
	// Phases the meter no longer has (another device at the address) stay, but never with old values.
	for (const PathBinding &b : bindingsFor(m_phases)) {
		if (!binds(bindingsFor(phases), b.path))
			service().setValue(QLatin1String(b.path), QVariant());
	}
	service().setValue(QStringLiteral("/NrOfPhases"), phases);
	publishIdentity();
}

void AcMeterBridge::publishIdentity()
{
	// Only what the device told: a driver that knows no serial leaves the identity's values alone.
	if (m_model->productName().isValid())
		service().setValue(QStringLiteral("/ProductName"), m_model->productName());
	if (m_model->serial().isValid())
		service().setValue(QStringLiteral("/Serial"), m_model->serial());
	if (m_model->firmwareVersion().isValid())
		service().setValue(QStringLiteral("/FirmwareVersion"), m_model->firmwareVersion());
}

} // namespace pvrouter
