// The costs of the Modbus layer: back-to-back transactions on a simulated RTU line (a socat pty pair, the
// simulator in this process), and the real daemon polling five simulated devices (modbus_sim_tool, Modbus TCP).
// The daemon part needs a private session bus: tools/bench runs this under dbus-run-session. Prints one result
// a line, then "bench: ok" or "bench: target missed: ..."; exits non-zero only when a measurement could not be
// made. PVROUTER_BENCH_DAEMON_SECONDS (default 60) sets how long the daemon is measured.
//
// Usage: bench_modbus [path/to/dbus-pvrouter [path/to/modbus_sim_tool]]
#include "modbus/modbus_line.h"
#include "sim/growatt_sim.h"
#include "sim/heizstab_sim.h"
#include "sim/modbus_sim_bus.h"
#include "sim/pzem016_sim.h"
#include "sim/pzem017_sim.h"
#include "sim/sdm230_sim.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <stdexcept>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

#include "bench_support.h"

using namespace pvrouter;

namespace {

const QString BusItem = QStringLiteral("com.victronenergy.BusItem");
const QString SettingsName = QStringLiteral("com.victronenergy.settings");

constexpr int LineMs = 3000;
constexpr qint32 LineBaud = 115200;
constexpr int TimeoutMs = 10000;
constexpr int DefaultDaemonSeconds = 60;
constexpr double CpuTargetPercent = 0.5;
constexpr double RssTargetMb = 15; // MB of 1024 kB, as /proc counts kB

// This process's user + system CPU time in µs.
qint64 selfCpuUs()
{
	rusage usage{};
	if (::getrusage(RUSAGE_SELF, &usage) != 0)
		throw BenchError(QStringLiteral("getrusage failed"));
	const auto us = [](const timeval &t) {
		return qint64(t.tv_sec) * 1000000 + t.tv_usec;
	};
	return us(usage.ru_utime) + us(usage.ru_stime);
}

// Stops a helper process (socat, the simulator tool) when the measurement ends, however it ends.
class Helper
{
public:
	explicit Helper(QProcess *process) : m_process(process) {}
	~Helper()
	{
		if (m_process->state() == QProcess::NotRunning)
			return;
		m_process->closeWriteChannel();
		m_process->terminate();
		if (!m_process->waitForFinished(TimeoutMs)) {
			m_process->kill();
			m_process->waitForFinished();
		}
	}
	Helper(const Helper &) = delete;
	Helper &operator=(const Helper &) = delete;

private:
	QProcess *m_process;
};

// One device's typical poll block.
struct Block
{
	quint8 unit;
	const char *type;
	QModbusDataUnit data;
};

// 1. Back-to-back reads of each device's typical block over one RTU line: a socat pty pair, the simulator bus
// on one end and a ModbusLine on the other, both in this process.
void benchLine()
{
	QTemporaryDir dir;
	if (!dir.isValid())
		throw BenchError(QStringLiteral("cannot create a temporary directory: %1").arg(dir.errorString()));
	const QString simEnd = dir.filePath(QStringLiteral("ttySim"));
	const QString lineEnd = dir.filePath(QStringLiteral("ttyLine"));
	QProcess socat;
	socat.setProcessChannelMode(QProcess::ForwardedErrorChannel);
	socat.setStandardOutputFile(QProcess::nullDevice());
	socat.start(QStringLiteral("socat"),
		{QStringLiteral("pty,raw,echo=0,link=") + simEnd, QStringLiteral("pty,raw,echo=0,link=") + lineEnd});
	if (!socat.waitForStarted(TimeoutMs))
		throw BenchError(QStringLiteral("cannot start socat: %1").arg(socat.errorString()));
	const Helper stopSocat(&socat);
	if (!waitFor(
			[&] {
				return socat.state() != QProcess::Running || (QFileInfo::exists(simEnd) && QFileInfo::exists(lineEnd));
			},
			TimeoutMs) ||
		socat.state() != QProcess::Running)
		throw BenchError(QStringLiteral("socat made no pty pair"));

	Pzem016Sim pzem016;
	Sdm230Sim sdm230;
	HeizstabSim heater;
	GrowattSim growatt;
	Pzem017Sim pzem017;
	ModbusSimBus bus;
	QString error;
	if (!bus.openRtu(simEnd, LineBaud, QSerialPort::NoParity, QSerialPort::OneStop, &error))
		throw BenchError(QStringLiteral("the simulator cannot open %1: %2").arg(simEnd, error));
	bus.attach(1, &pzem016);
	bus.attach(2, &sdm230);
	bus.attach(33, &heater);
	bus.attach(4, &growatt);
	bus.attach(5, &pzem017);
	const std::vector<Block> blocks = {
		{1, "PZEM-016", QModbusDataUnit(QModbusDataUnit::InputRegisters, 0, 10)},
		{2, "SDM230", QModbusDataUnit(QModbusDataUnit::InputRegisters, 0, 14)},
		{33, "heater", QModbusDataUnit(QModbusDataUnit::InputRegisters, 0, 5)},
		{4, "Growatt", QModbusDataUnit(QModbusDataUnit::InputRegisters, 0, 11)},
		{5, "PZEM-017", QModbusDataUnit(QModbusDataUnit::InputRegisters, 0, 8)},
	};

	ModbusLine::Serial serial;
	serial.port = lineEnd;
	serial.baud = LineBaud;
	ModbusLine line(serial);
	line.open();
	if (!waitFor([&line] { return line.isConnected(); }, TimeoutMs))
		throw BenchError(QStringLiteral("the Modbus line did not open %1").arg(lineEnd));

	// One read per device always queued: each completion queues that device's next read, so the line never idles.
	qint64 done = 0;
	qint64 failed = 0;
	int outstanding = 0;
	bool running = true;
	QString firstError;
	QObject context;
	std::function<void(const Block &)> issue = [&](const Block &block) {
		++outstanding;
		line.read(block.unit, block.data, &context, [&, block](const ModbusResult &result) {
			--outstanding;
			if (result.ok() && result.data.valueCount() == block.data.valueCount()) {
				++done;
			} else {
				++failed;
				if (firstError.isEmpty())
					firstError = QStringLiteral("%1 at unit %2: %3")
									 .arg(QLatin1String(block.type))
									 .arg(block.unit)
									 .arg(result.error);
			}
			if (running)
				issue(block);
		});
	};

	// Warm-up: every device answers once.
	running = false;
	for (const Block &block : blocks)
		issue(block);
	if (!waitFor([&] { return outstanding == 0; }, TimeoutMs) || failed > 0)
		throw BenchError(QStringLiteral("warm-up reads failed: %1")
							 .arg(firstError.isEmpty() ? QStringLiteral("timeout") : firstError));

	done = 0;
	running = true;
	const qint64 cpuStart = selfCpuUs();
	QElapsedTimer clock;
	clock.start();
	for (const Block &block : blocks)
		issue(block);
	waitFor([&] { return clock.elapsed() >= LineMs; }, LineMs + TimeoutMs);
	running = false;
	if (!waitFor([&] { return outstanding == 0; }, TimeoutMs))
		throw BenchError(QStringLiteral("reads still outstanding %1 ms after the run").arg(TimeoutMs));
	const double seconds = double(clock.nsecsElapsed()) / 1e9;
	const qint64 cpuUs = selfCpuUs() - cpuStart;
	line.close();
	bus.close();
	if (failed > 0)
		throw BenchError(
			QStringLiteral("%1 of %2 reads failed, the first: %3").arg(failed).arg(done + failed).arg(firstError));
	if (done == 0)
		throw BenchError(QStringLiteral("no transaction completed"));

	print(QStringLiteral("Modbus transactions: %1/s, CPU %2 µs per transaction (5 devices on one RTU line; %3 "
						 "reads in %4 s at %5 8N1 over a socat pty pair, which has no baud-rate line time "
						 "(toolchain.md §2): software cost only; the CPU includes the simulator's side)")
			  .arg(qRound64(double(done) / seconds))
			  .arg(double(cpuUs) / double(done), 0, 'f', 1)
			  .arg(done)
			  .arg(seconds, 0, 'f', 2)
			  .arg(LineBaud));
}

// The simulator tool, driven over its stdin; each command answers one line.
class SimTool
{
public:
	explicit SimTool(const QString &path) : m_stop(&m_process)
	{
		m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
		m_process.start(path, {});
		if (!m_process.waitForStarted(TimeoutMs))
			throw BenchError(QStringLiteral("cannot start %1: %2").arg(path, m_process.errorString()));
	}

