#include "app/command_line.h"

#include <QTest>

using namespace pvrouter;

class TestCommandLine : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void defaults();
	void everyOption();
	void simulatorOptions();
	void helpAndVersion();
	void errors_data();
	void errors();
};

namespace {
CommandLine parse(QStringList args)
{
	args.prepend(QStringLiteral("dbus-pvrouter"));
	return parseCommandLine(args);
}
} // namespace

void TestCommandLine::defaults()
{
	const CommandLine cmd = parse({});
	QCOMPARE(cmd.action, CommandLine::Action::Run);
	QCOMPARE(cmd.options.bus.toString(), QStringLiteral("system"));
	QCOMPARE(cmd.options.settings, SettingsMode::Auto);
	QVERIFY(cmd.options.configFile.isEmpty());
	QCOMPARE(cmd.options.dataDir, defaultDataDir());
	QVERIFY(!cmd.options.simulate);
	QCOMPARE(cmd.options.speed, 1);
}

void TestCommandLine::everyOption()
{
	const CommandLine cmd = parse({QStringLiteral("--dbus"), QStringLiteral("unix:path=/tmp/bus"),
		QStringLiteral("--config"), QStringLiteral("/etc/pv.ini"), QStringLiteral("--data-dir"),
		QStringLiteral("/tmp/d"), QStringLiteral("--settings"), QStringLiteral("embedded")});
	QCOMPARE(cmd.action, CommandLine::Action::Run);
	QCOMPARE(cmd.options.bus.toString(), QStringLiteral("unix:path=/tmp/bus"));
	QCOMPARE(cmd.options.configFile, QStringLiteral("/etc/pv.ini"));
	QCOMPARE(cmd.options.dataDir, QStringLiteral("/tmp/d"));
	QCOMPARE(cmd.options.settings, SettingsMode::Embedded);
	QCOMPARE(parse({QStringLiteral("--settings"), QStringLiteral("bus")}).options.settings, SettingsMode::Bus);
	QCOMPARE(
		parse({QStringLiteral("--dbus"), QStringLiteral("session")}).options.bus.toString(), QStringLiteral("session"));
}

void TestCommandLine::simulatorOptions()
{
	const CommandLine defaults = parse({QStringLiteral("--simulate")});
	QCOMPARE(defaults.action, CommandLine::Action::Run);
	QVERIFY(defaults.options.simulate);
	QCOMPARE(defaults.options.speed, 1);
	QCOMPARE(defaults.options.seed, 1u);
	QCOMPARE(defaults.options.weather, Weather::PassingClouds);
	QCOMPARE(defaults.options.startTimeOfDay, std::chrono::minutes(10 * 60));

	const CommandLine cmd = parse({QStringLiteral("--simulate"), QStringLiteral("--speed"), QStringLiteral("60"),
		QStringLiteral("--seed"), QStringLiteral("4294967295"), QStringLiteral("--weather"), QStringLiteral("clear"),
		QStringLiteral("--start"), QStringLiteral("07:05")});
	QCOMPARE(cmd.action, CommandLine::Action::Run);
	QCOMPARE(cmd.options.speed, 60);
	QCOMPARE(cmd.options.seed, 4294967295u);
	QCOMPARE(cmd.options.weather, Weather::Clear);
	QCOMPARE(cmd.options.startTimeOfDay, std::chrono::minutes(7 * 60 + 5));

	const auto option = [](const char *name, const char *value) {
		return parse({QStringLiteral("--simulate"), QLatin1String(name), QLatin1String(value)}).options;
	};
	QCOMPARE(option("--speed", "100").speed, 100);
	QCOMPARE(option("--seed", "0").seed, 0u);
	QCOMPARE(option("--weather", "clouds").weather, Weather::PassingClouds);
	QCOMPARE(option("--weather", "overcast").weather, Weather::Overcast);
	QCOMPARE(option("--start", "0:00").startTimeOfDay, std::chrono::minutes(0));
	QCOMPARE(option("--start", "23:59").startTimeOfDay, std::chrono::minutes(23 * 60 + 59));
	// The simulator still takes the bus, settings and data directory options.
	const CommandLine withBus = parse({QStringLiteral("--simulate"), QStringLiteral("--dbus"),
		QStringLiteral("session"), QStringLiteral("--settings"), QStringLiteral("embedded")});
	QCOMPARE(withBus.action, CommandLine::Action::Run);
	QCOMPARE(withBus.options.settings, SettingsMode::Embedded);
}

