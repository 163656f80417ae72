#include "simulation.h"

#include "common/logging.h"

#include <algorithm>
#include <cmath>

namespace pvrouter {

using namespace std::chrono_literals;

namespace {

// The plant's steps stay within what its models are made for (Plant::advance: 10 ms to 1 s), however fast the
// simulation runs.
constexpr std::chrono::milliseconds MaxPlantStep{1000};

constexpr double NominalGridVoltageV = 230;
// The house's share of the line to the transformer: export raises the voltage at the meter, import lowers it.
constexpr double LineResistanceOhm = 0.4;
constexpr double GridFrequencyHz = 50;

// A 16-cell LFP pack: about 50 V empty and 53.6 V full at rest, and its internal resistance under current.
constexpr double BatteryEmptyV = 49.6;
constexpr double BatteryFullV = 53.6;
constexpr double BatteryResistanceOhm = 0.02;

QString weatherName(Weather weather)
{
	switch (weather) {
	case Weather::Clear:
		return QStringLiteral("clear sky");
	case Weather::PassingClouds:
		return QStringLiteral("passing clouds");
	case Weather::Overcast:
		break;
	}
	return QStringLiteral("overcast");
}

} // namespace

PlantConfig Simulation::plantConfig(quint32 seed, Weather weather, std::chrono::seconds startTimeOfDay)
{
	PlantConfig config;
	config.seed = seed;
	config.weather = weather;
	config.startTimeOfDay = startTimeOfDay;
	config.batterySocPercent = 95;
	return config;
}

Simulation::Simulation(const PlantConfig &plant, double speed, QObject *parent)
	: QObject(parent), m_speed(std::max(1.0, speed)), m_plantConfig(plant), m_plant(plant)
{
	m_pv.setNominalPowerW(plant.pvPeakW);
	m_grid.setFrequencyHz(GridFrequencyHz);
	m_bus.attach(HeaterUnit, &m_heater);
	m_bus.attach(GridUnit, &m_grid);
	m_bus.attach(PvUnit, &m_pv);
	m_battery.setConnected(true);
	showPlant();
	m_timer.setInterval(Tick);
	m_timer.setTimerType(Qt::PreciseTimer);
	connect(&m_timer, &QTimer::timeout, this, &Simulation::onTick);
}

bool Simulation::start(QString *error)
{
	if (!m_bus.listenTcp(error))
		return false;
	const qint64 startMinutes = std::chrono::duration_cast<std::chrono::minutes>(m_plant.timeOfDay()).count();
	qCInfo(lcSim).noquote() << QStringLiteral("simulating at %1x from %2:%3 with %4 (seed %5); devices on 127.0.0.1:%6")
								   .arg(m_speed)
								   .arg(startMinutes / 60, 2, 10, QLatin1Char('0'))
								   .arg(startMinutes % 60, 2, 10, QLatin1Char('0'))
								   .arg(weatherName(m_plantConfig.weather))
								   .arg(m_plantConfig.seed)
								   .arg(port());
	m_realTime.start();
	m_timer.start();
	return true;
}

std::chrono::milliseconds Simulation::pollPeriod() const
{
	return std::clamp(std::chrono::milliseconds(qint64(1000.0 / m_speed)), MinPoll, MaxPoll);
}

void Simulation::onTick()
{
	// Measured rather than counted ticks, so the plant keeps in step with the control clock when a tick is late.
	const std::chrono::milliseconds real(m_realTime.elapsed());
	const auto simulated = std::chrono::milliseconds(qint64(double(real.count()) * m_speed));
	const std::chrono::milliseconds realStep = real - m_realAdvanced;
	const std::chrono::milliseconds simulatedStep = simulated - m_simulatedAdvanced;
	m_realAdvanced = real;
	m_simulatedAdvanced = simulated;

	// What the relays switched during the tick heated the tank for all of it.
	const double heaterPowerW = m_heater.appliedPowerW();
	for (std::chrono::milliseconds left = simulatedStep; left > 0ms; left -= MaxPlantStep)
		m_plant.advance(std::min(left, MaxPlantStep), heaterPowerW);
	m_heater.advance(realStep);
	m_grid.advance(simulatedStep);
	m_pv.advance(simulatedStep);
	showPlant();
}

void Simulation::showPlant()
{
	const double gridW = m_plant.gridPowerW();
	m_grid.setVoltageV(NominalGridVoltageV - LineResistanceOhm * gridW / NominalGridVoltageV);
	m_grid.setLoad(gridW);

	const double pvW = m_plant.pvPowerW();
	m_pv.setGridVoltageV(m_grid.get(Sdm230Sim::Quantity::VoltageV));
	m_pv.setPvPowerW(pvW);
	m_pv.setStatus(pvW > 0 ? GrowattSim::Status::Normal : GrowattSim::Status::Waiting);

	m_heater.setTemperatureC(m_plant.tankTemperatureC());

	using B = BatteryModel::Quantity;
	const double socPercent = m_plant.batterySocPercent();
	const double powerW = m_plant.batteryPowerW();
	const double restV = BatteryEmptyV + (BatteryFullV - BatteryEmptyV) * socPercent / 100;
	const double currentA = powerW / restV;
	const double voltageV = restV + BatteryResistanceOhm * currentA;
	m_battery.setValue(B::VoltageV, voltageV);
	m_battery.setValue(B::CurrentA, powerW / voltageV);
	m_battery.setValue(B::PowerW, powerW);
	m_battery.setValue(B::SocPercent, socPercent);
}

} // namespace pvrouter