	QString operator()(const QString &command)
	{
		m_process.write(command.toUtf8() + '\n');
		if (!waitFor([this] { return m_process.canReadLine() || m_process.state() != QProcess::Running; }, TimeoutMs) ||
			!m_process.canReadLine())
			throw BenchError(QStringLiteral("the simulator tool did not answer '%1'").arg(command));
		const QString answer = QString::fromUtf8(m_process.readLine()).trimmed();
		if (answer.startsWith(QLatin1String("error")))
			throw BenchError(QStringLiteral("the simulator tool answered '%1' to '%2'").arg(answer, command));
		return answer;
	}

private:
	QProcess m_process;
	Helper m_stop;
};

// utime + stime of a process, in clock ticks, from /proc/<pid>/stat.
qint64 processTicks(qint64 pid)
{
	QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
	if (!file.open(QIODevice::ReadOnly))
		throw BenchError(QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
	const QByteArray stat = file.readAll();
	// The command name in parentheses may hold spaces; the fields after it start with the state (field 3).
	const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
	if (fields.size() < 13)
		throw BenchError(QStringLiteral("cannot parse %1").arg(file.fileName()));
	return fields.at(11).toLongLong() + fields.at(12).toLongLong(); // fields 14 and 15
}

struct DaemonResult
{
	double cpuPercent = 0;
	double rssMb = 0;
};

// 2. The daemon polling five simulated devices over Modbus TCP at 1 Hz: its CPU share over `seconds` of wall
// time once every device is connected, and its VmRSS at the end.
DaemonResult benchDaemon(const QString &daemonPath, const QString &simPath, int seconds)
{
	QDBusConnection client = QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("bench-client"));
	if (!client.isConnected())
		throw BenchError(QStringLiteral("cannot connect to the session bus (run under dbus-run-session, see "
										"tools/bench): %1")
							 .arg(client.lastError().message()));
	if (client.interface()->isServiceRegistered(SettingsName))
		throw BenchError(
			QStringLiteral("%1 is already on this bus: run on a private bus (tools/bench)").arg(SettingsName));

	SimTool sim(simPath);
	const QString portAnswer = sim(QStringLiteral("tcp"));
	const quint16 port = quint16(portAnswer.section(QLatin1Char(' '), 1).toUInt());
	if (port == 0)
		throw BenchError(QStringLiteral("the simulator tool answered '%1' to 'tcp'").arg(portAnswer));
	for (const char *command : {"add 1 pzem016", "set 1 voltage 231.2", "set 1 power 1500", "add 2 sdm230",
			 "set 2 power 987.5", "add 33 heizstab", "set 33 temperature 55.5", "add 4 growatt", "set 4 nominal 3000",
			 "set 4 pv 2400", "set 4 status 1", "add 5 pzem017", "set 5 voltage 52.08", "set 5 current 3.5"})
		sim(QLatin1String(command));

	QTemporaryDir dataDir;
	if (!dataDir.isValid())
		throw BenchError(QStringLiteral("cannot create a temporary directory: %1").arg(dataDir.errorString()));
	const QString configPath = dataDir.filePath(QStringLiteral("pvrouter.ini"));
	{
		QFile config(configPath);
		if (!config.open(QIODevice::WriteOnly))
			throw BenchError(QStringLiteral("cannot write %1: %2").arg(configPath, config.errorString()));
		const QString tcp = QStringLiteral("tcp = 127.0.0.1:%1\npoll = 1s\n").arg(port);
		config.write((QStringLiteral("[device.house]\ntype = pzem016\nunit = 1\nrole = acload\n") + tcp +
			QStringLiteral("\n[device.grid]\ntype = sdm230\nunit = 2\n") + tcp +
			QStringLiteral("\n[device.boiler]\ntype = heizstab\nunit = 33\n") + tcp +
			QStringLiteral("\n[device.roof]\ntype = growatt\nunit = 4\nmaxpower = 3000\n") + tcp +
			QStringLiteral("\n[device.battery]\ntype = pzem017\nunit = 5\nrole = dcsystem\n") + tcp)
						 .toUtf8());
	}
	const QStringList services = {QStringLiteral("com.victronenergy.acload.pvrouter_house"),
		QStringLiteral("com.victronenergy.grid.pvrouter_grid"),
		QStringLiteral("com.victronenergy.heatpump.pvrouter_boiler"),
		QStringLiteral("com.victronenergy.pvinverter.pvrouter_roof"),
		QStringLiteral("com.victronenergy.dcsystem.pvrouter_battery")};

	QProcess daemon;
	daemon.setProcessChannelMode(QProcess::MergedChannels);
	daemon.start(daemonPath,
		{QStringLiteral("--dbus"), QStringLiteral("session"), QStringLiteral("--settings"), QStringLiteral("embedded"),
			QStringLiteral("--data-dir"), dataDir.path(), QStringLiteral("--config"), configPath});
	if (!daemon.waitForStarted(TimeoutMs))
		throw BenchError(QStringLiteral("cannot start %1: %2").arg(daemonPath, daemon.errorString()));
	const auto output = [&daemon] {
		return QString::fromLocal8Bit(daemon.readAll());
	};
	const auto stop = [&daemon] {
		if (daemon.state() != QProcess::NotRunning) {
			daemon.kill();
			daemon.waitForFinished();
		}
	};
	const auto connected = [&](const QString &service) {
		const QDBusMessage reply = client.call(
			QDBusMessage::createMethodCall(service, QStringLiteral("/Connected"), BusItem, QStringLiteral("GetValue")));
		return reply.type() == QDBusMessage::ReplyMessage && !reply.arguments().isEmpty() &&
			qdbus_cast<QDBusVariant>(reply.arguments().constFirst()).variant().toInt() == 1;
	};
	const auto allConnected = [&] {
		for (const QString &service : services) {
			if (!connected(service))
				return false;
		}
		return true;
	};

	const bool ready = waitFor([&] { return daemon.state() != QProcess::Running || allConnected(); }, TimeoutMs);
	if (daemon.state() != QProcess::Running)
		throw BenchError(
			QStringLiteral("the daemon exited with %1 before it was ready:\n%2").arg(daemon.exitCode()).arg(output()));
	if (!ready) {
		QStringList missing;
		for (const QString &service : services) {
			if (!connected(service))
				missing.append(service);
		}
		stop();
		throw BenchError(QStringLiteral("%1 not connected within %2 ms:\n%3")
							 .arg(missing.join(QStringLiteral(", ")))
							 .arg(TimeoutMs)
							 .arg(output()));
	}

	const qint64 pid = daemon.processId();
	const qint64 ticksStart = processTicks(pid);
	QElapsedTimer clock;
	clock.start();
	idle(seconds * 1000);
	const qint64 ticks = processTicks(pid) - ticksStart;
	const double wallSeconds = double(clock.nsecsElapsed()) / 1e9;
	const qint64 rss = readMemory(pid).rssKb;
	if (daemon.state() != QProcess::Running)
		throw BenchError(
			QStringLiteral("the daemon exited with %1 while polling:\n%2").arg(daemon.exitCode()).arg(output()));
	if (!allConnected()) {
		stop();
		throw BenchError(QStringLiteral("a device was no longer connected after %1 s:\n%2").arg(seconds).arg(output()));
	}

	daemon.terminate();
	if (!daemon.waitForFinished(TimeoutMs)) {
		stop();
		throw BenchError(
			QStringLiteral("the daemon did not stop within %1 ms of SIGTERM:\n%2").arg(TimeoutMs).arg(output()));
	}
	if (daemon.exitStatus() != QProcess::NormalExit || daemon.exitCode() != 0)
		throw BenchError(
			QStringLiteral("the daemon ended with %1 after SIGTERM:\n%2")
				.arg(daemon.exitStatus() == QProcess::NormalExit ? QStringLiteral("exit code %1").arg(daemon.exitCode())
																 : QStringLiteral("a crash"),
					output()));

	DaemonResult result;
	result.cpuPercent = double(ticks) / double(::sysconf(_SC_CLK_TCK)) / wallSeconds * 100;
	result.rssMb = double(rss) / 1024;
	print(QStringLiteral("Daemon polling 5 devices at 1 Hz for %1 s: CPU %2 % of one core, RSS %3 MB (target < %4 %, "
						 "< %5 MB; Modbus TCP to modbus_sim_tool, %6 clock ticks of utime + stime, VmRSS %7 kB)")
			  .arg(wallSeconds, 0, 'f', 0)
			  .arg(result.cpuPercent, 0, 'f', 3)
			  .arg(result.rssMb, 0, 'f', 1)
			  .arg(CpuTargetPercent)
			  .arg(RssTargetMb)
			  .arg(ticks)
			  .arg(rss));
	return result;
}

QString findExecutable(const QStringList &arguments, int index, const QString &compiled, const QString &relative)
{
	QString path = arguments.value(index);
	if (path.isEmpty() && !compiled.isEmpty() && QFileInfo::exists(compiled))
		path = compiled;
	if (path.isEmpty())
		path = QCoreApplication::applicationDirPath() + relative;
	if (!QFileInfo(path).isExecutable())
		throw BenchError(QStringLiteral("no executable at %1; pass its path as argument %2").arg(path).arg(index));
	return QFileInfo(path).absoluteFilePath();
}

int daemonSeconds()
{
	const QByteArray value = qgetenv("PVROUTER_BENCH_DAEMON_SECONDS");
	if (value.isEmpty())
		return DefaultDaemonSeconds;
	bool ok = false;
	const int seconds = value.toInt(&ok);
	if (!ok || seconds <= 0)
		throw BenchError(QStringLiteral("PVROUTER_BENCH_DAEMON_SECONDS=%1 is not a positive number of seconds")
							 .arg(QString::fromLocal8Bit(value)));
	return seconds;
}

} // namespace

