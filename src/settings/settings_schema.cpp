#include "settings_schema.h"

namespace pvrouter {

namespace {

SettingDef integer(const char *name, int def, int min, int max)
{
	return {QStringLiteral("/Settings/PvRouter/") + QLatin1String(name), SettingType::Int, def, min, max};
}

SettingDef real(const char *name, double def, double min, double max)
{
	return {QStringLiteral("/Settings/PvRouter/") + QLatin1String(name), SettingType::Double, def, min, max};
}

} // namespace

const QList<SettingDef> &pvrouterSettings()
{
	// Water heater surplus control (architecture.md §4). Temperatures in °C, powers in W, times as named.
	static const QList<SettingDef> table = {
		integer("Heater/Mode", 0, 0, 3), // 0 Off, 1 Auto low, 2 Auto high, 3 On; Off until the user chooses
		real("Heater/AutoLowTargetTemperature", 50, 20, 80), real("Heater/AutoHighTargetTemperature", 65, 20, 80),
		real("Heater/ReheatHysteresis", 5, 1, 20),        // K below target before heating again
		real("Heater/MaxTemperature", 80, 40, 95),        // hard limit, overrides every mode
		integer("Heater/ReservePower", 100, 0, 5000),     // W of surplus left unused
		integer("Heater/StepUpDelay", 60, 0, 3600),       // s the surplus must last before stepping up
		integer("Heater/StepDownDelay", 60, 0, 3600),     // s of deficit before stepping down
		integer("Heater/MinSwitchInterval", 60, 0, 3600), // s between switches, for local grid rules
		integer("Heater/OnTimeout", 60, 1, 1440),         // min in On mode before returning to the previous mode
		integer("Heater/BatteryPriority", 0, 0, 1),       // 0 battery first, 1 heater first above the SOC below
		integer("Heater/BatteryPrioritySoc", 80, 0, 100), // %
		integer("Heater/StaleInputLimit", 10, 1, 300),    // s without fresh inputs before failing safe
	};
	return table;
}

} // namespace pvrouter
