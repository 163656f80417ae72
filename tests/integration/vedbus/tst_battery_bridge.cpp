#include "bridge_test_support.h"
#include "vedbus/battery_bridge.h"

#include <QSignalSpy>
#include <QTest>

using namespace pvrouter;
using namespace pvrouter::bridgetest;
using Q = BatteryModel::Quantity;

// A battery model published on a private bus, read by another connection as the controller or a GX would.
class TestBatteryBridge : public BridgeTest
{
	Q_OBJECT
public:
	TestBatteryBridge() : BridgeTest(QStringLiteral("Simulated battery"), QStringLiteral("Simulation")) {}

private Q_SLOTS:
	void initTestCase();
	void publishesTheBattery();
};

void TestBatteryBridge::initTestCase()
{
	QVERIFY(startSettings());
}

void TestBatteryBridge::publishesTheBattery()
{
	BatteryModel model;
	// Whatever class the identity names, a battery is a battery.
	BatteryBridge bridge(
		&model, identity(QStringLiteral("battery"), QStringLiteral("dcload")), m_bus, QDBusConnection::sessionBus());
	QSignalSpy registered(&bridge, &BatteryBridge::registered);
	bridge.start();
	QVERIFY(registered.wait(5000));
	const QString name = QStringLiteral("com.victronenergy.battery.pvrouter_battery");
	QCOMPARE(bridge.serviceName(), name);

	QCOMPARE(get(name, QStringLiteral("/Connected")), QVariant(0));
	QVERIFY(!get(name, QStringLiteral("/Soc")).isValid());
	QCOMPARE(get(name, QStringLiteral("/Soc"), QStringLiteral("GetText")), QVariant(QStringLiteral("---")));
	QCOMPARE(get(name, QStringLiteral("/DeviceInstance")), QVariant(40));
	QCOMPARE(get(name, QStringLiteral("/ProductName")), QVariant(QStringLiteral("Simulated battery")));
	QCOMPARE(get(name, QStringLiteral("/Mgmt/Connection")), QVariant(QStringLiteral("Simulation")));

	model.setConnected(true);
	model.setValue(Q::VoltageV, 53.27);
	model.setValue(Q::CurrentA, -22.53);
	model.setValue(Q::PowerW, -1200.2);
	model.setValue(Q::SocPercent, 98.25);
	QTRY_COMPARE(get(name, QStringLiteral("/Connected")), QVariant(1));
	QCOMPARE(get(name, QStringLiteral("/Dc/0/Voltage")), QVariant(53.27));
	QCOMPARE(get(name, QStringLiteral("/Dc/0/Current")), QVariant(-22.53));
	QCOMPARE(get(name, QStringLiteral("/Dc/0/Power")), QVariant(-1200.2));
	QCOMPARE(get(name, QStringLiteral("/Soc")), QVariant(98.25));
	QCOMPARE(
		get(name, QStringLiteral("/Dc/0/Voltage"), QStringLiteral("GetText")), QVariant(QStringLiteral("53.27 V")));
	QCOMPARE(
		get(name, QStringLiteral("/Dc/0/Current"), QStringLiteral("GetText")), QVariant(QStringLiteral("-22.5 A")));
	QCOMPARE(get(name, QStringLiteral("/Dc/0/Power"), QStringLiteral("GetText")), QVariant(QStringLiteral("-1200 W")));
	QCOMPARE(get(name, QStringLiteral("/Soc"), QStringLiteral("GetText")), QVariant(QStringLiteral("98.3 %")));

	// A new reading goes out as it comes.
	model.setValue(Q::SocPercent, 98.5);
	QTRY_COMPARE(get(name, QStringLiteral("/Soc")), QVariant(98.5));

	// Lost: every value invalid at once, not the last reading.
	model.setConnected(false);
	QTRY_COMPARE(get(name, QStringLiteral("/Connected")), QVariant(0));
	for (const char *path : {"/Dc/0/Voltage", "/Dc/0/Current", "/Dc/0/Power", "/Soc"}) {
		QVERIFY2(!get(name, QLatin1String(path)).isValid(), path);
		QCOMPARE(get(name, QLatin1String(path), QStringLiteral("GetText")), QVariant(QStringLiteral("---")));
	}
}

QTEST_GUILESS_MAIN(TestBatteryBridge)
#include "tst_battery_bridge.moc"
