#include "surplus_policy.h"

#include <algorithm>

namespace pvrouter {

namespace {

std::optional<double> targetFor(HeaterMode mode, const SurplusSettings &s)
{
	switch (mode) {
	case HeaterMode::AutoLow:
		return s.autoLowTargetC;
	case HeaterMode::AutoHigh:
		return s.autoHighTargetC;
	case HeaterMode::On:
		return s.maxTemperatureC; // a test: nothing but the hard maximum stops it
	case HeaterMode::Off:
		break;
	}
	return std::nullopt;
}

} // namespace

HeaterCommand SurplusPolicy::step(const SurplusInputs &in, Clock::time_point now)
{
	const SurplusSettings &s = in.settings;
	HeaterCommand cmd;

	// On is a test that ends by itself. Until the new mode arrives the policy acts in it already, and keeps
	// asking for it, so a lost write does not start another test.
	HeaterMode mode = in.mode;
	if (in.mode != m_lastMode)
		m_resting = false; // a new target deserves a fresh look
	if (in.mode == HeaterMode::On) {
		if (m_lastMode != HeaterMode::On) {
			m_onSince = now;
			m_modeBeforeOn = m_lastMode;
		}
		if (now - m_onSince >= s.onTimeout) {
			mode = m_modeBeforeOn;
			cmd.modeChange = mode;
		}
	}
	m_lastMode = in.mode;
	// The end of a test, by the user or its timeout, ends its heating at once; surplus control starts afresh.
	const bool testEnded = m_lastEffectiveMode == HeaterMode::On && mode != HeaterMode::On;
	m_lastEffectiveMode = mode;

	const bool heaterFresh = in.heaterConnected && isFresh(in.heaterAge, s) && in.heaterPowerW;
	const bool gridFresh = in.gridPowerW && isFresh(in.gridAge, s);
	const bool batteryFresh = !in.batteryPowerW || isFresh(in.batteryAge, s);
	if (heaterFresh && gridFresh && batteryFresh)
		cmd.availableW = surplusW(in);
	track(cmd.availableW, now);
	cmd.targetTemperatureC = targetFor(mode, s);

	if (heaterFresh && in.forceOn)
		return off(cmd, HeaterState::ManualOverride, now);
	if (mode == HeaterMode::Off)
		return off(cmd, HeaterState::Off, now);
	if (testEnded && m_level > 0) {
		cmd = off(cmd, HeaterState::WaitingForSurplus, now);
		return cmd;
	}
	if (!heaterFresh)
		return off(cmd, HeaterState::FaultStaleData, now);
	if (in.sensorFault)
		return off(cmd, HeaterState::FaultSensor, now);
	if (!in.temperatureC)
		return off(cmd, HeaterState::FaultStaleData, now);

	// Heat up to the target (or the hard maximum, which is never above it in effect), then rest until the water
	// has cooled by the hysteresis.
	const double temperatureC = *in.temperatureC;
	const double targetC = std::min(*cmd.targetTemperatureC, s.maxTemperatureC);
	if (temperatureC >= targetC)
		m_resting = true;
	else if (temperatureC < targetC - s.hysteresisK)
		m_resting = false;
	if (m_resting || temperatureC >= s.maxTemperatureC)
		return off(cmd, HeaterState::TargetReached, now);

	if (mode == HeaterMode::On) {
		if (m_level != MaxLevel && mayStep(s, now))
			setLevel(MaxLevel, now);
		cmd.level = m_level;
		cmd.state = HeaterState::TestOn;
		return cmd;
	}

	if (!gridFresh || !batteryFresh)
		return off(cmd, HeaterState::FaultStaleData, now);

	// A discharging battery never pays for a step up, even when the formula would allow it (export and
	// discharge at once: a DC-coupled charger, a meter out of step).
	const bool batteryDischarging = in.batteryPowerW && *in.batteryPowerW < -BatteryIdleW;
	const int up = sustainedLevel(s.stepUpDelay, now);
	if (up > m_level && !batteryDischarging) {
		if (mayStep(s, now))
			setLevel(up, now);
	} else if (m_deficitSince && now - *m_deficitSince >= s.stepDownDelay && mayStep(s, now)) {
		setLevel(sustainedLevel(s.stepDownDelay, now), now);
	}
	cmd.level = m_level;
	cmd.state = m_level > 0 ? HeaterState::Heating : HeaterState::WaitingForSurplus;
	return cmd;
}

double SurplusPolicy::surplusW(const SurplusInputs &in)
{
	const SurplusSettings &s = in.settings;
	const double batteryW = in.batteryPowerW.value_or(0);
	double w = -*in.gridPowerW + *in.heaterPowerW + std::min(0.0, batteryW) - s.reserveW;
	if (s.batteryPriority == BatteryPriority::HeaterFirstAboveSoc && in.batterySocPercent &&
		*in.batterySocPercent >= s.batteryPrioritySocPercent)
		w += std::max(0.0, batteryW); // what the battery takes is the heater's now
	return w;
}

void SurplusPolicy::track(std::optional<double> availableW, Clock::time_point now)
{
	for (int level = 1; level <= MaxLevel; ++level) {
		std::optional<Clock::time_point> &since = m_affordableSince[level];
		if (availableW && *availableW >= level * StepPowerW) {
			if (!since)
				since = now;
		} else {
			since.reset();
		}
	}
	if (m_level > 0 && !m_affordableSince[m_level]) {
		if (!m_deficitSince)
			m_deficitSince = now;
	} else {
		m_deficitSince.reset();
	}
}

// The highest level affordable without a break for `window`. Affordability is monotonic (a level affordable
// means every lower one is), so the levels sustained are 1..n.
int SurplusPolicy::sustainedLevel(std::chrono::seconds window, Clock::time_point now) const
{
	int level = 0;
	while (level < MaxLevel && m_affordableSince[level + 1] && now - *m_affordableSince[level + 1] >= window)
		++level;
	return level;
}

bool SurplusPolicy::mayStep(const SurplusSettings &settings, Clock::time_point now) const
{
	return !m_lastSwitch || now - *m_lastSwitch >= settings.minSwitchInterval;
}

HeaterCommand SurplusPolicy::off(HeaterCommand cmd, HeaterState state, Clock::time_point now)
{
	if (m_level != 0) {
		setLevel(0, now);
		cmd.forcedOff = true;
	}
	cmd.level = 0;
	cmd.state = state;
	return cmd;
}

void SurplusPolicy::setLevel(int level, Clock::time_point now)
{
	m_level = level;
	m_lastSwitch = now;
	m_deficitSince.reset();
}

} // namespace pvrouter
