#include "bridge_test_support.h"
#include "vedbus/dc_meter_bridge.h"
#include "vedbus/ve_value.h"

#include <QDBusMessage>
#include <QDBusVariant>
#include <QSignalSpy>
#include <QTest>

using namespace pvrouter;
using namespace pvrouter::bridgetest;
using Q = DcMeterModel::Quantity;

// A DC meter model published on a private bus, read and written by another connection as a GX would.
class TestDcMeterBridge : public BridgeTest
{
	Q_OBJECT
public:
	TestDcMeterBridge() : BridgeTest(QStringLiteral("PZEM-017"), QStringLiteral("Modbus RTU ttyUSB0:2")) {}

private Q_SLOTS:
	void initTestCase();
	void publishesTheMeter();
	void resetEnergyIsACommand();
	void rolesGetTheirClassesAndInstances();

private:
	QVariant set(const QString &service, const QString &path, const QVariant &value);
};

void TestDcMeterBridge::initTestCase()
{
	QVERIFY(startSettings());
}

QVariant TestDcMeterBridge::set(const QString &service, const QString &path, const QVariant &value)
{
	QDBusMessage call = QDBusMessage::createMethodCall(
		service, path, QStringLiteral("com.victronenergy.BusItem"), QStringLiteral("SetValue"));
	call << QVariant::fromValue(QDBusVariant(VeValue::toDbus(value)));
	const QDBusMessage reply = QDBusConnection::sessionBus().call(call, QDBus::BlockWithGui);
	if (reply.type() == QDBusMessage::ErrorMessage)
		return reply.errorName();
	return reply.arguments().value(0);
}

void TestDcMeterBridge::publishesTheMeter()
{
	DcMeterModel model;
	DcMeterBridge bridge(
		&model, identity(QStringLiteral("shunt"), QStringLiteral("dcload")), m_bus, QDBusConnection::sessionBus());
	QSignalSpy registered(&bridge, &DcMeterBridge::registered);
	bridge.start();
	QVERIFY(registered.wait(5000));
	const QString name = QStringLiteral("com.victronenergy.dcload.pvrouter_shunt");
	QCOMPARE(bridge.serviceName(), name);

	// Not read yet: not connected, nothing to show.
	QCOMPARE(get(name, QStringLiteral("/Connected")), QVariant(0));
	QVERIFY(!get(name, QStringLiteral("/Dc/0/Voltage")).isValid());
	QCOMPARE(get(name, QStringLiteral("/Dc/0/Voltage"), QStringLiteral("GetText")), QVariant(QStringLiteral("---")));
	QCOMPARE(get(name, QStringLiteral("/DeviceInstance")), QVariant(40));
	QCOMPARE(get(name, QStringLiteral("/ProductName")), QVariant(QStringLiteral("PZEM-017")));
	QCOMPARE(get(name, QStringLiteral("/Mgmt/Connection")), QVariant(QStringLiteral("Modbus RTU ttyUSB0:2")));
	QCOMPARE(get(name, QStringLiteral("/ResetEnergy")), QVariant(0));

	model.setConnected(true);
	model.setValue(Q::VoltageV, 12.345);
	model.setValue(Q::CurrentA, 8.5);
	model.setValue(Q::PowerW, 104.9);
	model.setValue(Q::EnergyInKWh, 70.004);
	QTRY_COMPARE(get(name, QStringLiteral("/Connected")), QVariant(1));
	QCOMPARE(get(name, QStringLiteral("/Dc/0/Voltage")), QVariant(12.345));
	QCOMPARE(get(name, QStringLiteral("/Dc/0/Current")), QVariant(8.5));
	QCOMPARE(get(name, QStringLiteral("/Dc/0/Power")), QVariant(104.9));
	QCOMPARE(get(name, QStringLiteral("/History/EnergyIn")), QVariant(70.004));
	QCOMPARE(
		get(name, QStringLiteral("/Dc/0/Voltage"), QStringLiteral("GetText")), QVariant(QStringLiteral("12.35 V")));
	QCOMPARE(get(name, QStringLiteral("/Dc/0/Current"), QStringLiteral("GetText")), QVariant(QStringLiteral("8.50 A")));
	QCOMPARE(get(name, QStringLiteral("/Dc/0/Power"), QStringLiteral("GetText")), QVariant(QStringLiteral("105 W")));
	QCOMPARE(get(name, QStringLiteral("/History/EnergyIn"), QStringLiteral("GetText")),
		QVariant(QStringLiteral("70.00 kWh")));

	// Lost: every value invalid at once, not the last reading.
	model.setConnected(false);
	QTRY_COMPARE(get(name, QStringLiteral("/Connected")), QVariant(0));
	for (const char *path : {"/Dc/0/Voltage", "/Dc/0/Current", "/Dc/0/Power", "/History/EnergyIn"}) {
		QVERIFY2(!get(name, QLatin1String(path)).isValid(), path);
		QCOMPARE(get(name, QLatin1String(path), QStringLiteral("GetText")), QVariant(QStringLiteral("---")));
	}
}

