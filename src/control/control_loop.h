#pragma once

#include "surplus_policy.h"

#include <QObject>
#include <QTimer>

namespace pvrouter {

class ControlClock;
class ControlInputs;
class HeaterControlModel;
class HeaterModel;
class SettingsClient;

// Runs the surplus policy for the water heater once a second of control time: gathers a snapshot (grid and
// battery from ControlInputs, the heater's readings from its driver's model, mode and settings from
// localsettings), steps the policy, and commands a level only when it changes (keeping the controller's
// heartbeat alive is the driver's job). Sample ages are real time, since they describe the transport; the
// policy's own timers run on the control clock, which the simulator speeds up.
class ControlLoop : public QObject
{
	Q_OBJECT
public:
	static constexpr std::chrono::milliseconds Period{1000}; // of control time

	// None owned; all must outlive the loop.
	ControlLoop(const ControlClock *clock, ControlInputs *inputs, HeaterModel *heater, SettingsClient *settings,
		HeaterControlModel *model, QObject *parent = nullptr);

	void start();
	const HeaterCommand &lastCommand() const { return m_last; }

Q_SIGNALS:
	// The heater's new level, 0..7 (Heizstab::setLevel).
	void levelCommanded(int level);
	// A step is done: once a second of control time.
	void stepped();

private:
	void onTick();
	SurplusInputs gather() const;
	SurplusSettings settings() const;
	void log(const HeaterCommand &cmd) const;

	const ControlClock *m_clock;
	ControlInputs *m_inputs;
	HeaterModel *m_heater;
	SettingsClient *m_settings;
	HeaterControlModel *m_model;
	SurplusPolicy m_policy;
	QTimer m_timer;
	HeaterCommand m_last;
	int m_sentLevel = -1; // nothing sent yet: the first step commands its level, 0 included
};

} // namespace pvrouter
