#include "sim/ess_battery.h"
#include "sim/house_load.h"
#include "sim/plant.h"
#include "sim/sun_model.h"
#include "sim/water_tank.h"

#include <QTest>

#include <cmath>
#include <vector>

using namespace pvrouter;
using namespace std::chrono_literals;

namespace {

constexpr std::chrono::milliseconds Step = 1s;
constexpr int StepsPerDay = int(std::chrono::milliseconds(24h) / Step);

// A heater that some controller might drive: changing every few minutes between its power levels.
double heaterPattern(std::chrono::milliseconds elapsed)
{
	static constexpr double Levels[] = {0, 500, 1500, 0, 3500, 2000, 1000, 0};
	return Levels[(elapsed / 7min) % std::size(Levels)];
}

// The energy in Wh over a day of PV from a fresh model.
double pvDayEnergyWh(Weather weather, quint32 seed)
{
	SunModel::Config config;
	config.weather = weather;
	config.seed = seed;
	SunModel sun(config);
	double energyWh = 0;
	for (int i = 1; i <= StepsPerDay; ++i) {
		sun.advance(Step, i * Step);
		energyWh += sun.powerW() / 3600.0;
	}
	return energyWh;
}

struct Sample
{
	double pvW, loadW, batteryW, socPercent, gridW, tankC;
	bool operator==(const Sample &other) const
	{
		return pvW == other.pvW && loadW == other.loadW && batteryW == other.batteryW &&
			socPercent == other.socPercent && gridW == other.gridW && tankC == other.tankC;
	}
};

std::vector<Sample> simulateDay(const PlantConfig &config)
{
	Plant plant(config);
	std::vector<Sample> samples;
	samples.reserve(StepsPerDay);
	for (int i = 0; i < StepsPerDay; ++i) {
		plant.advance(Step, heaterPattern(plant.elapsed()));
		samples.push_back({plant.pvPowerW(), plant.loadPowerW(), plant.batteryPowerW(), plant.batterySocPercent(),
			plant.gridPowerW(), plant.tankTemperatureC()});
	}
	return samples;
}

} // namespace

// The simulated house the controller is tested against: PV, house load, ESS battery, grid and water tank.
class TestPlant : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void timeOfDayWraps();
	void clearSkyFollowsTheSun();
	void cloudsReduceEnergy_data();
	void cloudsReduceEnergy();
	void sameSeedSameDay();
	void energyBalanceEveryStep();
	void batteryFollowsEssRules_data();
	void batteryFollowsEssRules();
	void essBatteryStep_data();
	void essBatteryStep();
	void tankHeatsByExpectedAmount();
	void tankCoolsSlowlyWithoutHeat();
	void drawsCoolTheTank();
	void tankStaysPhysical();
	void houseLoadBaseAndAppliances();
	void smallStepsAgreeWithLargeSteps();
};

void TestPlant::timeOfDayWraps()
{
	PlantConfig config;
	config.startTimeOfDay = 23h;
	Plant plant(config);
	QCOMPARE(plant.timeOfDay(), std::chrono::milliseconds(23h));
	for (int i = 0; i < 7200; ++i)
		plant.advance(1s, 0);
	QCOMPARE(plant.timeOfDay(), std::chrono::milliseconds(1h));
	QCOMPARE(plant.elapsed(), std::chrono::milliseconds(2h));
	plant.advance(0ms, 0);
	QCOMPARE(plant.elapsed(), std::chrono::milliseconds(2h));
}

