#include "control/surplus_policy.h"

#include <QTest>

#include <random>

using namespace pvrouter;
using namespace std::chrono_literals;
using Clock = SurplusPolicy::Clock;

namespace {

// A plant reduced to what the policy sees, stepped once a second on a fake clock. `excess` is PV minus house load
// (what is left for the heater and the battery); the heater draws what it was commanded at the previous step, and
// the grid is what remains: grid = heater + battery − excess.
class Rig
{
public:
	Rig()
	{
		in.mode = HeaterMode::AutoLow;
		in.heaterConnected = true;
		in.heaterPowerW = 0;
		in.temperatureC = 30;
		in.gridAge = 500ms;
		in.heaterAge = 500ms;
	}

	// Runs a script of space-separated words, each `key=value`; returns an error, or empty when every
	// expectation held.
	QString run(const QString &script)
	{
		for (const QString &word : script.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
			const QString key = word.section(QLatin1Char('='), 0, 0);
			const QString value = word.section(QLatin1Char('='), 1);
			const QString error = apply(key, value);
			if (!error.isEmpty())
				return QStringLiteral("at '%1' (t = %2 s): %3").arg(word).arg(m_t).arg(error);
		}
		return QString();
	}

	SurplusInputs in;
	HeaterCommand last;
	int switches = 0;

private:
	QString apply(const QString &key, const QString &value)
	{
		const double v = value.toDouble();
		SurplusSettings &s = in.settings;
		if (key == QLatin1String("excess"))
			m_excessW = v;
		else if (key == QLatin1String("battery"))
			m_batteryW = v;
		else if (key == QLatin1String("nobattery"))
			m_batteryW.reset();
		else if (key == QLatin1String("soc"))
			in.batterySocPercent = v;
		else if (key == QLatin1String("temp"))
			in.temperatureC = v;
		else if (key == QLatin1String("mode"))
			in.mode = HeaterMode(modeNames().indexOf(value));
		else if (key == QLatin1String("force"))
			in.forceOn = v != 0;
		else if (key == QLatin1String("sensor")) {
			in.sensorFault = v != 0;
			in.temperatureC = in.sensorFault ? std::nullopt : std::optional<double>(40);
		} else if (key == QLatin1String("gridage"))
			in.gridAge = std::chrono::milliseconds(qint64(v * 1000));
		else if (key == QLatin1String("gridinvalid"))
			m_gridValid = v == 0;
		else if (key == QLatin1String("heaterlost"))
			in.heaterConnected = v == 0;
		else if (key == QLatin1String("up"))
			s.stepUpDelay = std::chrono::seconds(qint64(v));
		else if (key == QLatin1String("down"))
			s.stepDownDelay = std::chrono::seconds(qint64(v));
		else if (key == QLatin1String("interval"))
			s.minSwitchInterval = std::chrono::seconds(qint64(v));
		else if (key == QLatin1String("ontimeout"))
			s.onTimeout = std::chrono::minutes(qint64(v));
		else if (key == QLatin1String("max"))
			s.maxTemperatureC = v;
		else if (key == QLatin1String("priority"))
			s.batteryPriority = BatteryPriority(int(v));
		else if (key == QLatin1String("run"))
			return runFor(int(v));
		else if (key == QLatin1String("expect"))
			return expect(value);
		else if (key == QLatin1String("switches"))
			return switches == int(v) ? QString() : QStringLiteral("%1 switches, expected %2").arg(switches).arg(v);
		else if (key == QLatin1String("modechange"))
			return expectModeChange(value);
		else if (key == QLatin1String("forced"))
			return last.forcedOff == (v != 0) ? QString() : QStringLiteral("forcedOff is %1").arg(last.forcedOff);
		else
			return QStringLiteral("unknown key");
		return QString();
	}

