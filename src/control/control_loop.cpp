#include "control_loop.h"

#include "control_inputs.h"
#include "heater_control_model.h"

#include "common/control_clock.h"
#include "common/logging.h"
#include "devices/heater_model.h"
#include "settings/settings_client.h"

namespace pvrouter {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

const QString ModePath = QStringLiteral("/Settings/PvRouter/Heater/Mode");

QString heaterSetting(const char *name)
{
	return QStringLiteral("/Settings/PvRouter/Heater/") + QLatin1String(name);
}

std::optional<double> valueOf(const QVariant &v)
{
	return v.isValid() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

milliseconds ageOf(std::chrono::steady_clock::time_point at)
{
	return duration_cast<milliseconds>(std::chrono::steady_clock::now() - at);
}

} // namespace

ControlLoop::ControlLoop(const ControlClock *clock, ControlInputs *inputs, HeaterModel *heater,
	SettingsClient *settings, HeaterControlModel *model, QObject *parent)
	: QObject(parent), m_clock(clock), m_inputs(inputs), m_heater(heater), m_settings(settings), m_model(model)
{
	m_timer.setInterval(std::max(milliseconds(1), m_clock->toReal(Period)));
	connect(&m_timer, &QTimer::timeout, this, &ControlLoop::onTick);
}

void ControlLoop::start()
{
	m_timer.start();
	onTick();
}

SurplusSettings ControlLoop::settings() const
{
	const auto number = [this](const char *name) {
		return m_settings->value(heaterSetting(name)).toDouble();
	};
	const auto seconds = [this](const char *name) {
		return std::chrono::seconds(m_settings->value(heaterSetting(name)).toInt());
	};
	SurplusSettings s;
	s.autoLowTargetC = number("AutoLowTargetTemperature");
	s.autoHighTargetC = number("AutoHighTargetTemperature");
	s.hysteresisK = number("ReheatHysteresis");
	s.maxTemperatureC = number("MaxTemperature");
	s.reserveW = number("ReservePower");
	s.stepUpDelay = seconds("StepUpDelay");
	s.stepDownDelay = seconds("StepDownDelay");
	s.minSwitchInterval = seconds("MinSwitchInterval");
	s.onTimeout = std::chrono::minutes(m_settings->value(heaterSetting("OnTimeout")).toInt());
	s.batteryPriority = BatteryPriority(m_settings->value(heaterSetting("BatteryPriority")).toInt());
	s.batteryPrioritySocPercent = number("BatteryPrioritySoc");
	s.staleLimit = seconds("StaleInputLimit");
	return s;
}

SurplusInputs ControlLoop::gather() const
{
	SurplusInputs in;
	in.mode = HeaterMode(std::clamp(m_settings->value(ModePath).toInt(), 0, 3));
	in.settings = settings();

	const ControlInputs::Reading grid = m_inputs->gridPowerW();
	in.gridPowerW = grid.value;
	in.gridAge = ageOf(grid.confirmedAt);
	const ControlInputs::Reading battery = m_inputs->batteryPowerW();
	in.batteryPowerW = battery.value;
	in.batteryAge = ageOf(battery.confirmedAt);
	in.batterySocPercent = m_inputs->batterySocPercent().value;

	in.heaterConnected = m_heater->isConnected();
	in.heaterPowerW = valueOf(m_heater->powerW());
	in.temperatureC = valueOf(m_heater->temperatureC());
	in.sensorFault = m_heater->sensorFault();
	in.forceOn = m_heater->forceOn();
	in.heaterAge = ageOf(m_heater->readAt());
	return in;
}

void ControlLoop::onTick()
{
	m_inputs->refresh();
	const SurplusInputs in = gather();
	const ControlClock::time_point now = m_clock->now();
	const HeaterCommand cmd = m_policy.step(in, now);

	if (cmd.level != m_sentLevel) {
		m_sentLevel = cmd.level;
		Q_EMIT levelCommanded(cmd.level);
	}
	if (cmd.modeChange) {
		qCInfo(lcControl) << "test mode timed out: back to mode" << int(*cmd.modeChange);
		m_settings->setValue(ModePath, int(*cmd.modeChange));
	}
	if (cmd.state != m_last.state || cmd.level != m_last.level)
		log(cmd);
	m_last = cmd;

	m_model->setMode(in.mode);
	m_model->setState(cmd.state);
	m_model->setTargetTemperatureC(cmd.targetTemperatureC);
	Q_EMIT stepped();
}

void ControlLoop::log(const HeaterCommand &cmd) const
{
	QString surplus = QStringLiteral("unknown");
	if (cmd.availableW)
		surplus = QStringLiteral("%1 W").arg(qRound(*cmd.availableW));
	qCInfo(lcControl).noquote() << QStringLiteral("heater %1, level %2 (%3 W); surplus %4")
									   .arg(HeaterControlModel::stateText(cmd.state))
									   .arg(cmd.level)
									   .arg(cmd.level * int(SurplusPolicy::StepPowerW))
									   .arg(surplus);
}

} // namespace pvrouter
