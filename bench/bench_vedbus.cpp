// The costs of the vedbus layer, measured on the session bus, which must be a private one: tools/bench runs this
// under dbus-run-session. Times are wall-clock means. Prints one result a line, then "bench: ok" or
// "bench: target missed: ..."; exits non-zero only when a measurement could not be made.
//
// Usage: bench_vedbus [path/to/dbus-pvrouter]
#include "vedbus/bus_address.h"
#include "vedbus/mandatory_paths.h"
#include "vedbus/text_format.h"
#include "vedbus/ve_service.h"
#include "vedbus/ve_value.h"

#include <QCoreApplication>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <stdexcept>

#include "bench_support.h"

using namespace pvrouter;

namespace {

const QString BusItem = QStringLiteral("com.victronenergy.BusItem");
const QString ServerName = QStringLiteral("com.victronenergy.grid.pvrouter_bench_server");
const QString BuildName = QStringLiteral("com.victronenergy.grid.pvrouter_bench_build");
const QString SignalsName = QStringLiteral("com.victronenergy.grid.pvrouter_bench_signals");
const QString SettingsName = QStringLiteral("com.victronenergy.settings");
// The daemon creates its settings once the embedded settings service is up: when this answers, it is ready.
const QString ReadyProbe = QStringLiteral("/Settings/PvRouter/Heater/Mode");

constexpr int PathCount = 200;
constexpr int ChangedCount = 100;
constexpr int GetValueMs = 2000;
constexpr int WarmUpCalls = 200;
constexpr int BuildRuns = 1000;
constexpr int GetItemsCalls = 200;
constexpr int BatchRounds = 200;
constexpr int DaemonIdleMs = 1000;
constexpr int TimeoutMs = 10000;
constexpr double GetItemsTargetMs = 2;
constexpr double RssTargetMb = 10; // MB of 1024 kB, as /proc counts kB

double toMs(qint64 ns)
{
	return double(ns) / 1e6;
}

QDBusMessage call(const QDBusConnection &bus, const QString &service, const QString &path, const QString &method)
{
	const QDBusMessage reply = bus.call(QDBusMessage::createMethodCall(service, path, BusItem, method));
	if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
		throw BenchError(QStringLiteral("%1 %2 on %3 failed: %4").arg(method, path, service, reply.errorMessage()));
	return reply;
}

VeItemMap getItems(const QDBusConnection &bus, const QString &service)
{
	const VeItemMap items = qdbus_cast<VeItemMap>(
		call(bus, service, QStringLiteral("/"), QStringLiteral("GetItems")).arguments().constFirst());
	if (items.size() != PathCount)
		throw BenchError(
			QStringLiteral("GetItems on %1 returned %2 paths, not %3").arg(service).arg(items.size()).arg(PathCount));
	return items;
}

// Roughly what a three-phase meter with PV trackers publishes: the mandatory paths, then doubles with units and
// a few integers and strings, PathCount in all. Returns the paths that hold doubles.
QStringList populate(VeService &service)
{
	DeviceIdentity id;
	id.processName = QStringLiteral("bench_vedbus");
	id.processVersion = QStringLiteral(PVROUTER_VERSION);
	id.connection = QStringLiteral("Modbus RTU ttyUSB0:1");
	id.deviceInstance = 40;
	id.productId = 0xB023;
	id.productName = QStringLiteral("Bench meter");
	id.firmwareVersion = QStringLiteral("v1.00");
	id.serial = QStringLiteral("BENCH0001");
	addMandatoryPaths(service, id);

	QStringList doubles;
	const auto full = [&service] {
		return service.paths().size() >= PathCount;
	};
	const auto addDouble = [&](const QString &path, double value, int decimals, const char *unit) {
		if (full())
			return;
		service.addPath(path, value, TextFormat::number(decimals, QString::fromLatin1(unit)));
		doubles.append(path);
	};
	addDouble(QStringLiteral("/Ac/Power"), 3456.7, 0, "W");
	addDouble(QStringLiteral("/Ac/Energy/Forward"), 1234.56, 2, "kWh");
	addDouble(QStringLiteral("/Ac/Energy/Reverse"), 789.01, 2, "kWh");
	for (int phase = 1; phase <= 3; ++phase) {
		const QString ac = QStringLiteral("/Ac/L%1/").arg(phase);
		addDouble(ac + QLatin1String("Power"), 1152.2 + phase, 0, "W");
		addDouble(ac + QLatin1String("Voltage"), 230.1 + phase, 1, "V");
		addDouble(ac + QLatin1String("Current"), 5.01 + phase, 1, "A");
		addDouble(ac + QLatin1String("Frequency"), 50.01, 2, "Hz");
		addDouble(ac + QLatin1String("Energy/Forward"), 411.5 + phase, 2, "kWh");
		addDouble(ac + QLatin1String("Energy/Reverse"), 263.3 + phase, 2, "kWh");
	}
	service.addPath(QStringLiteral("/ErrorCode"), 0);
	service.addPath(QStringLiteral("/State"), 3);
	service.addPath(QStringLiteral("/Position"), 0);
	for (int n = 0; !full(); ++n) {
		const QString pv = QStringLiteral("/Pv/%1/").arg(n);
		addDouble(pv + QLatin1String("V"), 412.3 + n, 1, "V");
		addDouble(pv + QLatin1String("I"), 7.8, 1, "A");
		addDouble(pv + QLatin1String("P"), 3215.9 - n, 0, "W");
		addDouble(pv + QLatin1String("Yield"), 1234.56 + n, 2, "kWh");
		if (!full())
			service.addPath(pv + QLatin1String("Name"), QStringLiteral("String %1").arg(n + 1));
		if (!full())
			service.addPath(pv + QLatin1String("State"), 3);
	}
	if (doubles.size() < ChangedCount)
		throw BenchError(QStringLiteral("only %1 double paths to change").arg(doubles.size()));
	return doubles;
}

// Registers a service, in whatever thread it lives, and waits until it owns its name.
void registerAndWait(VeService *service)
{
	bool done = false;
	QString error;
	QObject context;
	QObject::connect(service, &VeService::registered, &context, [&done] { done = true; });
	QObject::connect(service, &VeService::registrationFailed, &context, [&done, &error](const QString &e) {
		error = e;
		done = true;
	});
	QMetaObject::invokeMethod(
		service, [service] { service->registerOn(*BusAddress::parse(QStringLiteral("session"))); });
	if (!waitFor([&done] { return done; }, TimeoutMs))
		throw BenchError(QStringLiteral("%1 did not register within %2 ms").arg(service->serviceName()).arg(TimeoutMs));
	if (!error.isEmpty())
		throw BenchError(error);
}

// The service the blocking client calls: QtDBus hands a call to the thread its object lives in, so a service in
// the main thread could never answer the main thread's blocking calls.
class ServerThread
{
public:
	ServerThread() : m_service(new VeService(ServerName))
	{
		populate(*m_service);
		m_paths = m_service->paths();
		m_service->moveToThread(&m_thread);
		QObject::connect(&m_thread, &QThread::finished, m_service, &QObject::deleteLater);
		m_thread.start();
	}
	~ServerThread()
	{
		m_thread.quit();
		m_thread.wait();
	}
	ServerThread(const ServerThread &) = delete;
	ServerThread &operator=(const ServerThread &) = delete;

