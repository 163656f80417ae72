#pragma once

#include "sim/sun_model.h"
#include "vedbus/bus_address.h"

#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace pvrouter {

enum class SettingsMode {
	Auto,     // localsettings when it runs, else the embedded stand-in
	Bus,      // wait for localsettings (on a GX)
	Embedded, // always the stand-in
};

struct Options
{
	BusAddress bus = *BusAddress::parse(QStringLiteral("system"));
	QString configFile;
	QString serialPort; // serial-starter mode: probe this tty instead of reading a config
	QString dataDir;
	SettingsMode settings = SettingsMode::Auto;
	// --simulate: simulated devices and plant instead of a config; the rest only with it.
	bool simulate = false;
	int speed = 1; // simulated seconds per real second, 1..1000
	quint32 seed = 1;
	Weather weather = Weather::PassingClouds;
	std::chrono::minutes startTimeOfDay{10 * 60}; // simulated
};

// What the command line asks for: run with options, print help or version, or stop with a usage error.
struct CommandLine
{
	enum class Action { Run, Help, Version, Error };
	Action action = Action::Run;
	Options options;
	QString text; // help text, or the error
};

CommandLine parseCommandLine(const QStringList &arguments);

// /data/pvrouter on Venus (/data survives firmware updates), else the user's data directory.
QString defaultDataDir();

} // namespace pvrouter
