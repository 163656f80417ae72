// Runs pvrouter's Modbus device simulators in a process of their own, for tests and benchmarks that drive the
// real daemon. Commands, one per line on stdin; each answers one line on stdout ("ok", a value, or "error: ...").
//   tcp                           listen on 127.0.0.1, answers "port <n>"
//   rtu <tty>                     serve a pty end at 9600 8N1
//   add <unit> pzem016            attach a simulated device
//   set <unit> <quantity> <value> voltage, current, power, energy (Wh), frequency, pf
//   fault <unit> none|silent|garbage|badcrc|exception|slow
// EOF on stdin ends it.
#include "sim/modbus_sim_bus.h"
#include "sim/pzem016_sim.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>

#include <map>
#include <memory>
#include <unistd.h>

using namespace pvrouter;

namespace {

class SimTool : public QObject
{
public:
	SimTool() : m_stdin(STDIN_FILENO, QSocketNotifier::Read)
	{
		connect(&m_stdin, &QSocketNotifier::activated, this, &SimTool::onReadable);
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

	QString run(const QStringList &args)
	{
		QString error;
		const QString command = args.value(0);
		if (command == QLatin1String("tcp") && args.size() == 1)
			return m_bus.listenTcp(&error) ? QStringLiteral("port %1").arg(m_bus.tcpPort())
										   : QStringLiteral("error: ") + error;
		if (command == QLatin1String("rtu") && args.size() == 2)
			return m_bus.openRtu(args[1], 9600, QSerialPort::NoParity, QSerialPort::OneStop, &error)
				? QStringLiteral("ok")
				: QStringLiteral("error: ") + error;
		const quint8 unit = quint8(args.value(1).toUInt());
		if (command == QLatin1String("add") && args.size() == 3 && args[2] == QLatin1String("pzem016")) {
			auto &meter = m_meters[unit];
			meter = std::make_unique<Pzem016Sim>();
			m_bus.attach(unit, meter.get());
			return QStringLiteral("ok");
		}
		if (command != QLatin1String("set") && command != QLatin1String("fault"))
			return QStringLiteral("error: cannot parse '%1'").arg(args.join(QLatin1Char(' ')));
		Pzem016Sim *meter = m_meters.count(unit) ? m_meters[unit].get() : nullptr;
		if (!meter)
			return QStringLiteral("error: no device at unit %1").arg(unit);
		if (command == QLatin1String("set") && args.size() == 4) {
			const QString quantity = args[2];
			const double v = args[3].toDouble();
			if (quantity == QLatin1String("voltage"))
				meter->setVoltageV(v);
			else if (quantity == QLatin1String("current"))
				meter->setCurrentA(v);
			else if (quantity == QLatin1String("power"))
				meter->setPowerW(v);
			else if (quantity == QLatin1String("energy"))
				meter->setEnergyWh(v);
			else if (quantity == QLatin1String("frequency"))
				meter->setFrequencyHz(v);
			else if (quantity == QLatin1String("pf"))
				meter->setPowerFactor(v);
			else
				return QStringLiteral("error: unknown quantity ") + quantity;
			return QStringLiteral("ok");
		}
		if (command == QLatin1String("fault") && args.size() == 3) {
			static const std::map<QString, SimFault> faults = {{QStringLiteral("none"), SimFault::None},
				{QStringLiteral("silent"), SimFault::Silent}, {QStringLiteral("garbage"), SimFault::Garbage},
				{QStringLiteral("badcrc"), SimFault::BadCrc}, {QStringLiteral("exception"), SimFault::Exception},
				{QStringLiteral("slow"), SimFault::Slow}};
			const auto fault = faults.find(args[2]);
			if (fault == faults.end())
				return QStringLiteral("error: unknown fault ") + args[2];
			meter->setFault(fault->second);
			return QStringLiteral("ok");
		}
		return QStringLiteral("error: cannot parse '%1'").arg(args.join(QLatin1Char(' ')));
	}

	QSocketNotifier m_stdin;
	QByteArray m_pending;
	ModbusSimBus m_bus;
	std::map<quint8, std::unique_ptr<Pzem016Sim>> m_meters;
};

} // namespace

int main(int argc, char *argv[])
{
	QCoreApplication app(argc, argv);
	SimTool tool;
	return app.exec();
}
