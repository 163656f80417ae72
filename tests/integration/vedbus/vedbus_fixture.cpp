// Exports services through pvrouter's vedbus library for the independent conformance client
// (test_busitem_conformance.py). Every value type, a few writable paths, and test controls:
//   /Test/Burst   write N: /Burst/0../Burst/99 all become N in the same event-loop turn
//   /Test/Marker  write anything: a change that is sent after everything before it
//   /Test/Role    write a class ("temperature"): the second service re-registers as
//                 com.victronenergy.<class>.pvrouter_fixture2
//   /Test/LastWritten  "<path>=<value>" of the last accepted remote write, as the owner saw it
// With --service NAME it only tries to register NAME, and exits 1 when that fails.
#include "vedbus/mandatory_paths.h"
#include "vedbus/ve_service.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace pvrouter;

namespace {

const BusAddress Bus = *BusAddress::parse(QStringLiteral("session"));

void exitOnFailure(VeService *service)
{
	QObject::connect(service, &VeService::registrationFailed, qApp, [](const QString &error) {
		QTextStream(stderr) << error << Qt::endl;
		QCoreApplication::exit(1);
	});
}

void addEveryType(VeService &s)
{
	DeviceIdentity id;
	id.processName = QStringLiteral("vedbus_fixture");
	id.processVersion = QStringLiteral("1.0");
	id.connection = QStringLiteral("test");
	id.deviceInstance = 30;
	id.productId = 0xB023;
	id.productName = QStringLiteral("Fixture");
	id.firmwareVersion = QStringLiteral("v1.2");
	id.serial = QStringLiteral("F1");
	addMandatoryPaths(s, id);

	s.addPath(QStringLiteral("/Value/Int"), 42);
	s.addPath(QStringLiteral("/Value/Int64"), qlonglong(1) << 40);
	s.addPath(QStringLiteral("/Value/Double"), 12.345, TextFormat::number(2, QStringLiteral("kWh")));
	s.addPath(QStringLiteral("/Value/Bool"), true);
	s.addPath(QStringLiteral("/Value/String"), QStringLiteral("hello"));
	s.addPath(QStringLiteral("/Value/List"), QVariantList{1, QStringLiteral("a"), 2.5});
	s.addPath(QStringLiteral("/Value/EmptyList"), QVariantList{});
	s.addPath(QStringLiteral("/Value/Map"),
		QVariantMap{{QStringLiteral("a"), 1}, {QStringLiteral("b"), QStringLiteral("x")}});
	s.addPath(QStringLiteral("/Value/Invalid"));
	s.addPath(QStringLiteral("/Ac/Power"), 1234, TextFormat::number(0, QStringLiteral("W")));
	s.addPath(QStringLiteral("/Ac/L1/Power"), 1234.4, TextFormat::number(0, QStringLiteral("W")));
	s.addPath(QStringLiteral("/Ac/L1/Voltage"), 230.06, TextFormat::number(1, QStringLiteral("V")));
	s.addPath(QStringLiteral("/Write/Int"), 5)
		.setWritable(VeType::Int)
		.setRange(0, 10)
		.setDefault(3)
		.setDescription(QStringLiteral("An integer from 0 to 10"));
	s.addPath(QStringLiteral("/Write/Double"), 1.5, TextFormat::number(1, QStringLiteral("A")))
		.setWritable(VeType::Double);
	s.addPath(QStringLiteral("/Write/String"), QStringLiteral("abc")).setWritable(VeType::String);
	s.addPath(QStringLiteral("/Write/Even"), 2).setWritable(VeType::Int).setValidator([](const QVariant &v) {
		return v.toInt() % 2 == 0;
	});
	s.addPath(QStringLiteral("/Write/Any"), 1).setWritable();
	for (int i = 0; i < 100; ++i)
		s.addPath(QStringLiteral("/Burst/%1").arg(i), 0);
	s.addPath(QStringLiteral("/Test/Burst"), 0).setWritable(VeType::Int);
	s.addPath(QStringLiteral("/Test/Marker"), 0).setWritable();
	s.addPath(QStringLiteral("/Test/Role"), QStringLiteral("grid")).setWritable(VeType::String);
	s.addPath(QStringLiteral("/Test/LastWritten"), QString());
}

} // namespace

int main(int argc, char *argv[])
{
	QCoreApplication app(argc, argv);
	const QStringList args = app.arguments();

	if (args.size() == 3 && args.at(1) == QLatin1String("--service")) {
		auto *only = new VeService(args.at(2), &app);
		only->addPath(QStringLiteral("/Value/Int"), 1);
		exitOnFailure(only);
		only->registerOn(Bus);
		return app.exec();
	}

	VeService first(QStringLiteral("com.victronenergy.grid.pvrouter_fixture1"));
	VeService second(QStringLiteral("com.victronenergy.grid.pvrouter_fixture2"));
	addEveryType(first);
	second.addPath(QStringLiteral("/DeviceInstance"), 31);
	second.addPath(QStringLiteral("/Temperature"), 21.5, TextFormat::number(1, QStringLiteral("°C")));
	exitOnFailure(&first);
	exitOnFailure(&second);

	QObject::connect(&first, &VeService::valueWritten, &app, [&](const QString &path, const QVariant &value) {
		first.setValue(QStringLiteral("/Test/LastWritten"), path + QLatin1Char('=') + TextFormat::plain(value));
		if (path == QLatin1String("/Test/Burst")) {
			for (int i = 0; i < 100; ++i)
				first.setValue(QStringLiteral("/Burst/%1").arg(i), value);
		} else if (path == QLatin1String("/Test/Role")) {
			second.unregister();
			second.setServiceName(QStringLiteral("com.victronenergy.%1.pvrouter_fixture2").arg(value.toString()));
			second.registerOn(Bus);
		}
	});
	// The second name is requested only after the first is ours, so "first registered" can be waited on.
	QObject::connect(&first, &VeService::registered, &second, [&] { second.registerOn(Bus); });
	first.registerOn(Bus);
	return app.exec();
}