int main(int argc, char *argv[])
{
	QCoreApplication app(argc, argv);
	try {
		const QStringList arguments = QCoreApplication::arguments();
#ifdef PVROUTER_DAEMON_PATH
		const QString compiledDaemon = QStringLiteral(PVROUTER_DAEMON_PATH);
#else
		const QString compiledDaemon;
#endif
#ifdef PVROUTER_SIM_TOOL_PATH
		const QString compiledSim = QStringLiteral(PVROUTER_SIM_TOOL_PATH);
#else
		const QString compiledSim;
#endif
		const QString daemonPath =
			findExecutable(arguments, 1, compiledDaemon, QStringLiteral("/../src/dbus-pvrouter"));
		const QString simPath =
			findExecutable(arguments, 2, compiledSim, QStringLiteral("/../tests/integration/modbus_sim_tool"));
		const int seconds = daemonSeconds();

		benchLine();
		const DaemonResult daemon = benchDaemon(daemonPath, simPath, seconds);

		QStringList missed;
		if (daemon.cpuPercent >= CpuTargetPercent)
			missed.append(
				QStringLiteral("daemon CPU %1 % >= %2 %").arg(daemon.cpuPercent, 0, 'f', 3).arg(CpuTargetPercent));
		if (daemon.rssMb >= RssTargetMb)
			missed.append(QStringLiteral("daemon RSS %1 MB >= %2 MB").arg(daemon.rssMb, 0, 'f', 1).arg(RssTargetMb));
		print(missed.isEmpty() ? QStringLiteral("bench: ok")
							   : QStringLiteral("bench: target missed: ") + missed.join(QStringLiteral("; ")));
	} catch (const BenchError &e) {
		std::fprintf(stderr, "bench: failed: %s\n", e.what());
		return 1;
	}
	return 0;
}