	VeService *service() const { return m_service; }
	const QStringList &paths() const { return m_paths; }

private:
	QThread m_thread;
	VeService *m_service;
	QStringList m_paths;
};

// Counts what a subscription delivers; QDBusConnection::connect takes slots only by name.
class ItemsChangedCounter : public QObject
{
	Q_OBJECT
public:
	int count() const { return m_count; }
	qsizetype lastSize() const { return m_lastSize; }

public Q_SLOTS:
	void onItemsChanged(const QDBusMessage &message)
	{
		++m_count;
		// Decoded as a consumer would, so the delivery time includes it.
		m_lastSize = qdbus_cast<VeItemMap>(message.arguments().value(0)).size();
	}

private:
	int m_count = 0;
	qsizetype m_lastSize = 0;
};

// a. Synchronous GetValue calls on every path in turn, from the client connection to the server thread.
void benchGetValue(const QDBusConnection &client, const ServerThread &server)
{
	const QStringList &paths = server.paths();
	const QString text = call(client, ServerName, QStringLiteral("/Ac/L1/Power"), QStringLiteral("GetText"))
							 .arguments()
							 .constFirst()
							 .toString();
	if (text != QLatin1String("1153 W"))
		throw BenchError(QStringLiteral("GetText /Ac/L1/Power answered \"%1\", not \"1153 W\"").arg(text));
	for (int i = 0; i < WarmUpCalls; ++i)
		call(client, ServerName, paths.at(i % paths.size()), QStringLiteral("GetValue"));

	qint64 calls = 0;
	QElapsedTimer clock;
	clock.start();
	while (clock.elapsed() < GetValueMs) {
		call(client, ServerName, paths.at(calls % paths.size()), QStringLiteral("GetValue"));
		++calls;
	}
	const double seconds = double(clock.nsecsElapsed()) / 1e9;
	print(QStringLiteral("GetValue round trips: %1/s (%2 paths, %3 synchronous calls in %4 s)")
			  .arg(qRound64(double(calls) / seconds))
			  .arg(paths.size())
			  .arg(calls)
			  .arg(seconds, 0, 'f', 2));
}

// b, client side: GetItems as a consumer sees it, with and without decoding the answer.
void benchGetItemsRoundTrip(const QDBusConnection &client)
{
	getItems(client, ServerName);
	QElapsedTimer clock;
	clock.start();
	for (int i = 0; i < GetItemsCalls; ++i)
		call(client, ServerName, QStringLiteral("/"), QStringLiteral("GetItems"));
	const double callMs = toMs(clock.nsecsElapsed()) / GetItemsCalls;
	clock.restart();
	for (int i = 0; i < GetItemsCalls; ++i)
		getItems(client, ServerName);
	const double decodedMs = toMs(clock.nsecsElapsed()) / GetItemsCalls;
	print(QStringLiteral("GetItems round trip: %1 ms (%2 paths, call to reply; mean of %3); %4 ms with the client "
						 "decoding the answer")
			  .arg(callMs, 0, 'f', 3)
			  .arg(PathCount)
			  .arg(GetItemsCalls)
			  .arg(decodedMs, 0, 'f', 3));
}

// b. The server's share of GetItems: building the map, and building plus marshalling it into a D-Bus message the
// way a reply is (QDBusArgument default-constructs onto a libdbus message). Returns the latter in ms.
double benchGetItemsServer()
{
	VeService service(BuildName);
	populate(service);

	qsizetype sink = 0;
	for (int i = 0; i < BuildRuns / 10; ++i)
		sink += service.items().size();
	sink = 0;
	QElapsedTimer clock;
	clock.start();
	for (int i = 0; i < BuildRuns; ++i)
		sink += service.items().size();
	const double buildMs = toMs(clock.nsecsElapsed()) / BuildRuns;
	if (sink != qsizetype(BuildRuns) * PathCount)
		throw BenchError(
			QStringLiteral("VeService::items() returned %1 entries over %2 runs").arg(sink).arg(BuildRuns));

	{
		QDBusArgument argument;
		argument << service.items();
		if (argument.currentSignature() != QLatin1String("a{sa{sv}}"))
			throw BenchError(QStringLiteral("GetItems marshals as %1").arg(argument.currentSignature()));
	}
	clock.restart();
	for (int i = 0; i < BuildRuns; ++i) {
		QDBusArgument argument;
		argument << service.items();
	}
	const double serverMs = toMs(clock.nsecsElapsed()) / BuildRuns;

	print(QStringLiteral("GetItems server time (build): %1 ms (%2 paths, VeService::items(), mean of %3)")
			  .arg(buildMs, 0, 'f', 3)
			  .arg(PathCount)
			  .arg(BuildRuns));
	print(QStringLiteral("GetItems server time (build + marshal): %1 ms (%2 paths, mean of %3) target < %4 ms")
			  .arg(serverMs, 0, 'f', 3)
			  .arg(PathCount)
			  .arg(BuildRuns)
			  .arg(GetItemsTargetMs));
	return serverMs;
}

// c. setValue on ChangedCount paths and flush(), which marshals and queues one ItemsChanged and a
// PropertiesChanged per path; QtDBus writes them to the socket from its own thread. A subscriber on the client
// connection also times delivery of the ItemsChanged.
void benchBatch(QDBusConnection &client)
{
	VeService service(SignalsName);
	const QStringList changed = populate(service).mid(0, ChangedCount);
	registerAndWait(&service);

	ItemsChangedCounter counter;
	if (!client.connect(SignalsName, QStringLiteral("/"), BusItem, QStringLiteral("ItemsChanged"), &counter,
			SLOT(onItemsChanged(QDBusMessage))))
		throw BenchError(QStringLiteral("cannot subscribe to ItemsChanged: %1").arg(client.lastError().message()));

	int generation = 0;
	const auto changeAll = [&] {
		++generation;
		for (qsizetype i = 0; i < changed.size(); ++i)
			service.setValue(changed.at(i), generation * 1000.0 + double(i) + 0.5);
		service.flush();
	};
	// The subscription reaches the bus asynchronously; change until it delivers, then let stragglers arrive.
	bool subscribed = false;
	for (int i = 0; i < 50 && !subscribed; ++i) {
		changeAll();
		subscribed = waitFor([&counter] { return counter.count() > 0; }, 100);
	}
	if (!subscribed)
		throw BenchError(QStringLiteral("the ItemsChanged subscription never delivered"));
	idle(100);

	const int first = counter.count();
	qint64 flushNs = 0;
	qint64 deliveredNs = 0;
	for (int round = 0; round < BatchRounds; ++round) {
		const int before = counter.count();
		QElapsedTimer clock;
		clock.start();
		changeAll();
		flushNs += clock.nsecsElapsed();
		if (!waitFor([&counter, before] { return counter.count() > before; }, TimeoutMs))
			throw BenchError(
				QStringLiteral("ItemsChanged of round %1 not delivered within %2 ms").arg(round).arg(TimeoutMs));
		deliveredNs += clock.nsecsElapsed();
	}
	idle(100);
	if (counter.count() - first != BatchRounds || counter.lastSize() != ChangedCount)
		throw BenchError(QStringLiteral("expected %1 ItemsChanged of %2 paths, got %3, the last of %4 paths")
							 .arg(BatchRounds)
							 .arg(ChangedCount)
							 .arg(counter.count() - first)
							 .arg(counter.lastSize()));

	print(QStringLiteral("Batched ItemsChanged of %1 paths: %2 ms (setValue x%1 + flush(): 1 ItemsChanged + %1 "
						 "PropertiesChanged; mean of %3); %4 ms until a subscriber has decoded it")
			  .arg(ChangedCount)
			  .arg(toMs(flushNs) / BatchRounds, 0, 'f', 3)
			  .arg(BatchRounds)
			  .arg(toMs(deliveredNs) / BatchRounds, 0, 'f', 3));
}

// d. The daemon with its embedded settings, once ready and idle. Returns VmRSS in MB.
double benchDaemonRss(const QDBusConnection &client, const QString &daemonPath)
{
	if (client.interface()->isServiceRegistered(SettingsName))
		throw BenchError(
			QStringLiteral("%1 is already on this bus: run on a private bus (tools/bench)").arg(SettingsName));
	QTemporaryDir dataDir;
	if (!dataDir.isValid())
		throw BenchError(QStringLiteral("cannot create a temporary directory: %1").arg(dataDir.errorString()));

	QProcess daemon;
	daemon.setProcessChannelMode(QProcess::MergedChannels);
	daemon.start(daemonPath,
		{QStringLiteral("--dbus"), QStringLiteral("session"), QStringLiteral("--settings"), QStringLiteral("embedded"),
			QStringLiteral("--data-dir"), dataDir.path()});
	if (!daemon.waitForStarted(TimeoutMs))
		throw BenchError(QStringLiteral("cannot start %1: %2").arg(daemonPath, daemon.errorString()));
	const auto output = [&daemon] {
		return QString::fromLocal8Bit(daemon.readAll());
	};

	const bool ready = waitFor(
		[&] {
			if (daemon.state() != QProcess::Running)
				return true;
			if (!client.interface()->isServiceRegistered(SettingsName))
				return false;
			const QDBusMessage reply = client.call(
				QDBusMessage::createMethodCall(SettingsName, ReadyProbe, BusItem, QStringLiteral("GetValue")));
			return reply.type() == QDBusMessage::ReplyMessage;
		},
		TimeoutMs);
	if (daemon.state() != QProcess::Running)
		throw BenchError(
			QStringLiteral("the daemon exited with %1 before it was ready:\n%2").arg(daemon.exitCode()).arg(output()));
	if (!ready)
		throw BenchError(QStringLiteral("the daemon did not publish %1 %2 within %3 ms:\n%4")
							 .arg(SettingsName, ReadyProbe)
							 .arg(TimeoutMs)
							 .arg(output()));

	idle(DaemonIdleMs);
	if (daemon.state() != QProcess::Running)
		throw BenchError(
			QStringLiteral("the daemon exited with %1 while idle:\n%2").arg(daemon.exitCode()).arg(output()));
	const Memory memory = readMemory(daemon.processId());

	daemon.terminate();
	if (!daemon.waitForFinished(TimeoutMs)) {
		daemon.kill();
		daemon.waitForFinished();
		throw BenchError(
			QStringLiteral("the daemon did not stop within %1 ms of SIGTERM:\n%2").arg(TimeoutMs).arg(output()));
	}
	if (daemon.exitStatus() != QProcess::NormalExit || daemon.exitCode() != 0)
		throw BenchError(
			QStringLiteral("the daemon ended with %1 after SIGTERM:\n%2")
				.arg(daemon.exitStatus() == QProcess::NormalExit ? QStringLiteral("exit code %1").arg(daemon.exitCode())
																 : QStringLiteral("a crash"),
					output()));

	const double rssMb = double(memory.rssKb) / 1024;
	print(QStringLiteral("Idle daemon RSS: %1 MB (VmRSS %2 kB: anonymous %3 kB, file %4 kB, shmem %5 kB; "
						 "%6 s after ready) target < %7 MB")
			  .arg(rssMb, 0, 'f', 1)
			  .arg(memory.rssKb)
			  .arg(memory.anonKb)
			  .arg(memory.fileKb)
			  .arg(memory.shmemKb)
			  .arg(DaemonIdleMs / 1000.0)
			  .arg(RssTargetMb));
	return rssMb;
}

QString findDaemon(const QStringList &arguments)
{
	QString path;
	if (arguments.size() > 1)
		path = arguments.at(1);
#ifdef PVROUTER_DAEMON_PATH
	if (path.isEmpty() && QFileInfo::exists(QStringLiteral(PVROUTER_DAEMON_PATH)))
		path = QStringLiteral(PVROUTER_DAEMON_PATH);
#endif
	if (path.isEmpty())
		path = QCoreApplication::applicationDirPath() + QStringLiteral("/../src/dbus-pvrouter");
	if (!QFileInfo(path).isExecutable())
		throw BenchError(QStringLiteral("no daemon at %1; pass its path as the first argument").arg(path));
	return QFileInfo(path).absoluteFilePath();
}

} // namespace