void TestCommandLine::helpAndVersion()
{
	const CommandLine help = parse({QStringLiteral("--help")});
	QCOMPARE(help.action, CommandLine::Action::Help);
	for (const char *option : {"--dbus", "--config", "--data-dir", "--settings", "--serial", "--simulate", "--speed",
			 "--seed", "--weather", "--start", "--version"})
		QVERIFY2(help.text.contains(QLatin1String(option)), option);
	QCOMPARE(parse({QStringLiteral("--version")}).action, CommandLine::Action::Version);
}

void TestCommandLine::errors_data()
{
	QTest::addColumn<QStringList>("args");
	QTest::addColumn<QString>("mentions");
	QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << "frobnicate";
	QTest::newRow("bad bus") << QStringList{QStringLiteral("--dbus"), QStringLiteral("sytem")} << "sytem";
	QTest::newRow("bad settings mode") << QStringList{QStringLiteral("--settings"), QStringLiteral("xml")} << "xml";
	QTest::newRow("missing value") << QStringList{QStringLiteral("--config")} << "config";
	QTest::newRow("stray argument") << QStringList{QStringLiteral("extra")} << "extra";
	QTest::newRow("config and serial") << QStringList{QStringLiteral("--config"), QStringLiteral("a.ini"),
											  QStringLiteral("--serial"), QStringLiteral("ttyUSB0")}
									   << "exclude each other";
	const QString sim = QStringLiteral("--simulate");
	QTest::newRow("simulate and config") << QStringList{sim, QStringLiteral("--config"), QStringLiteral("a.ini")}
										 << "--simulate excludes --config and --serial";
	QTest::newRow("simulate and serial") << QStringList{sim, QStringLiteral("--serial"), QStringLiteral("ttyUSB0")}
										 << "--simulate excludes --config and --serial";
	for (const char *option : {"--speed", "--seed", "--weather", "--start"}) {
		QTest::addRow("%s without --simulate", option)
			<< QStringList{QLatin1String(option), QStringLiteral("1")}
			<< QStringLiteral("%1 is for the simulator").arg(QLatin1String(option));
	}
	for (const char *speed : {"0", "101", "-5", "2.5", "fast"}) {
		QTest::addRow("speed %s", speed)
			<< QStringList{sim, QStringLiteral("--speed"), QLatin1String(speed)}
			<< QStringLiteral("--speed takes a whole number from 1 to 100, not '%1'").arg(QLatin1String(speed));
	}
	for (const char *seed : {"-1", "4294967296", "x"}) {
		QTest::addRow("seed %s", seed)
			<< QStringList{sim, QStringLiteral("--seed"), QLatin1String(seed)}
			<< QStringLiteral("--seed takes a whole number from 0 to 4294967295, not '%1'").arg(QLatin1String(seed));
	}
	QTest::newRow("weather") << QStringList{sim, QStringLiteral("--weather"), QStringLiteral("rain")}
							 << "--weather takes clear, clouds or overcast, not 'rain'";
	for (const char *start : {"24:00", "12:60", "1200", "12:5", "noon", ""}) {
		QTest::addRow("start '%s'", start) << QStringList{sim, QStringLiteral("--start"), QLatin1String(start)}
										   << QStringLiteral("--start takes a time of day from 00:00 to 23:59");
	}
	QTest::newRow("speed without a value") << QStringList{sim, QStringLiteral("--speed")} << "speed";
}

void TestCommandLine::errors()
{
	QFETCH(QStringList, args);
	QFETCH(QString, mentions);
	const CommandLine cmd = parse(args);
	QCOMPARE(cmd.action, CommandLine::Action::Error);
	QVERIFY2(cmd.text.contains(mentions), qPrintable(cmd.text));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_command_line.moc"