	QString runFor(int seconds)
	{
		for (int i = 0; i < seconds; ++i) {
			in.batteryPowerW = m_batteryW;
			const double heaterW = *in.heaterPowerW;
			in.gridPowerW =
				m_gridValid ? std::optional<double>(heaterW + m_batteryW.value_or(0) - m_excessW) : std::nullopt;
			const int before = m_policy.level();
			last = m_policy.step(in, m_start + std::chrono::seconds(m_t));
			if (last.level != before)
				++switches;
			in.heaterPowerW = last.level * SurplusPolicy::StepPowerW;
			++m_t;
		}
		return QString();
	}

	QString expect(const QString &value)
	{
		const int level = value.section(QLatin1Char('/'), 0, 0).toInt();
		const QString state = value.section(QLatin1Char('/'), 1);
		const QString actual = QStringLiteral("%1/%2").arg(last.level).arg(stateNames().value(int(last.state)));
		return last.level == level && stateNames().value(int(last.state)) == state
			? QString()
			: QStringLiteral("got %1, expected %2 (surplus %3 W)").arg(actual, value).arg(last.availableW.value_or(-1));
	}

	QString expectModeChange(const QString &value)
	{
		const QString actual = last.modeChange ? modeNames().value(int(*last.modeChange)) : QStringLiteral("none");
		return actual == value ? QString() : QStringLiteral("mode change %1, expected %2").arg(actual, value);
	}

	static QStringList modeNames() { return {"off", "low", "high", "on"}; }
	static QStringList stateNames()
	{
		return {"off", "waiting", "heating", "target", "test", "stale", "sensor", "manual"};
	}

	SurplusPolicy m_policy;
	Clock::time_point m_start = Clock::time_point() + 1000h;
	int m_t = 0; // s since m_start
	double m_excessW = 0;
	std::optional<double> m_batteryW;
	bool m_gridValid = true;
};

} // namespace

// SurplusPolicy on a fake clock: table-driven scenarios (settings at their defaults unless a row sets them:
// 100 W reserve, 60 s up and down windows, 60 s minimum interval, Auto low at 50 °C, 5 K hysteresis, 80 °C
// maximum), and a property test over random inputs.
class TestSurplusPolicy : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void scenarios_data();
	void scenarios();
	void targetTemperatureFollowsTheMode();
	void randomWalkKeepsTheRules();
};

