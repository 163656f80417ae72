#include "heater_bridge.h"

namespace pvrouter {

namespace {

int errorCode(const HeaterModel &model)
{
	if (model.isFaulty())
		return 1;
	return model.sensorFault() ? 2 : 0;
}

} // namespace

HeaterBridge::HeaterBridge(HeaterModel *model, const Identity &identity, const BusAddress &bus,
	const QDBusConnection &settingsBus, QObject *parent)
	: DeviceBridge(identity, bus, settingsBus, parent), m_model(model)
{
	connect(m_model, &HeaterModel::changed, this, &HeaterBridge::onModelChanged);
}

void HeaterBridge::addPaths(VeService &service)
{
	service.addPath(QStringLiteral("/Ac/Power"), {}, TextFormat::number(0, QStringLiteral("W")));
	service.addPath(QStringLiteral("/Ac/L1/Power"), {}, TextFormat::number(0, QStringLiteral("W")));
	service.addPath(QStringLiteral("/Temperature"), {}, TextFormat::number(1, QStringLiteral("°C")));
	service.addPath(QStringLiteral("/PowerLevel"), {});
	service.addPath(QStringLiteral("/ErrorCode"), {});
	onModelChanged();
}

void HeaterBridge::onModelChanged()
{
	if (!isBuilt())
		return;
	const bool connected = m_model->isConnected();
	setConnected(connected);
	service().setValue(QStringLiteral("/Ac/Power"), m_model->powerW());
	service().setValue(QStringLiteral("/Ac/L1/Power"), m_model->powerW());
	service().setValue(QStringLiteral("/Temperature"), m_model->temperatureC());
	service().setValue(QStringLiteral("/PowerLevel"), connected ? QVariant(m_model->commandedLevel()) : QVariant());
	service().setValue(QStringLiteral("/ErrorCode"), connected ? QVariant(errorCode(*m_model)) : QVariant());
}

} // namespace pvrouter
