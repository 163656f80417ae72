#include "heater_bridge.h"

namespace pvrouter {

namespace {

const QString ModePath = QStringLiteral("/Mode");

int errorCode(const HeaterModel &model)
{
	if (model.isFaulty())
		return 1;
	return model.sensorFault() ? 2 : 0;
}

template <typename Enum>
TextFormatter enumNames(int count, QString (*text)(Enum))
{
	QHash<int, QString> names;
	for (int i = 0; i < count; ++i)
		names.insert(i, text(Enum(i)));
	return TextFormat::names(names);
}

} // namespace

HeaterBridge::HeaterBridge(HeaterModel *model, HeaterControlModel *control, const Identity &identity,
	const BusAddress &bus, const QDBusConnection &settingsBus, QObject *parent)
	: DeviceBridge(identity, bus, settingsBus, parent), m_model(model), m_control(control)
{
	connect(m_model, &HeaterModel::changed, this, &HeaterBridge::onModelChanged);
	connect(m_control, &HeaterControlModel::changed, this, &HeaterBridge::onControlChanged);
	connect(&service(), &VeService::valueWritten, this, &HeaterBridge::onValueWritten);
}

void HeaterBridge::addPaths(VeService &service)
{
	service.addPath(QStringLiteral("/Ac/Power"), {}, TextFormat::number(0, QStringLiteral("W")));
	service.addPath(QStringLiteral("/Ac/L1/Power"), {}, TextFormat::number(0, QStringLiteral("W")));
	service.addPath(QStringLiteral("/Ac/Energy/Forward"), {}, TextFormat::number(3, QStringLiteral("kWh")));
	service.addPath(QStringLiteral("/Temperature"), {}, TextFormat::number(1, QStringLiteral("°C")));
	service.addPath(QStringLiteral("/TargetTemperature"), {}, TextFormat::number(0, QStringLiteral("°C")));
	service.addPath(QStringLiteral("/PowerLevel"), {});
	service.addPath(QStringLiteral("/ErrorCode"), {});
	service.addPath(ModePath, {}, enumNames(4, &HeaterControlModel::modeText))
		.setWritable(VeType::Int)
		.setValidator([](const QVariant &value) {
			return value.isValid() && value.toLongLong() >= 0 && value.toLongLong() <= 3;
		});
	service.addPath(QStringLiteral("/State"), {}, enumNames(8, &HeaterControlModel::stateText));
	onModelChanged();
	onControlChanged();
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

void HeaterBridge::onControlChanged()
{
	if (!isBuilt())
		return;
	const std::optional<double> targetC = m_control->targetTemperatureC();
	service().setValue(ModePath, int(m_control->mode()));
	service().setValue(QStringLiteral("/State"), int(m_control->state()));
	service().setValue(QStringLiteral("/TargetTemperature"), targetC ? QVariant(*targetC) : QVariant());
	service().setValue(QStringLiteral("/Ac/Energy/Forward"), m_control->energyKWh());
}

void HeaterBridge::onValueWritten(const QString &path, const QVariant &value)
{
	if (path == ModePath && value.isValid())
		Q_EMIT modeRequested(HeaterMode(value.toInt()));
}

} // namespace pvrouter
