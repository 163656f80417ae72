#pragma once

#include "device_bridge.h"

#include "control/heater_control_model.h"
#include "devices/heater_model.h"
#include "history/history_recorder.h"

namespace pvrouter {

// Publishes the water heater as com.victronenergy.heatpump.pvrouter_<uid> (architecture.md §3). From the
// driver: /Ac/Power and /Ac/L1/Power (the relays' feedback), /Temperature, /PowerLevel (the commanded level,
// 0..7) and /ErrorCode (0 none, 1 the feedback does not follow the command, 2 temperature sensor failed). From
// the surplus controller: /Mode (0 Off, 1 Auto low, 2 Auto high, 3 On; writable), /State, /TargetTemperature.
// From the history: /Ac/Energy/Forward (kWh, kept across restarts) and /History/* (issue 6): Energy/Today,
// Energy/Last24h, Energy/Last7d (kWh), Hourly (168 kWh values, oldest first), Daily (7), SwitchCount/Last24h,
// LevelHours/0..7.
class HeaterBridge : public DeviceBridge
{
	Q_OBJECT
public:
	HeaterBridge(HeaterModel *model, HeaterControlModel *control, HistoryRecorder *history, const Identity &identity,
		const BusAddress &bus, const QDBusConnection &settingsBus, QObject *parent = nullptr);

Q_SIGNALS:
	// Someone wrote /Mode; the mode lives in localsettings, so this asks for it to be stored there.
	void modeRequested(pvrouter::HeaterMode mode);

protected:
	void addPaths(VeService &service) override;

private:
	void onModelChanged();
	void onControlChanged();
	void onHistoryChanged();
	void onValueWritten(const QString &path, const QVariant &value);

	HeaterModel *m_model;          // not owned: the driver's
	HeaterControlModel *m_control; // not owned: the control loop's
	HistoryRecorder *m_history;    // not owned
};

} // namespace pvrouter