int main(int argc, char *argv[])
{
	QCoreApplication app(argc, argv);
	try {
		const QString daemonPath = findDaemon(QCoreApplication::arguments());
		QDBusConnection client =
			QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("bench-client"));
		if (!client.isConnected())
			throw BenchError(QStringLiteral("cannot connect to the session bus (run under dbus-run-session, see "
											"tools/bench): %1")
								 .arg(client.lastError().message()));

		double getItemsMs = 0;
		{
			ServerThread server;
			registerAndWait(server.service());
			benchGetValue(client, server);
			getItemsMs = benchGetItemsServer();
			benchGetItemsRoundTrip(client);
		}
		benchBatch(client);
		const double rssMb = benchDaemonRss(client, daemonPath);

		QStringList missed;
		if (getItemsMs >= GetItemsTargetMs)
			missed.append(
				QStringLiteral("GetItems server time %1 ms >= %2 ms").arg(getItemsMs, 0, 'f', 3).arg(GetItemsTargetMs));
		if (rssMb >= RssTargetMb)
			missed.append(QStringLiteral("idle daemon RSS %1 MB >= %2 MB").arg(rssMb, 0, 'f', 1).arg(RssTargetMb));
		print(missed.isEmpty() ? QStringLiteral("bench: ok")
							   : QStringLiteral("bench: target missed: ") + missed.join(QStringLiteral("; ")));
	} catch (const BenchError &e) {
		std::fprintf(stderr, "bench: failed: %s\n", e.what());
		return 1;
	}
	return 0;
}

#include "bench_vedbus.moc"