void TestSurplusPolicy::scenarios_data()
{
	QTest::addColumn<QString>("script");

	// The ladder: level n needs n × 500 W of surplus beyond the 100 W reserve, for the whole 60 s up-window.
	const int ladder[][2] = {
		{550, 0}, {600, 1}, {1099, 1}, {1100, 2}, {1600, 3}, {2100, 4}, {2600, 5}, {3100, 6}, {3600, 7}, {9000, 7}};
	for (const auto &[excessW, level] : ladder) {
		QTest::addRow("ladder: %d W excess -> level %d", excessW, level)
			<< QStringLiteral("excess=%1 run=60 expect=0/waiting run=1 expect=%2/%3")
				   .arg(excessW)
				   .arg(level)
				   .arg(level ? "heating" : "waiting");
	}
	QTest::newRow("up-window: a dip restarts it")
		<< "excess=1600 run=40 excess=500 run=1 excess=1600 run=60 expect=0/waiting run=1 expect=3/heating";
	QTest::newRow("up-window: the level affordable all along, not the latest")
		<< "excess=1100 run=30 excess=3600 run=31 expect=2/heating switches=1";
	QTest::newRow("up-window of 0 s steps at once") << "up=0 excess=2100 run=1 expect=4/heating";

	QTest::newRow("down-window: a deficit for 59 s keeps the level")
		<< "excess=1600 run=61 expect=3/heating excess=1100 run=59 expect=3/heating excess=1600 run=120 "
		   "expect=3/heating switches=1";
	QTest::newRow("down-window: after 60 s, to the level that stayed affordable")
		<< "excess=1600 run=61 excess=1100 run=60 expect=3/heating run=1 expect=2/heating";
	QTest::newRow("down-window: to 0 when nothing stayed affordable")
		<< "excess=1600 run=61 excess=0 run=61 expect=0/waiting switches=2";
	QTest::newRow("down-window: the lowest level of the window")
		<< "excess=3600 run=61 expect=7/heating excess=2100 run=30 excess=1100 run=31 expect=2/heating";

	QTest::newRow("minimum interval: no step up within 60 s of the last switch")
		<< "up=0 excess=600 run=1 expect=1/heating excess=3600 run=59 expect=1/heating run=1 expect=7/heating";
	QTest::newRow("minimum interval: no step down within it either")
		<< "up=0 down=0 excess=3600 run=1 excess=600 run=59 expect=7/heating run=1 expect=1/heating";
	QTest::newRow("minimum interval of 5 min") << "interval=300 up=0 down=0 excess=3600 run=1 excess=600 run=299 "
												  "expect=7/heating run=1 expect=1/heating switches=2";

	QTest::newRow("mode off: nothing, whatever the surplus") << "mode=off excess=5000 run=200 expect=0/off";
	QTest::newRow("mode off switches off at once")
		<< "excess=3600 run=61 expect=7/heating mode=off run=1 expect=0/off forced=1";
	QTest::newRow("auto low heats to 50 °C") << "temp=49.9 excess=3600 run=61 expect=7/heating temp=50 run=1 "
												"expect=0/target forced=1";
	QTest::newRow("auto high heats on to 65 °C")
		<< "mode=high temp=55 excess=3600 run=61 expect=7/heating temp=64.9 run=1 expect=7/heating temp=65 run=1 "
		   "expect=0/target";
	QTest::newRow("auto low waits below its target for surplus") << "temp=40 excess=0 run=100 expect=0/waiting";
	QTest::newRow("mode on heats without surplus, as a test") << "mode=on excess=0 run=1 expect=7/test";
	QTest::newRow("a mode change takes effect at the next step")
		<< "mode=off excess=3600 run=100 expect=0/off mode=high run=1 expect=7/heating";

	QTest::newRow("hysteresis: rest until the water is 5 K below the target")
		<< "temp=50 excess=3600 run=61 expect=0/target temp=46 run=100 expect=0/target temp=44.9 run=1 "
		   "expect=7/heating";
	QTest::newRow("hysteresis: a new mode looks afresh")
		<< "temp=50 excess=3600 run=61 expect=0/target mode=high run=1 expect=7/heating";
	QTest::newRow("hard maximum stops the test mode") << "mode=on run=1 expect=7/test temp=80 run=1 expect=0/target "
														 "forced=1 temp=79 run=100 expect=0/target";
	QTest::newRow("hard maximum below the target") << "max=60 mode=high temp=60 excess=3600 run=61 expect=0/target";

	QTest::newRow("stale grid data: off at once, within the minimum interval")
		<< "excess=3600 run=61 expect=7/heating gridage=10 run=1 expect=7/heating gridage=10.5 run=1 "
		   "expect=0/stale forced=1";
	QTest::newRow("invalid grid data: off at once") << "excess=3600 run=61 gridinvalid=1 run=1 expect=0/stale";
	QTest::newRow("grid data back: the up-window and interval start again")
		<< "excess=3600 run=61 gridinvalid=1 run=5 gridinvalid=0 run=60 expect=0/waiting run=1 expect=7/heating";
	QTest::newRow("heater controller lost") << "excess=3600 run=61 heaterlost=1 run=1 expect=0/stale";
	QTest::newRow("test mode needs no grid data") << "mode=on gridinvalid=1 run=1 expect=7/test";

	QTest::newRow("sensor fault: off at once") << "excess=3600 run=61 sensor=1 run=1 expect=0/sensor forced=1";
	QTest::newRow("sensor fault stops the test mode") << "mode=on sensor=1 run=1 expect=0/sensor";

	QTest::newRow("discharging battery is not surplus: steps down to what PV pays")
		<< "excess=1600 battery=0 run=61 expect=3/heating excess=1000 battery=-500 run=60 expect=3/heating run=1 "
		   "expect=1/heating";
	QTest::newRow("discharging battery: no step up, even with export")
		<< "excess=3000 battery=-600 run=200 expect=0/waiting";
	QTest::newRow("discharging by a few watts is idle") << "excess=1600 battery=-40 run=61 expect=3/heating";
	QTest::newRow("without a battery") << "nobattery=1 excess=1100 run=61 expect=2/heating";

	QTest::newRow("battery first: the charging power is the battery's")
		<< "soc=90 excess=2000 battery=2000 run=200 expect=0/waiting";
	QTest::newRow("heater first above the SOC: it takes the charging power")
		<< "priority=1 soc=85 excess=2000 battery=2000 run=61 expect=3/heating";
	QTest::newRow("heater first, but below the SOC: battery first")
		<< "priority=1 soc=79 excess=2000 battery=2000 run=200 expect=0/waiting";

	QTest::newRow("on times out back to the previous mode")
		<< "ontimeout=1 mode=high excess=0 run=1 mode=on run=60 expect=7/test modechange=none run=1 "
		   "modechange=high expect=0/waiting forced=1";
	QTest::newRow("on timed out keeps asking until the mode changes")
		<< "ontimeout=1 mode=low run=1 mode=on run=70 modechange=low expect=0/waiting mode=low run=1 modechange=none";
	QTest::newRow("on timed out: a new on is a new test")
		<< "ontimeout=1 mode=off run=1 mode=on run=61 modechange=off mode=off run=1 mode=on run=1 "
		   "modechange=none expect=0/test run=58 expect=7/test";

	QTest::newRow("FORCE ON: manual override at once")
		<< "excess=3600 run=61 expect=7/heating force=1 run=1 expect=0/manual forced=1";
	QTest::newRow("FORCE ON shows even in mode off") << "mode=off force=1 run=1 expect=0/manual";
	QTest::newRow("FORCE ON released: surplus control again")
		<< "excess=3600 force=1 run=100 force=0 run=1 expect=7/heating";
}