void TestDcMeterBridge::resetEnergyIsACommand()
{
	DcMeterModel model;
	DcMeterBridge bridge(
		&model, identity(QStringLiteral("reset"), QStringLiteral("dcload")), m_bus, QDBusConnection::sessionBus());
	QSignalSpy registered(&bridge, &DcMeterBridge::registered);
	QSignalSpy requested(&bridge, &DcMeterBridge::energyResetRequested);
	bridge.start();
	QVERIFY(registered.wait(5000));
	const QString name = QStringLiteral("com.victronenergy.dcload.pvrouter_reset");

	QCOMPARE(set(name, QStringLiteral("/ResetEnergy"), 1), QVariant(0));
	QTRY_COMPARE(requested.size(), 1);
	QCOMPARE(get(name, QStringLiteral("/ResetEnergy")), QVariant(0)); // it reads 0 again
	// Again: each write of 1 is a command of its own.
	QCOMPARE(set(name, QStringLiteral("/ResetEnergy"), 1), QVariant(0));
	QTRY_COMPARE(requested.size(), 2);

	QCOMPARE(set(name, QStringLiteral("/ResetEnergy"), 5), QVariant(2));
	QCOMPARE(set(name, QStringLiteral("/ResetEnergy"), 0), QVariant(2));
	QCOMPARE(set(name, QStringLiteral("/ResetEnergy"), QStringLiteral("1")), QVariant(1)); // the wrong type
	QCOMPARE(get(name, QStringLiteral("/ResetEnergy")), QVariant(0));
	QCOMPARE(requested.size(), 2); // the service emits before it answers: none of these did
	QCOMPARE(set(name, QStringLiteral("/Dc/0/Power"), 1), QVariant(1)); // measurements are not writable
}

void TestDcMeterBridge::rolesGetTheirClassesAndInstances()
{
	DcMeterModel a, b;
	DcMeterBridge source(
		&a, identity(QStringLiteral("pv"), QStringLiteral("dcsource")), m_bus, QDBusConnection::sessionBus());
	DcMeterBridge system(
		&b, identity(QStringLiteral("sys"), QStringLiteral("dcsystem")), m_bus, QDBusConnection::sessionBus());
	QSignalSpy first(&source, &DcMeterBridge::registered), second(&system, &DcMeterBridge::registered);
	source.start();
	QVERIFY(first.wait(5000));
	system.start();
	QVERIFY(second.wait(5000));
	QCOMPARE(source.serviceName(), QStringLiteral("com.victronenergy.dcsource.pvrouter_pv"));
	QCOMPARE(system.serviceName(), QStringLiteral("com.victronenergy.dcsystem.pvrouter_sys"));
	// Instances are per class: each class's first meter gets 40.
	QCOMPARE(get(source.serviceName(), QStringLiteral("/DeviceInstance")), QVariant(40));
	QCOMPARE(get(system.serviceName(), QStringLiteral("/DeviceInstance")), QVariant(40));
}

QTEST_GUILESS_MAIN(TestDcMeterBridge)
#include "tst_dc_meter_bridge.moc"
