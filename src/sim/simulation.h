#pragma once

#include "growatt_sim.h"
#include "heizstab_sim.h"
#include "modbus_sim_bus.h"
#include "plant.h"
#include "sdm230_sim.h"

#include "devices/battery_model.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace pvrouter {

// The house behind --simulate: the plant model, and the devices the daemon's real drivers read, as Modbus TCP
// servers on 127.0.0.1 (the heater controller at unit 33, an SDM230 grid meter at unit 1, a Growatt at unit 2),
// plus the ESS battery as a model for BatteryBridge (a Victron battery is a D-Bus service, not a Modbus device).
// Every Tick of real time the plant lets Tick × speed of simulated time pass with what the heater's relays
// switch, and the devices then show the plant. Firmware timing (the heater's 300 s watchdog) keeps real time,
// as the daemon's drivers do; energy counters count simulated time, as the plant does.
//
// The grid meter is an SDM230 because it measures both directions; a PZEM-016 reads export as 0, and the
// controller would never see surplus once the battery is full.
class Simulation : public QObject
{
	Q_OBJECT
public:
	static constexpr std::chrono::milliseconds Tick{100}; // of real time
	static constexpr quint8 HeaterUnit = HeizstabSim::DefaultUnit;
	static constexpr quint8 GridUnit = 1;
	static constexpr quint8 PvUnit = 2;
	// Poll periods (real time) follow the speed within these, so the controller sees fresh values at 60×.
	static constexpr std::chrono::milliseconds MinPoll{50};
	static constexpr std::chrono::milliseconds MaxPoll{1000};

	// The simulator's house: the plant's defaults, with a battery that is nearly full (95 %), so that a sunny
	// morning has surplus for the water heater within minutes of simulated time.
	static PlantConfig plantConfig(quint32 seed, Weather weather, std::chrono::seconds startTimeOfDay);

	// `speed`: simulated seconds per real second, ≥ 1.
	explicit Simulation(const PlantConfig &plant, double speed = 1, QObject *parent = nullptr);

	// Serves the devices on 127.0.0.1 (a port the system picks) and starts time. False, with `error`, when
	// nothing can listen.
	bool start(QString *error);
	quint16 port() const { return m_bus.tcpPort(); }
	// How often the daemon should poll the devices (real time): a second of simulated time, within MinPoll and
	// MaxPoll.
	std::chrono::milliseconds pollPeriod() const;

	const Plant &plant() const { return m_plant; }
	const PlantConfig &plantConfig() const { return m_plantConfig; }
	BatteryModel *battery() { return &m_battery; }

private:
	void onTick();
	void showPlant();

	double m_speed;
	PlantConfig m_plantConfig;
	Plant m_plant;
	HeizstabSim m_heater;
	Sdm230Sim m_grid;
	GrowattSim m_pv;
	BatteryModel m_battery;
	ModbusSimBus m_bus; // serves the devices above: declared after them, so it stops serving first
	QElapsedTimer m_realTime;
	std::chrono::milliseconds m_realAdvanced{0};      // how far the devices' real-time clocks have been moved
	std::chrono::milliseconds m_simulatedAdvanced{0}; // how far the plant has been moved
	QTimer m_timer;
};

} // namespace pvrouter
