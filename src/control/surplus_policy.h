#pragma once

#include <array>
#include <chrono>
#include <optional>

namespace pvrouter {

// /Mode on the heatpump service and /Settings/PvRouter/Heater/Mode.
enum class HeaterMode { Off = 0, AutoLow = 1, AutoHigh = 2, On = 3 };

// /State on the heatpump service: why the heater does what it does.
enum class HeaterState {
	Off = 0,
	WaitingForSurplus = 1,
	Heating = 2,
	TargetReached = 3,
	TestOn = 4,
	FaultStaleData = 5,
	FaultSensor = 6,
	ManualOverride = 7, // the controller's FORCE ON switch: every element on, whatever we command
};

enum class BatteryPriority { BatteryFirst = 0, HeaterFirstAboveSoc = 1 };

// The user's settings (/Settings/PvRouter/Heater/*), already range-checked by the settings schema.
struct SurplusSettings
{
	double autoLowTargetC = 50;
	double autoHighTargetC = 65;
	double hysteresisK = 5; // below the target before heating again
	double maxTemperatureC = 80;
	double reserveW = 100; // surplus left unused
	std::chrono::seconds stepUpDelay{60};
	std::chrono::seconds stepDownDelay{60};
	std::chrono::seconds minSwitchInterval{60};
	std::chrono::minutes onTimeout{60};
	BatteryPriority batteryPriority = BatteryPriority::BatteryFirst;
	double batteryPrioritySocPercent = 80;
	std::chrono::seconds staleLimit{10};
};

// One snapshot of what the controller knows. A value is nullopt when it is invalid or unknown; an age is the
// time since its source last showed it (a sample older than the stale limit counts as missing).
struct SurplusInputs
{
	using Age = std::chrono::milliseconds;

	HeaterMode mode = HeaterMode::Off;
	SurplusSettings settings;

	std::optional<double> gridPowerW; // + import, − export, all phases
	Age gridAge{0};
	// + charging, − discharging. nullopt: the system has no battery, which counts as 0 W.
	std::optional<double> batteryPowerW;
	std::optional<double> batterySocPercent;
	Age batteryAge{0};

	bool heaterConnected = false;
	std::optional<double> heaterPowerW; // what the elements draw now
	std::optional<double> temperatureC; // of the water; nullopt on a sensor fault
	bool sensorFault = false;
	bool forceOn = false;
	Age heaterAge{0};
};

struct HeaterCommand
{
	int level = 0; // 0..7: level × 500 W
	HeaterState state = HeaterState::Off;
	std::optional<double> targetTemperatureC; // the mode's target; nullopt when Off
	std::optional<HeaterMode> modeChange;     // On timed out: the mode to return to
	std::optional<double> availableW;         // the surplus as the policy saw it, for logs and the status line
	// The switch (to 0) was made at once for safety, a target or the user, not by the surplus timers, so the
	// minimum switch interval did not apply to it.
	bool forcedOff = false;
};

// Decides the water heater's level from PV surplus (architecture.md §4). Pure: no I/O, no timers, no clock;
// the time comes in with each step, so tests drive it. It keeps only its own memory of the past (when each
// level became affordable, the last switch, the rest after a target), all in terms of the `now` it is given.
//
// Surplus = export + what the heater draws now + min(0, battery) − reserve, plus the battery's charging power
// when the heater goes first above the set SOC. A level is affordable while surplus ≥ level × 500 W. The
// heater steps up to the highest level affordable for the whole up-window, and, once its level has been
// unaffordable for the whole down-window, down to the highest level affordable for that window; it never
// switches twice within the minimum interval. Safety (stale or missing inputs, a sensor fault, the hard
// maximum), a reached target, FORCE ON and the Off mode switch off at once, timers notwithstanding.
class SurplusPolicy
{
public:
	using Clock = std::chrono::steady_clock;

	static constexpr int MaxLevel = 7;
	static constexpr double StepPowerW = 500;
	// A battery discharging by less than this is idle: ESS hovers around its setpoint by some watts.
	static constexpr double BatteryIdleW = 50;

	HeaterCommand step(const SurplusInputs &in, Clock::time_point now);

	int level() const { return m_level; }

private:
	static double surplusW(const SurplusInputs &in);
	static bool isFresh(SurplusInputs::Age age, const SurplusSettings &settings) { return age <= settings.staleLimit; }
	void track(std::optional<double> availableW, Clock::time_point now);
	int sustainedLevel(std::chrono::seconds window, Clock::time_point now) const;
	bool mayStep(const SurplusSettings &settings, Clock::time_point now) const;
	HeaterCommand off(HeaterCommand cmd, HeaterState state, Clock::time_point now);
	void setLevel(int level, Clock::time_point now);

	int m_level = 0;
	std::optional<Clock::time_point> m_lastSwitch;
	// Since when each level has been affordable without a break; [0] unused.
	std::array<std::optional<Clock::time_point>, MaxLevel + 1> m_affordableSince;
	std::optional<Clock::time_point> m_deficitSince; // the current level unaffordable since then
	bool m_resting = false;                          // the target was reached; wait for the hysteresis
	HeaterMode m_lastMode = HeaterMode::Off;
	HeaterMode m_lastEffectiveMode = HeaterMode::Off; // after an On timeout, the mode returned to
	HeaterMode m_modeBeforeOn = HeaterMode::Off;
	Clock::time_point m_onSince;
};

} // namespace pvrouter
