#include "command_line.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

namespace pvrouter {

CommandLine parseCommandLine(const QStringList &arguments)
{
	QCommandLineParser parser;
	parser.setApplicationDescription(
		QStringLiteral("pvrouter: heats water with solar surplus on a Victron Venus OS system."));
	const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
	const QCommandLineOption version(
		{QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Show the version."));
	const QCommandLineOption dbus({QStringLiteral("b"), QStringLiteral("dbus")},
		QStringLiteral("Bus to use: system (default), session, or a D-Bus address."), QStringLiteral("bus"),
		QStringLiteral("system"));
	const QCommandLineOption config({QStringLiteral("c"), QStringLiteral("config")},
		QStringLiteral("INI file naming the lines and devices."), QStringLiteral("file"));
	const QCommandLineOption dataDir(QStringLiteral("data-dir"),
		QStringLiteral("Directory for persistent data (default %1).").arg(defaultDataDir()), QStringLiteral("dir"));
	const QCommandLineOption settings(QStringLiteral("settings"),
		QStringLiteral("Settings service: auto (localsettings if it runs, else embedded), bus (wait for "
					   "localsettings) or embedded."),
		QStringLiteral("mode"), QStringLiteral("auto"));
	const QCommandLineOption serial(QStringLiteral("serial"),
		QStringLiteral("Serial-starter mode: probe this tty (ttyUSB0 or /dev/ttyUSB0) for our devices at their factory "
					   "settings, run what answers, and exit with 1 when nothing does."),
		QStringLiteral("tty"));
	const QCommandLineOption simulate(QStringLiteral("simulate"),
		QStringLiteral("Simulator mode, instead of --config: simulated devices (real Modbus TCP servers on 127.0.0.1) "
					   "and a simulated house, sun, battery and water tank."));
	const QCommandLineOption speed(QStringLiteral("speed"),
		QStringLiteral("Simulated seconds per real second, 1 to 100 (default 1)."), QStringLiteral("n"));
	const QCommandLineOption seed(
		QStringLiteral("seed"), QStringLiteral("The simulated day's random seed (default 1)."), QStringLiteral("n"));
	const QCommandLineOption weather(QStringLiteral("weather"),
		QStringLiteral("Simulated weather: clear, clouds (default) or overcast."), QStringLiteral("weather"));
	const QCommandLineOption start(QStringLiteral("start"),
		QStringLiteral("Simulated time of day to start at (default 10:00)."), QStringLiteral("HH:MM"));
	parser.addOptions({help, version, dbus, config, dataDir, settings, serial, simulate, speed, seed, weather, start});

	CommandLine result;
	const auto fail = [&result](const QString &error) {
		result.action = CommandLine::Action::Error;
		result.text = error;
		return result;
	};
	if (!parser.parse(arguments))
		return fail(parser.errorText());
	if (!parser.positionalArguments().isEmpty())
		return fail(QStringLiteral("Unexpected argument '%1'.").arg(parser.positionalArguments().constFirst()));
	if (parser.isSet(help)) {
		result.action = CommandLine::Action::Help;
		result.text = parser.helpText();
		return result;
	}
	if (parser.isSet(version)) {
		result.action = CommandLine::Action::Version;
		return result;
	}

	const std::optional<BusAddress> bus = BusAddress::parse(parser.value(dbus));
	if (!bus)
		return fail(
			QStringLiteral("--dbus takes system, session or a D-Bus address, not '%1'.").arg(parser.value(dbus)));
	result.options.bus = *bus;
	result.options.configFile = parser.value(config);
	result.options.serialPort = parser.value(serial);
	if (parser.isSet(config) && parser.isSet(serial))
		return fail(QStringLiteral("--config and --serial exclude each other: a probed tty runs without a config."));
	result.options.dataDir = parser.isSet(dataDir) ? parser.value(dataDir) : defaultDataDir();

	result.options.simulate = parser.isSet(simulate);
	if (result.options.simulate && (parser.isSet(config) || parser.isSet(serial)))
		return fail(QStringLiteral("--simulate excludes --config and --serial: the simulator brings its own devices."));
	for (const QCommandLineOption *option : {&speed, &seed, &weather, &start}) {
		if (parser.isSet(*option) && !result.options.simulate)
			return fail(
				QStringLiteral("--%1 is for the simulator: it needs --simulate.").arg(option->names().constFirst()));
	}
	if (parser.isSet(speed)) {
		bool ok = false;
		result.options.speed = parser.value(speed).toInt(&ok);
		if (!ok || result.options.speed < 1 || result.options.speed > 100)
			return fail(
				QStringLiteral("--speed takes a whole number from 1 to 100, not '%1'.").arg(parser.value(speed)));
	}
	if (parser.isSet(seed)) {
		bool ok = false;
		result.options.seed = parser.value(seed).toUInt(&ok);
		if (!ok)
			return fail(
				QStringLiteral("--seed takes a whole number from 0 to 4294967295, not '%1'.").arg(parser.value(seed)));
	}
	if (parser.isSet(weather)) {
		const QString name = parser.value(weather);
		if (name == QLatin1String("clear"))
			result.options.weather = Weather::Clear;
		else if (name == QLatin1String("clouds"))
			result.options.weather = Weather::PassingClouds;
		else if (name == QLatin1String("overcast"))
			result.options.weather = Weather::Overcast;
		else
			return fail(QStringLiteral("--weather takes clear, clouds or overcast, not '%1'.").arg(name));
	}
	if (parser.isSet(start)) {
		static const QRegularExpression time(QStringLiteral("^([01]?[0-9]|2[0-3]):([0-5][0-9])$"));
		const QRegularExpressionMatch match = time.match(parser.value(start));
		if (!match.hasMatch())
			return fail(
				QStringLiteral("--start takes a time of day from 00:00 to 23:59, not '%1'.").arg(parser.value(start)));
		result.options.startTimeOfDay =
			std::chrono::hours(match.captured(1).toInt()) + std::chrono::minutes(match.captured(2).toInt());
	}

	const QString mode = parser.value(settings);
	if (mode == QLatin1String("auto"))
		result.options.settings = SettingsMode::Auto;
	else if (mode == QLatin1String("bus"))
		result.options.settings = SettingsMode::Bus;
	else if (mode == QLatin1String("embedded"))
		result.options.settings = SettingsMode::Embedded;
	else
		return fail(QStringLiteral("--settings takes auto, bus or embedded, not '%1'.").arg(mode));
	return result;
}

QString defaultDataDir()
{
	const QFileInfo venusData(QStringLiteral("/data"));
	if (venusData.isDir() && venusData.isWritable())
		return QStringLiteral("/data/pvrouter");
	return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/pvrouter");
}

} // namespace pvrouter