void TestPlant::clearSkyFollowsTheSun()
{
	PlantConfig config;
	config.weather = Weather::Clear;
	config.startTimeOfDay = 0s;
	Plant plant(config);
	double peakW = 0;
	std::chrono::milliseconds peakAt{0};
	double previousW = 0;
	for (int i = 0; i < StepsPerDay; ++i) {
		plant.advance(Step, 0);
		const std::chrono::milliseconds now = plant.timeOfDay();
		const double pvW = plant.pvPowerW();
		if (now <= 6h || now >= 20h)
			QCOMPARE(pvW, 0.0);
		else if (now < 13h)
			QVERIFY(pvW > previousW);
		else if (now > 13h)
			QVERIFY(pvW < previousW);
		if (pvW > peakW) {
			peakW = pvW;
			peakAt = now;
		}
		previousW = pvW;
	}
	QVERIFY(peakW > 0.999 * config.pvPeakW && peakW <= config.pvPeakW);
	QVERIFY(peakAt > 12h + 55min && peakAt < 13h + 5min);
	QCOMPARE(plant.sun().clearSkyPowerW(13h), config.pvPeakW);
	// A morning at 08:00 gives a little, not nothing.
	QVERIFY(plant.sun().clearSkyPowerW(8h) > 0.1 * config.pvPeakW);
	QVERIFY(plant.sun().clearSkyPowerW(8h) < 0.5 * config.pvPeakW);
}

void TestPlant::cloudsReduceEnergy_data()
{
	QTest::addColumn<quint32>("seed");
	QTest::newRow("seed 1") << quint32(1);
	QTest::newRow("seed 2") << quint32(2);
	QTest::newRow("seed 3") << quint32(3);
}

void TestPlant::cloudsReduceEnergy()
{
	QFETCH(quint32, seed);
	const double clearWh = pvDayEnergyWh(Weather::Clear, seed);
	const double cloudsWh = pvDayEnergyWh(Weather::PassingClouds, seed);
	const double overcastWh = pvDayEnergyWh(Weather::Overcast, seed);
	QVERIFY2(clearWh > 40000 && clearWh < 50000, qPrintable(QString::number(clearWh)));
	QVERIFY2(cloudsWh > 0.6 * clearWh && cloudsWh < 0.95 * clearWh, qPrintable(QString::number(cloudsWh / clearWh)));
	QVERIFY2(
		overcastWh > 0.1 * clearWh && overcastWh < 0.3 * clearWh, qPrintable(QString::number(overcastWh / clearWh)));

	// Passing clouds: shade to 20-50 % and clear again, many times a day, with ramps of seconds.
	SunModel::Config config;
	config.seed = seed;
	SunModel sun(config);
	constexpr std::chrono::milliseconds FineStep = 100ms;
	int clouds = 0;
	bool shaded = false;
	double minimum = 1;
	double largestStep = 0;
	double previous = sun.cloudFactor();
	for (int i = 1; i <= StepsPerDay * 10; ++i) {
		sun.advance(FineStep, i * FineStep);
		const double factor = sun.cloudFactor();
		minimum = std::min(minimum, factor);
		largestStep = std::max(largestStep, std::abs(factor - previous));
		previous = factor;
		if (!shaded && factor < 0.9)
			++clouds;
		shaded = factor < 0.9;
	}
	QVERIFY2(clouds > 40 && clouds < 200, qPrintable(QString::number(clouds)));
	QVERIFY(minimum >= 0.2 && minimum < 0.3);
	// A 2 s ramp from 1 to 0.2 changes by at most 0.06 in 100 ms.
	QVERIFY2(largestStep < 0.1, qPrintable(QString::number(largestStep)));

	config.weather = Weather::Overcast;
	SunModel overcast(config);
	for (int i = 1; i <= StepsPerDay; ++i) {
		overcast.advance(Step, i * Step);
		QVERIFY(overcast.cloudFactor() >= 0.1 && overcast.cloudFactor() <= 0.3);
	}
}

void TestPlant::sameSeedSameDay()
{
	PlantConfig config;
	config.seed = 7;
	const std::vector<Sample> day = simulateDay(config);
	QVERIFY(simulateDay(config) == day);

	config.seed = 8;
	const std::vector<Sample> otherDay = simulateDay(config);
	int pvDiffers = 0, loadDiffers = 0, tankDiffers = 0;
	for (size_t i = 0; i < day.size(); ++i) {
		pvDiffers += day[i].pvW != otherDay[i].pvW;
		loadDiffers += day[i].loadW != otherDay[i].loadW;
		tankDiffers += day[i].tankC != otherDay[i].tankC;
	}
	QVERIFY(pvDiffers > StepsPerDay / 4);
	QVERIFY(loadDiffers > StepsPerDay / 2);
	QVERIFY(tankDiffers > StepsPerDay / 2);
}

