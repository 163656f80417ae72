// Runs pvrouter's HTTP device simulators (the Shelly meters) in a process of their own, for tests that drive the
// real daemon. Commands, one per line on stdin; each answers one line on stdout ("ok", a value, or "error: ...").
//   add <name> em|3em|proem|pro3em              start a simulated meter on 127.0.0.1, answers "port <n>"
//   set <name> <channel> <quantity> <value>     voltage, current, power (W, negative: returned), pf, frequency,
//                                               import, export (Wh, the meter's counters)
//   fault <name> none|silent|slow|401|500|truncated|malformed|types
//   slow <name> <ms>                            how late a slow answer comes (1500 ms unless set)
//   credentials <name> <username> <password>    gen1: HTTP Basic on everything but /shelly; "-" for none
//   gen2auth <name> on|off                      gen2: authentication on (a SHA-256 Digest challenge)
//   profile <name> triphase|monophase|legacy    pro3em: its profile (legacy: firmware before profiles)
//   keepalive <name> 0|1                        1 (the default): HTTP keep-alive; 0: one request per connection
//   requests <name>                             how many requests it has read
// EOF on stdin ends it.
#include "sim/shelly_gen1_em_sim.h"
#include "sim/shelly_gen2_em_sim.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>

#include <map>
#include <memory>
#include <unistd.h>

using namespace pvrouter;

namespace {

class HttpSimTool : public QObject
{
public:
	HttpSimTool() : m_stdin(STDIN_FILENO, QSocketNotifier::Read)
	{
		connect(&m_stdin, &QSocketNotifier::activated, this, &HttpSimTool::onReadable);
	}

private:
	void onReadable()
	{
		char buffer[4096];
		const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
		if (n <= 0) {
			QCoreApplication::quit();
			return;
		}
		m_pending.append(buffer, n);
		qsizetype end;
		while ((end = m_pending.indexOf('\n')) >= 0) {
			const QString line = QString::fromUtf8(m_pending.left(end)).trimmed();
			m_pending.remove(0, end + 1);
			QTextStream(stdout) << run(line.split(QLatin1Char(' '), Qt::SkipEmptyParts)) << Qt::endl;
		}
	}

	static QString error(const QString &message) { return QStringLiteral("error: ") + message; }

	QString add(const QString &name, const QString &model)
	{
		std::unique_ptr<ShellySim> sim;
		if (model == QLatin1String("em"))
			sim = std::make_unique<ShellyGen1EmSim>(ShellyGen1EmSim::Model::Em);
		else if (model == QLatin1String("3em"))
			sim = std::make_unique<ShellyGen1EmSim>(ShellyGen1EmSim::Model::Em3);
		else if (model == QLatin1String("proem"))
			sim = std::make_unique<ShellyGen2EmSim>(ShellyGen2EmSim::Model::ProEm);
		else if (model == QLatin1String("pro3em"))
			sim = std::make_unique<ShellyGen2EmSim>(ShellyGen2EmSim::Model::Pro3Em);
		else
			return error(QStringLiteral("unknown model ") + model);
		QString message;
		if (!sim->listen(&message))
			return error(message);
		const quint16 port = sim->port();
		m_sims[name] = std::move(sim);
		return QStringLiteral("port %1").arg(port);
	}

	static bool set(ShellySim *sim, int channel, const QString &quantity, double value)
	{
		using Q = ShellySim::Quantity;
		static const std::map<QString, Q> quantities = {{QStringLiteral("voltage"), Q::VoltageV},
			{QStringLiteral("current"), Q::CurrentA}, {QStringLiteral("power"), Q::PowerW},
			{QStringLiteral("pf"), Q::PowerFactor}, {QStringLiteral("frequency"), Q::FrequencyHz},
			{QStringLiteral("import"), Q::EnergyForwardWh}, {QStringLiteral("export"), Q::EnergyReverseWh}};
		const auto q = quantities.find(quantity);
		if (q == quantities.end() || channel < 0 || channel >= sim->channelCount())
			return false;
		sim->set(channel, q->second, value);
		return true;
	}

	QString run(const QStringList &args)
	{
		const QString command = args.value(0);
		if (command == QLatin1String("add") && args.size() == 3)
			return add(args[1], args[2]);
		const auto it = m_sims.find(args.value(1));
		if (it == m_sims.end())
			return error(QStringLiteral("no simulator '%1'").arg(args.value(1)));
		ShellySim *sim = it->second.get();
		auto *gen1 = dynamic_cast<ShellyGen1EmSim *>(sim);
		auto *gen2 = dynamic_cast<ShellyGen2EmSim *>(sim);
		const QString ok = QStringLiteral("ok");

		if (command == QLatin1String("set") && args.size() == 5)
			return set(sim, args[2].toInt(), args[3], args[4].toDouble()) ? ok : error(QStringLiteral("cannot set"));
		if (command == QLatin1String("fault") && args.size() == 3) {
			static const std::map<QString, SimHttpFault> faults = {{QStringLiteral("none"), SimHttpFault::None},
				{QStringLiteral("silent"), SimHttpFault::NoAnswer}, {QStringLiteral("slow"), SimHttpFault::Slow},
				{QStringLiteral("401"), SimHttpFault::Unauthorized}, {QStringLiteral("500"), SimHttpFault::ServerError},
				{QStringLiteral("truncated"), SimHttpFault::TruncatedBody},
				{QStringLiteral("malformed"), SimHttpFault::MalformedJson},
				{QStringLiteral("types"), SimHttpFault::WrongTypes}};
			const auto fault = faults.find(args[2]);
			if (fault == faults.end())
				return error(QStringLiteral("unknown fault ") + args[2]);
			sim->server().setFault(fault->second);
			return ok;
		}
		if (command == QLatin1String("slow") && args.size() == 3) {
			sim->server().setSlowDelay(std::chrono::milliseconds(args[2].toInt()));
			return ok;
		}
		if (command == QLatin1String("credentials") && args.size() == 4 && gen1) {
			gen1->setCredentials(args[2] == QLatin1String("-") ? QString() : args[2], args[3]);
			return ok;
		}
		if (command == QLatin1String("gen2auth") && args.size() == 3 && gen2) {
			gen2->setAuthEnabled(args[2] == QLatin1String("on"));
			return ok;
		}
		if (command == QLatin1String("profile") && args.size() == 3 && gen2) {
			static const std::map<QString, ShellyGen2EmSim::Profile> profiles = {
				{QStringLiteral("triphase"), ShellyGen2EmSim::Profile::Triphase},
				{QStringLiteral("monophase"), ShellyGen2EmSim::Profile::Monophase},
				{QStringLiteral("legacy"), ShellyGen2EmSim::Profile::Legacy}};
			const auto profile = profiles.find(args[2]);
			if (profile == profiles.end())
				return error(QStringLiteral("unknown profile ") + args[2]);
			gen2->setProfile(profile->second);
			return ok;
		}
		if (command == QLatin1String("keepalive") && args.size() == 3) {
			sim->server().setKeepAlive(args[2] != QLatin1String("0"));
			return ok;
		}
		if (command == QLatin1String("requests") && args.size() == 2)
			return QString::number(sim->server().requestCount());
		return error(QStringLiteral("cannot parse '%1'").arg(args.join(QLatin1Char(' '))));
	}

	QSocketNotifier m_stdin;
	QByteArray m_pending;
	std::map<QString, std::unique_ptr<ShellySim>> m_sims;
};

} // namespace

int main(int argc, char *argv[])
{
	QCoreApplication app(argc, argv);
	HttpSimTool tool;
	return app.exec();
}
