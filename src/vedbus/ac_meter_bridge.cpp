#include "ac_meter_bridge.h"

#include "device_instance.h"
#include "mandatory_paths.h"

#include <QCoreApplication>

namespace pvrouter {

namespace {

using Q = AcMeterModel::Quantity;

// Which model quantity each path shows, and how (Venus units; texts as systemcalc and dbus-fronius format).
struct PathBinding
{
	const char *path;
	Q quantity;
	int decimals;
	const char *unit;
};

const PathBinding Bindings[] = {
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

// VRM instance numbers pvrouter asks for first: PV inverters from 20 as dbus-fronius does, meters from 40 as
// dbus-modbus-client does (victron-dbus.md §2.3).
int preferredInstance(const QString &role)
{
	return role == QLatin1String("pvinverter") ? 20 : 40;
}

} // namespace

AcMeterBridge::AcMeterBridge(AcMeterModel *model, const Identity &identity, const BusAddress &bus,
	const QDBusConnection &settingsBus, QObject *parent)
	: QObject(parent), m_model(model), m_identity(identity), m_bus(bus), m_settingsBus(settingsBus),
	  m_service(QStringLiteral("com.victronenergy.%1.pvrouter_%2").arg(identity.role, identity.uid))
{
	connect(&m_service, &VeService::registered, this, &AcMeterBridge::registered);
	connect(&m_service, &VeService::registrationFailed, this, &AcMeterBridge::failed);
	connect(m_model, &AcMeterModel::changed, this, &AcMeterBridge::onModelChanged);
}

void AcMeterBridge::start()
{
	auto *request = new DeviceInstanceRequest(m_settingsBus, QStringLiteral("pvrouter_") + m_identity.uid,
		m_identity.role, preferredInstance(m_identity.role), this);
	connect(request, &DeviceInstanceRequest::allocated, this, [this, request](const QString &cls, int instance) {
		request->deleteLater();
		onInstance(cls, instance);
	});
	connect(request, &DeviceInstanceRequest::failed, this, [this, request](const QString &error) {
		request->deleteLater();
		Q_EMIT failed(error);
	});
}

void AcMeterBridge::onInstance(const QString &deviceClass, int instance)
{
	Q_UNUSED(deviceClass); // the configured role decides the class; the record only lends its number
	DeviceIdentity id;
	id.processName = QCoreApplication::applicationName();
	id.processVersion = QCoreApplication::applicationVersion();
	id.connection = m_identity.connection;
	id.deviceInstance = instance;
	id.productId = m_identity.productId;
	id.productName = m_identity.productName;
	id.customName = m_identity.customName;
	id.connected = m_model->isConnected();
	addMandatoryPaths(m_service, id);
	for (const PathBinding &b : Bindings)
		m_service.addPath(
			QLatin1String(b.path), m_model->value(b.quantity), TextFormat::number(b.decimals, QLatin1String(b.unit)));
	m_service.addPath(QStringLiteral("/Role"), m_identity.role);
	m_service.addPath(QStringLiteral("/AllowedRoles"), QVariant(m_identity.allowedRoles));
	m_service.addPath(QStringLiteral("/NrOfPhases"), 1);
	if (m_identity.role != QLatin1String("grid"))
		m_service.addPath(QStringLiteral("/IsGenericEnergyMeter"), 1);
	if (hasPosition(m_identity.role))
		m_service.addPath(QStringLiteral("/Position"), m_identity.position);
	m_service.registerOn(m_bus);
}

void AcMeterBridge::onModelChanged()
{
	if (!m_service.hasPath(QStringLiteral("/Connected")))
		return; // not built yet: the paths start from the model's state
	m_service.setValue(QStringLiteral("/Connected"), int(m_model->isConnected()));
	for (const PathBinding &b : Bindings)
		m_service.setValue(QLatin1String(b.path), m_model->value(b.quantity));
}

} // namespace pvrouter