void TestPlant::energyBalanceEveryStep()
{
	Plant plant;
	const double capacityWh = PlantConfig().batteryCapacityWh;
	double batteryWh = 0;
	const double socBefore = plant.batterySocPercent();
	for (int i = 0; i < StepsPerDay; ++i) {
		plant.advance(Step, heaterPattern(plant.elapsed()));
		const double balanceW =
			plant.loadPowerW() + plant.heaterPowerW() + plant.batteryPowerW() - plant.pvPowerW() - plant.gridPowerW();
		if (std::abs(balanceW) > 1e-9)
			QFAIL(qPrintable(QStringLiteral("%1 W off at step %2").arg(balanceW).arg(i)));
		QVERIFY(std::isfinite(plant.tankTemperatureC()));
		batteryWh += plant.batteryPowerW() / 3600.0;
	}
	// No losses: the charge that went in is what SOC shows.
	QVERIFY(std::abs(batteryWh - (plant.batterySocPercent() - socBefore) * capacityWh / 100.0) < 1e-6);
}

void TestPlant::batteryFollowsEssRules_data()
{
	QTest::addColumn<double>("gridSetpointW");
	QTest::addColumn<double>("maxChargeW");
	QTest::newRow("setpoint 0") << 0.0 << 3000.0;
	QTest::newRow("setpoint +50 W") << 50.0 << 3000.0;
	QTest::newRow("setpoint -100 W, slow charger") << -100.0 << 1000.0;
}

void TestPlant::batteryFollowsEssRules()
{
	QFETCH(double, gridSetpointW);
	QFETCH(double, maxChargeW);
	// Small enough to be full by the afternoon and empty by the next morning.
	PlantConfig config;
	config.startTimeOfDay = 6h;
	config.batteryCapacityWh = 5000;
	config.batterySocPercent = 30;
	config.batteryMaxChargeW = maxChargeW;
	config.gridSetpointW = gridSetpointW;
	Plant plant(config);
	const double tolerance = 1e-6;
	int atSetpoint = 0, exportsWhenFull = 0, importsWhenEmpty = 0;
	for (int i = 0; i < StepsPerDay; ++i) {
		plant.advance(Step, heaterPattern(plant.elapsed()));
		const double gridW = plant.gridPowerW();
		const double socPercent = plant.batterySocPercent();
		QVERIFY(socPercent >= config.batteryMinSocPercent - tolerance && socPercent <= 100.0 + tolerance);
		QVERIFY(plant.batteryPowerW() <= maxChargeW + tolerance);
		QVERIFY(plant.batteryPowerW() >= -config.batteryMaxDischargeW - tolerance);
		if (std::abs(gridW - gridSetpointW) < tolerance) {
			++atSetpoint;
		} else if (gridW < gridSetpointW) {
			const bool full = socPercent > 100.0 - tolerance;
			QVERIFY2(full || plant.batteryPowerW() > maxChargeW - tolerance,
				qPrintable(QStringLiteral("exporting %1 W at %2 %").arg(gridW).arg(socPercent)));
			exportsWhenFull += full;
		} else {
			const bool empty = socPercent < config.batteryMinSocPercent + tolerance;
			QVERIFY2(empty || plant.batteryPowerW() < -config.batteryMaxDischargeW + tolerance,
				qPrintable(QStringLiteral("importing %1 W at %2 %").arg(gridW).arg(socPercent)));
			importsWhenEmpty += empty;
		}
	}
	QVERIFY2(atSetpoint > StepsPerDay / 10, qPrintable(QString::number(atSetpoint)));
	QVERIFY(exportsWhenFull > 0);
	QVERIFY(importsWhenEmpty > 0);
}

