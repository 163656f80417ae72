#include "bridge_test_support.h"
#include "vedbus/ac_meter_bridge.h"

#include <QSignalSpy>
#include <QTest>

using namespace pvrouter;
using namespace pvrouter::bridgetest;
using Q = AcMeterModel::Quantity;

// An AC meter model published on a private bus, read back by another connection as a GX would.
class TestAcMeterBridge : public BridgeTest
{
	Q_OBJECT
public:
	TestAcMeterBridge() : BridgeTest(QStringLiteral("PZEM-016"), QStringLiteral("Modbus RTU ttyUSB0:1")) {}

private Q_SLOTS:
	void initTestCase();
	void publishesTheMeter();
	void rolesGetTheirPathsAndInstances();

private:
	const AcMeterBridge::Options m_options{1, {QStringLiteral("grid"), QStringLiteral("pvinverter")}};
};

void TestAcMeterBridge::initTestCase()
{
	QVERIFY(startSettings());
}

void TestAcMeterBridge::publishesTheMeter()
{
	AcMeterModel model;
	AcMeterBridge bridge(&model, identity(QStringLiteral("meter"), QStringLiteral("grid")), m_options, m_bus,
		QDBusConnection::sessionBus());
	QSignalSpy registered(&bridge, &AcMeterBridge::registered);
	bridge.start();
	QVERIFY(registered.wait(5000));
	const QString name = QStringLiteral("com.victronenergy.grid.pvrouter_meter");
	QCOMPARE(bridge.serviceName(), name);

	// Not read yet: not connected, nothing to show.
	QCOMPARE(get(name, QStringLiteral("/Connected")), QVariant(0));
	QVERIFY(!get(name, QStringLiteral("/Ac/Power")).isValid());
	QCOMPARE(get(name, QStringLiteral("/Ac/Power"), QStringLiteral("GetText")), QVariant(QStringLiteral("---")));
	QCOMPARE(get(name, QStringLiteral("/DeviceInstance")), QVariant(40));
	QCOMPARE(get(name, QStringLiteral("/ProductName")), QVariant(QStringLiteral("PZEM-016")));
	QCOMPARE(get(name, QStringLiteral("/Mgmt/Connection")), QVariant(QStringLiteral("Modbus RTU ttyUSB0:1")));
	QCOMPARE(get(name, QStringLiteral("/Role")), QVariant(QStringLiteral("grid")));
	QCOMPARE(
		get(name, QStringLiteral("/Position")), QVariant(QStringLiteral("org.freedesktop.DBus.Error.UnknownObject")));
	QCOMPARE(get(name, QStringLiteral("/IsGenericEnergyMeter")),
		QVariant(QStringLiteral("org.freedesktop.DBus.Error.UnknownObject")));

	model.setConnected(true);
	model.setValue(Q::PowerW, 1234.5);
	model.setValue(Q::VoltageV, 230.04);
	model.setValue(Q::EnergyForwardKWh, 12.345);
	QTRY_COMPARE(get(name, QStringLiteral("/Connected")), QVariant(1));
	QCOMPARE(get(name, QStringLiteral("/Ac/Power")), QVariant(1234.5));
	QCOMPARE(get(name, QStringLiteral("/Ac/L1/Power"), QStringLiteral("GetText")), QVariant(QStringLiteral("1235 W")));
	QCOMPARE(
		get(name, QStringLiteral("/Ac/L1/Voltage"), QStringLiteral("GetText")), QVariant(QStringLiteral("230.0 V")));
	QCOMPARE(get(name, QStringLiteral("/Ac/Energy/Forward"), QStringLiteral("GetText")),
		QVariant(QStringLiteral("12.35 kWh")));
	QVERIFY(!get(name, QStringLiteral("/Ac/Energy/Reverse")).isValid());

	// Lost: every value invalid at once, not the last reading.
	model.setConnected(false);
	QTRY_COMPARE(get(name, QStringLiteral("/Connected")), QVariant(0));
	QVERIFY(!get(name, QStringLiteral("/Ac/Power")).isValid());
	QVERIFY(!get(name, QStringLiteral("/Ac/L1/Voltage")).isValid());
}

void TestAcMeterBridge::rolesGetTheirPathsAndInstances()
{
	AcMeterModel a, b;
	AcMeterBridge pv(&a, identity(QStringLiteral("pv1"), QStringLiteral("pvinverter")), m_options, m_bus,
		QDBusConnection::sessionBus());
	AcMeterBridge pv2(&b, identity(QStringLiteral("pv2"), QStringLiteral("pvinverter")), m_options, m_bus,
		QDBusConnection::sessionBus());
	QSignalSpy first(&pv, &AcMeterBridge::registered), second(&pv2, &AcMeterBridge::registered);
	pv.start();
	QVERIFY(first.wait(5000));
	pv2.start();
	QVERIFY(second.wait(5000));
	const QString one = QStringLiteral("com.victronenergy.pvinverter.pvrouter_pv1");
	const QString two = QStringLiteral("com.victronenergy.pvinverter.pvrouter_pv2");
	QCOMPARE(get(one, QStringLiteral("/DeviceInstance")), QVariant(20));
	QCOMPARE(get(two, QStringLiteral("/DeviceInstance")), QVariant(21)); // 20 is taken
	QCOMPARE(get(one, QStringLiteral("/Position")), QVariant(1));
	QCOMPARE(get(one, QStringLiteral("/IsGenericEnergyMeter")), QVariant(1));
	QCOMPARE(get(one, QStringLiteral("/AllowedRoles")),
		QVariant(QVariantList{QStringLiteral("grid"), QStringLiteral("pvinverter")}));
}

QTEST_GUILESS_MAIN(TestAcMeterBridge)
#include "tst_ac_meter_bridge.moc"