void TestSurplusPolicy::scenarios()
{
	QFETCH(QString, script);
	Rig rig;
	const QString error = rig.run(script);
	QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestSurplusPolicy::targetTemperatureFollowsTheMode()
{
	Rig rig;
	const std::pair<const char *, std::optional<double>> expected[] = {
		{"mode=off", std::nullopt}, {"mode=low", 50.0}, {"mode=high", 65.0}, {"mode=on", 80.0}};
	for (const auto &[script, targetC] : expected) {
		QVERIFY(rig.run(QLatin1String(script) + " run=1").isEmpty());
		QCOMPARE(rig.last.targetTemperatureC, targetC);
	}
}

// 100,000 steps of random inputs, times and settings. Whatever happens:
// - two switches are never closer than the minimum interval, unless the second is a forced switch-off;
// - the heater never heats at or above the hard maximum, nor without a valid temperature;
// - it never steps up while the battery discharges, and a level the surplus does not pay for (a discharging
//   battery is no surplus) lasts at most the down-window plus the minimum interval.
void TestSurplusPolicy::randomWalkKeepsTheRules()
{
	std::mt19937 random(20261123);
	const auto uniform = [&random](double lo, double hi) {
		return lo + (hi - lo) * (random() / 4294967296.0);
	};
	const auto chance = [&](double p) {
		return uniform(0, 1) < p;
	};

	SurplusPolicy policy;
	SurplusInputs in;
	in.heaterConnected = true;
	in.heaterPowerW = 0;
	in.temperatureC = 40;
	in.gridPowerW = 0;
	in.mode = HeaterMode::AutoHigh;
	SurplusSettings &s = in.settings;
	s.minSwitchInterval = 30s;

	Clock::time_point now = Clock::time_point() + 1000h;
	std::optional<Clock::time_point> lastSwitch;
	std::optional<Clock::time_point> unpaidSince;
	int switches = 0, forced = 0, heatingSteps = 0;
	double waterC = 40;
	for (int i = 0; i < 100000; ++i) {
		now += std::chrono::milliseconds(qint64(uniform(200, 2000)));
		if (chance(0.002)) {
			s.minSwitchInterval = std::chrono::seconds(qint64(uniform(0, 120)));
			s.stepUpDelay = std::chrono::seconds(qint64(uniform(0, 120)));
			s.stepDownDelay = std::chrono::seconds(qint64(uniform(0, 120)));
			s.maxTemperatureC = uniform(60, 85);
			s.batteryPriority = BatteryPriority(int(uniform(0, 2)));
		}
		if (chance(0.003))
			in.mode = HeaterMode(int(uniform(0, 4)));
		if (chance(0.05))
			in.gridPowerW = uniform(-4000, 3000);
		if (chance(0.002))
			in.gridPowerW.reset();
		if (chance(0.05))
			in.batteryPowerW = chance(0.1) ? std::nullopt : std::optional<double>(uniform(-3000, 3000));
		in.batterySocPercent = uniform(0, 100);
		in.gridAge = std::chrono::milliseconds(qint64(chance(0.002) ? uniform(0, 30000) : uniform(0, 2000)));
		in.batteryAge = std::chrono::milliseconds(qint64(chance(0.002) ? uniform(0, 30000) : uniform(0, 2000)));
		in.heaterAge = std::chrono::milliseconds(qint64(chance(0.0005) ? uniform(0, 30000) : uniform(0, 2000)));
		in.heaterConnected = !chance(0.0005);
		in.forceOn = chance(0.0003);
		in.sensorFault = chance(0.0005);
		waterC = chance(0.001) ? uniform(30, 90) : std::clamp(waterC + uniform(-0.3, 0.3), 30.0, 90.0);
		in.temperatureC = in.sensorFault ? std::nullopt : std::optional<double>(waterC);

		const int before = policy.level();
		const HeaterCommand cmd = policy.step(in, now);
		if (cmd.level != before) {
			++switches;
			const bool early = lastSwitch && now - *lastSwitch < s.minSwitchInterval;
			if (early && !(cmd.level == 0 && cmd.forcedOff))
				QFAIL(qPrintable(QStringLiteral("step %1: switched %2 -> %3 within the minimum interval")
									 .arg(i)
									 .arg(before)
									 .arg(cmd.level)));
			forced += cmd.forcedOff;
			lastSwitch = now;
			const bool surplusStep = cmd.state == HeaterState::Heating;
			if (surplusStep && cmd.level > before && in.batteryPowerW &&
				*in.batteryPowerW < -SurplusPolicy::BatteryIdleW)
				QFAIL(qPrintable(QStringLiteral("step %1: stepped up while the battery discharges").arg(i)));
		}
		if (cmd.level > 0) {
			++heatingSteps;
			QVERIFY2(in.temperatureC && *in.temperatureC < s.maxTemperatureC,
				qPrintable(QStringLiteral("step %1: heating at %2 °C").arg(i).arg(in.temperatureC.value_or(-1))));
		}
		const bool unpaid = cmd.availableW && *cmd.availableW < cmd.level * SurplusPolicy::StepPowerW &&
			cmd.state == HeaterState::Heating;
		if (!unpaid)
			unpaidSince.reset();
		else if (!unpaidSince)
			unpaidSince = now;
		else if (now - *unpaidSince > s.stepDownDelay + s.minSwitchInterval + 2s)
			QFAIL(qPrintable(QStringLiteral("step %1: level %2 unpaid for too long").arg(i).arg(cmd.level)));
		in.heaterPowerW = cmd.level * SurplusPolicy::StepPowerW; // the heater follows within a step
	}
	// The walk must have exercised what it checks.
	qInfo("%d switches, %d of them forced off; heating in %d steps", switches, forced, heatingSteps);
	QVERIFY2(switches > 150, qPrintable(QString::number(switches)));
	QVERIFY2(forced > 50, qPrintable(QString::number(forced)));
	QVERIFY2(heatingSteps > 10000, qPrintable(QString::number(heatingSteps)));
}

QTEST_GUILESS_MAIN(TestSurplusPolicy)
#include "tst_surplus_policy.moc"