void TestPlant::essBatteryStep_data()
{
	QTest::addColumn<double>("socPercent");
	QTest::addColumn<double>("netLoadW"); // load − PV, + import
	QTest::addColumn<double>("gridSetpointW");
	QTest::addColumn<double>("batteryW");

	QTest::newRow("surplus charges") << 50.0 << -2000.0 << 0.0 << 2000.0;
	QTest::newRow("surplus above max charge") << 50.0 << -5000.0 << 0.0 << 3000.0;
	QTest::newRow("deficit discharges") << 50.0 << 1200.0 << 0.0 << -1200.0;
	QTest::newRow("deficit above max discharge") << 50.0 << 4000.0 << 0.0 << -3000.0;
	QTest::newRow("full: no charging") << 100.0 << -2000.0 << 0.0 << 0.0;
	QTest::newRow("full: discharges") << 100.0 << 500.0 << 0.0 << -500.0;
	QTest::newRow("at min SOC: no discharging") << 10.0 << 500.0 << 0.0 << 0.0;
	QTest::newRow("at min SOC: charges") << 10.0 << -500.0 << 0.0 << 500.0;
	QTest::newRow("setpoint +50 W imports for charging") << 50.0 << -1000.0 << 50.0 << 1050.0;
	QTest::newRow("setpoint -200 W exports from the battery") << 50.0 << 0.0 << -200.0 << -200.0;
}

void TestPlant::essBatteryStep()
{
	QFETCH(double, socPercent);
	QFETCH(double, netLoadW);
	QFETCH(double, gridSetpointW);
	QFETCH(double, batteryW);
	EssBattery::Config config;
	config.socPercent = socPercent;
	config.gridSetpointW = gridSetpointW;
	EssBattery battery(config);
	QCOMPARE(battery.advance(1s, netLoadW), batteryW);
	QCOMPARE(battery.powerW(), batteryW);
	QVERIFY(std::abs(battery.energyWh() - (config.capacityWh * socPercent / 100.0 + batteryW / 3600.0)) < 1e-9);

	// One step that would overfill: only what fits goes in, the SOC lands exactly on the limit.
	config.socPercent = 99.999;
	EssBattery nearlyFull(config);
	QVERIFY(nearlyFull.advance(1s, -3000) < 1000);
	QVERIFY(std::abs(nearlyFull.socPercent() - 100.0) < 1e-9);
}

void TestPlant::tankHeatsByExpectedAmount()
{
	WaterTank::Config config;
	config.draws = false;
	WaterTank tank(config);
	for (int i = 1; i <= 3600; ++i)
		tank.advance(1s, 3500, 10h + i * 1s);
	// 3.5 kWh into 200 kg of water is +15.05 K; the loss at about 47 °C takes some 0.18 K of it.
	const double riseK = tank.temperatureC() - 40.0;
	QVERIFY2(riseK > 14.8 && riseK < 15.0, qPrintable(QString::number(riseK)));
	QCOMPARE(tank.drawnL(), 0.0);
}

void TestPlant::tankCoolsSlowlyWithoutHeat()
{
	WaterTank::Config config;
	config.draws = false;
	config.temperatureC = 60;
	WaterTank tank(config);
	double previousC = tank.temperatureC();
	for (int i = 1; i <= StepsPerDay; ++i) {
		tank.advance(Step, 0, i * Step % 24h);
		QVERIFY(tank.temperatureC() < previousC);
		previousC = tank.temperatureC();
	}
	// 1.5 W/K at 40 K above the room: about 1.4 kWh a day, some 6 K.
	const double dropK = 60.0 - tank.temperatureC();
	QVERIFY2(dropK > 5 && dropK < 7, qPrintable(QString::number(dropK)));
}

