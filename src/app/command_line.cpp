#include "command_line.h"

#include <QCommandLineParser>
#include <QFileInfo>
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
	parser.addOptions({help, version, dbus, config, dataDir, settings, serial});

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
