#include "device_bridge.h"

#include "device_instance.h"
#include "devices/measurement_model.h"
#include "mandatory_paths.h"

#include <QCoreApplication>

namespace pvrouter {

namespace {
const QString ResetEnergyPath = QStringLiteral("/ResetEnergy");
}

DeviceBridge::DeviceBridge(
	const Identity &identity, const BusAddress &bus, const QDBusConnection &settingsBus, QObject *parent)
	: QObject(parent), m_identity(identity), m_bus(bus), m_settingsBus(settingsBus),
	  m_service(QStringLiteral("com.victronenergy.%1.pvrouter_%2").arg(identity.deviceClass, identity.uid))
{
	if (m_identity.settingsUid.isEmpty())
		m_identity.settingsUid = QStringLiteral("pvrouter_") + m_identity.uid;
	connect(&m_service, &VeService::registered, this, &DeviceBridge::registered);
	connect(&m_service, &VeService::registrationFailed, this, &DeviceBridge::failed);
	connect(&m_service, &VeService::valueWritten, this, &DeviceBridge::onValueWritten);
}

int DeviceBridge::preferredInstance() const
{
	return m_identity.deviceClass == QLatin1String("pvinverter") ? 20 : 40;
}

void DeviceBridge::start()
{
	auto *request = new DeviceInstanceRequest(
		m_settingsBus, m_identity.settingsUid, m_identity.deviceClass, preferredInstance(), this);
	connect(request, &DeviceInstanceRequest::allocated, this, [this, request](const QString &, int instance) {
		request->deleteLater();
		onInstance(instance); // the configured class decides the service; the record lends its number
	});
	connect(request, &DeviceInstanceRequest::failed, this, [this, request](const QString &error) {
		request->deleteLater();
		Q_EMIT failed(error);
	});
}

void DeviceBridge::onInstance(int instance)
{
	DeviceIdentity id;
	id.processName = QCoreApplication::applicationName();
	id.processVersion = QCoreApplication::applicationVersion();
	id.connection = m_identity.connection;
	id.deviceInstance = instance;
	id.productId = m_identity.productId;
	id.productName = m_identity.productName;
	id.customName = m_identity.customName;
	id.connected = false; // until the subclass says otherwise in addPaths()
	addMandatoryPaths(m_service, id);
	addPaths(m_service);
	m_service.registerOn(m_bus);
}

void DeviceBridge::setConnected(bool connected)
{
	if (isBuilt())
		m_service.setValue(QStringLiteral("/Connected"), int(connected));
}

void DeviceBridge::addBoundPaths(VeService &service, const MeasurementModel &model, const PathBindings &bindings)
{
	for (const PathBinding &b : bindings)
		service.addPath(
			QLatin1String(b.path), model.valueAt(b.quantity), TextFormat::number(b.decimals, QLatin1String(b.unit)));
}

void DeviceBridge::publishBoundPaths(const MeasurementModel &model, const PathBindings &bindings)
{
	if (!isBuilt())
		return; // the paths start from the model's state when they are built
	setConnected(model.isConnected());
	for (const PathBinding &b : bindings)
		m_service.setValue(QLatin1String(b.path), model.valueAt(b.quantity));
}

void DeviceBridge::addEnergyResetPath(VeService &service)
{
	service.addPath(ResetEnergyPath, 0).setWritable(VeType::Int).setValidator([](const QVariant &value) {
		return value.toLongLong() == 1;
	});
}

void DeviceBridge::onValueWritten(const QString &path, const QVariant &value)
{
	if (path != ResetEnergyPath)
		return;
	m_service.setValue(ResetEnergyPath, 0); // a command, not a state: it reads 0 again
	if (value.toLongLong() == 1)            // not an invalid value, which withdraws rather than commands
		Q_EMIT energyResetRequested();
}

} // namespace pvrouter
