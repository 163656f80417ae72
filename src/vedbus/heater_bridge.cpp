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

HeaterBridge::HeaterBridge(HeaterModel *model, HeaterControlModel *control, HistoryRecorder *history,
	const Identity &identity, const BusAddress &bus, const QDBusConnection &settingsBus, QObject *parent)
	: DeviceBridge(identity, bus, settingsBus, parent), m_model(model), m_control(control), m_history(history)
{
	connect(m_history, &HistoryRecorder::summaryChanged, this, &HeaterBridge::onHistoryChanged);
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
	const TextFormatter kWh = TextFormat::number(2, QStringLiteral("kWh"));
	for (const char *path : {"/History/Energy/Today", "/History/Energy/Last24h", "/History/Energy/Last7d"})
		service.addPath(QLatin1String(path), {}, kWh);
	service.addPath(QStringLiteral("/History/Hourly"), {});
	service.addPath(QStringLiteral("/History/Daily"), {});
	service.addPath(QStringLiteral("/History/SwitchCount/Last24h"), {});
	for (int level = 0; level < HeaterHistory::Levels; ++level)
		service.addPath(
			QStringLiteral("/History/LevelHours/%1").arg(level), {}, TextFormat::number(1, QStringLiteral("h")));
	onModelChanged();
	onControlChanged();
	onHistoryChanged();
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
}

void HeaterBridge::onHistoryChanged()
{
	if (!isBuilt())
		return;
	const HeaterHistory::Summary &s = m_history->summary();
	if (s.hourlyKWh.isEmpty())
		return; // nothing recorded yet: the paths stay invalid
	const auto list = [](const QList<double> &values) {
		QVariantList list;
		for (double v : values)
			list.append(v);
		return list;
	};
	service().setValue(QStringLiteral("/Ac/Energy/Forward"), s.totalKWh);
	service().setValue(QStringLiteral("/History/Energy/Today"), s.todayKWh);
	service().setValue(QStringLiteral("/History/Energy/Last24h"), s.last24hKWh);
	service().setValue(QStringLiteral("/History/Energy/Last7d"), s.last7dKWh);
	service().setValue(QStringLiteral("/History/Hourly"), list(s.hourlyKWh));
	service().setValue(QStringLiteral("/History/Daily"), list(s.dailyKWh));
	service().setValue(QStringLiteral("/History/SwitchCount/Last24h"), s.switchesLast24h);
	for (int level = 0; level < HeaterHistory::Levels; ++level)
		service().setValue(QStringLiteral("/History/LevelHours/%1").arg(level), s.levelHoursLast24h[level]);
}

void HeaterBridge::onValueWritten(const QString &path, const QVariant &value)
{
	if (path == ModePath && value.isValid())
		Q_EMIT modeRequested(HeaterMode(value.toInt()));
}

} // namespace pvrouter