void TestPlant::drawsCoolTheTank()
{
	for (quint32 seed = 1; seed <= 5; ++seed) {
		PlantConfig config;
		config.seed = seed;
		config.startTimeOfDay = 0s;
		config.tankTemperatureC = 60;
		config.weather = Weather::Clear;
		config.houseAppliances = false;
		Plant plant(config);
		config.hotWaterDraws = false;
		Plant dry(config);
		double showerDropK = 0; // 06:30-08:00 and 19:00-21:00, beyond the standing loss
		double previousDifferenceK = 0;
		for (int i = 0; i < StepsPerDay; ++i) {
			plant.advance(Step, 0);
			dry.advance(Step, 0);
			const std::chrono::milliseconds now = plant.timeOfDay();
			const double differenceK = dry.tankTemperatureC() - plant.tankTemperatureC();
			QVERIFY(differenceK >= 0);
			QVERIFY(plant.tankTemperatureC() >= 12.0);
			if (plant.elapsed() <= 6h + 30min)
				QCOMPARE(differenceK, 0.0); // nobody draws at night
			if ((now > 6h + 30min && now <= 8h) || (now > 19h && now <= 21h))
				showerDropK += differenceK - previousDifferenceK;
			previousDifferenceK = differenceK;
		}
		// A 40 l shower at 40 °C takes about 1.3 kWh: some 5.6 K off 200 l.
		QVERIFY2(showerDropK > 5, qPrintable(QString::number(showerDropK)));
		const double drawnL = plant.tank().drawnL();
		QVERIFY2(drawnL > 40 && drawnL < 250, qPrintable(QString::number(drawnL)));
		QVERIFY(previousDifferenceK > 7);
	}
}

void TestPlant::tankStaysPhysical()
{
	WaterTank::Config config;
	config.volumeL = 50;
	WaterTank boiling(config);
	for (int i = 1; i <= StepsPerDay; ++i)
		boiling.advance(Step, 10000, i * Step % 24h);
	QCOMPARE(boiling.temperatureC(), WaterTank::MaxTemperatureC);

	// Cold from the start, every draw taken unmixed: it tends to the cold water temperature, and no lower.
	config.temperatureC = 12;
	config.ambientC = 12;
	WaterTank cold(config);
	for (int i = 1; i <= StepsPerDay; ++i) {
		cold.advance(Step, 0, i * Step % 24h);
		QVERIFY(std::isfinite(cold.temperatureC()));
		QVERIFY(cold.temperatureC() >= 12.0 - 1e-9);
	}
	QVERIFY(cold.drawnL() > 0);
}

void TestPlant::houseLoadBaseAndAppliances()
{
	for (quint32 seed = 1; seed <= 5; ++seed) {
		HouseLoad::Config config;
		config.seed = seed;
		HouseLoad load(config);
		config.appliances = false;
		HouseLoad base(config);
		double maximumW = 0;
		double energyWh = 0;
		for (int i = 1; i <= StepsPerDay; ++i) {
			const std::chrono::milliseconds now = i * Step % 24h;
			load.advance(Step, now);
			base.advance(Step, now);
			QVERIFY(base.powerW() >= 230 && base.powerW() <= 270);
			// Nights: the base load and the fridge only.
			if (now >= 1h && now < 5h)
				QVERIFY(load.powerW() >= 230 && load.powerW() <= 370);
			maximumW = std::max(maximumW, load.powerW());
			energyWh += load.powerW() / 3600.0;
		}
		QVERIFY2(maximumW > 2200, qPrintable(QString::number(maximumW)));
		// 6 kWh base, 0.8 kWh fridge, and a few appliance runs.
		QVERIFY2(energyWh > 6800 && energyWh < 12000, qPrintable(QString::number(energyWh)));
	}
}

void TestPlant::smallStepsAgreeWithLargeSteps()
{
	// The random timelines do not depend on the step size: 10 ms and 1 s steps see the same day.
	PlantConfig config;
	config.startTimeOfDay = 7h;
	Plant fine(config);
	Plant coarse(config);
	for (int second = 0; second < 1800; ++second) {
		const double heaterW = heaterPattern(coarse.elapsed());
		coarse.advance(1s, heaterW);
		for (int i = 0; i < 100; ++i)
			fine.advance(10ms, heaterW);
		QCOMPARE(fine.timeOfDay(), coarse.timeOfDay());
		QVERIFY(std::abs(fine.pvPowerW() - coarse.pvPowerW()) < 1e-6);
		QCOMPARE(fine.loadPowerW(), coarse.loadPowerW());
	}
	QVERIFY(std::abs(fine.tankTemperatureC() - coarse.tankTemperatureC()) < 0.05);
	QVERIFY(std::abs(fine.batterySocPercent() - coarse.batterySocPercent()) < 0.05);
}

QTEST_GUILESS_MAIN(TestPlant)
#include "tst_plant.moc"
