// Runs pvrouter's Modbus device simulators in a process of their own, for tests and benchmarks that drive the
// real daemon. Commands, one per line on stdin; each answers one line on stdout ("ok", a value, or "error: ...").
//   tcp                           listen on 127.0.0.1, answers "port <n>"
//   rtu <tty>                     serve a pty end at 9600 8N1
//   add <unit> <type>             attach a simulated device: pzem016, pzem017, sdm230, heizstab or growatt
//   set <unit> <quantity> <value> pzem016, pzem017: voltage, current, power, energy (Wh); pzem016: frequency, pf
//                                 sdm230: voltage, current, power, import, export (kWh), frequency, pf
//                                 heizstab: temperature, sensorfault 0|1, forceon 0|1
//                                 growatt: pv (W available), nominal (W), total (kWh), status 0|1|3
//   get <unit> applied            heizstab: the power its relays switch, in W
//   fault <unit> none|silent|garbage|badcrc|exception|slow
// EOF on stdin ends it.
#include "sim/growatt_sim.h"
#include "sim/heizstab_sim.h"
#include "sim/modbus_sim_bus.h"
#include "sim/pzem016_sim.h"
#include "sim/pzem017_sim.h"
#include "sim/sdm230_sim.h"

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
		if (command == QLatin1String("add") && args.size() == 3) {
			std::unique_ptr<SimModbusDevice> device;
			if (args[2] == QLatin1String("pzem016"))
				device = std::make_unique<Pzem016Sim>();
			else if (args[2] == QLatin1String("pzem017"))
				device = std::make_unique<Pzem017Sim>();
			else if (args[2] == QLatin1String("growatt"))
				device = std::make_unique<GrowattSim>();
			else if (args[2] == QLatin1String("sdm230"))
				device = std::make_unique<Sdm230Sim>();
			else if (args[2] == QLatin1String("heizstab"))
				device = std::make_unique<HeizstabSim>();
			else
				return QStringLiteral("error: unknown type ") + args[2];
			m_bus.attach(unit, device.get());
			m_devices[unit] = std::move(device);
			return QStringLiteral("ok");
		}
		if (command != QLatin1String("set") && command != QLatin1String("get") && command != QLatin1String("fault"))
			return QStringLiteral("error: cannot parse '%1'").arg(args.join(QLatin1Char(' ')));
		SimModbusDevice *device = m_devices.count(unit) ? m_devices[unit].get() : nullptr;
		if (!device)
			return QStringLiteral("error: no device at unit %1").arg(unit);
		if (command == QLatin1String("set") && args.size() == 4)
			return set(device, args[2], args[3].toDouble()) ? QStringLiteral("ok")
															: QStringLiteral("error: cannot set ") + args[2];
		if (command == QLatin1String("get") && args.size() == 3 && args[2] == QLatin1String("applied")) {
			if (auto *heater = dynamic_cast<HeizstabSim *>(device))
				return QString::number(heater->appliedPowerW());
		}
		if (command == QLatin1String("fault") && args.size() == 3) {
			static const std::map<QString, SimFault> faults = {{QStringLiteral("none"), SimFault::None},
				{QStringLiteral("silent"), SimFault::Silent}, {QStringLiteral("garbage"), SimFault::Garbage},
				{QStringLiteral("badcrc"), SimFault::BadCrc}, {QStringLiteral("exception"), SimFault::Exception},
				{QStringLiteral("slow"), SimFault::Slow}};
			const auto fault = faults.find(args[2]);
			if (fault == faults.end())
				return QStringLiteral("error: unknown fault ") + args[2];
			device->setFault(fault->second);
			return QStringLiteral("ok");
		}
		return QStringLiteral("error: cannot parse '%1'").arg(args.join(QLatin1Char(' ')));
	}

	static bool set(SimModbusDevice *device, const QString &quantity, double v)
	{
		if (auto *meter = dynamic_cast<PzemSim *>(device)) {
			const std::map<QString, void (PzemSim::*)(double)> setters = {
				{QStringLiteral("voltage"), &PzemSim::setVoltageV}, {QStringLiteral("current"), &PzemSim::setCurrentA},
				{QStringLiteral("power"), &PzemSim::setPowerW}, {QStringLiteral("energy"), &PzemSim::setEnergyWh}};
			const auto setter = setters.find(quantity);
			if (setter != setters.end()) {
				(meter->*setter->second)(v);
				return true;
			}
			auto *ac = dynamic_cast<Pzem016Sim *>(device);
			if (ac && quantity == QLatin1String("frequency"))
				ac->setFrequencyHz(v);
			else if (ac && quantity == QLatin1String("pf"))
				ac->setPowerFactor(v);
			else
				return false;
			return true;
		}
		if (auto *inverter = dynamic_cast<GrowattSim *>(device)) {
			if (quantity == QLatin1String("pv"))
				inverter->setPvPowerW(v);
			else if (quantity == QLatin1String("nominal"))
				inverter->setNominalPowerW(v);
			else if (quantity == QLatin1String("total"))
				inverter->setEnergyTotalKWh(v);
			else if (quantity == QLatin1String("status"))
				inverter->setStatus(GrowattSim::Status(int(v)));
			else
				return false;
			return true;
		}
		if (auto *meter = dynamic_cast<Sdm230Sim *>(device)) {
			using SQ = Sdm230Sim::Quantity;
			const std::map<QString, SQ> quantities = {{QStringLiteral("voltage"), SQ::VoltageV},
				{QStringLiteral("current"), SQ::CurrentA}, {QStringLiteral("power"), SQ::ActivePowerW},
				{QStringLiteral("import"), SQ::ImportEnergyKWh}, {QStringLiteral("export"), SQ::ExportEnergyKWh},
				{QStringLiteral("frequency"), SQ::FrequencyHz}, {QStringLiteral("pf"), SQ::PowerFactor}};
			const auto q = quantities.find(quantity);
			if (q == quantities.end())
				return false;
			meter->set(q->second, v);
			return true;
		}
		if (auto *heater = dynamic_cast<HeizstabSim *>(device)) {
			if (quantity == QLatin1String("temperature"))
				heater->setTemperatureC(v);
			else if (quantity == QLatin1String("sensorfault"))
				heater->setSensorFault(v != 0);
			else if (quantity == QLatin1String("forceon"))
				heater->setForceOn(v != 0);
			else
				return false;
			return true;
		}
		return false;
	}

	QSocketNotifier m_stdin;
	QByteArray m_pending;
	ModbusSimBus m_bus;
	std::map<quint8, std::unique_ptr<SimModbusDevice>> m_devices;
};

} // namespace

int main(int argc, char *argv[])
{
	QCoreApplication app(argc, argv);
	SimTool tool;
	return app.exec();
}
