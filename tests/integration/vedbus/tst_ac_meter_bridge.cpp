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
	void phasesLearntLaterGetTheirPaths();

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

// A meter that tells its phases, serial and firmware once the driver has identified it (a Shelly): the service
// is up before that, and gains /Ac/L2 and /Ac/L3 then.
void TestAcMeterBridge::phasesLearntLaterGetTheirPaths()
{
	AcMeterModel model;
	AcMeterBridge bridge(&model, identity(QStringLiteral("three"), QStringLiteral("grid")), m_options, m_bus,
		QDBusConnection::sessionBus());
	QSignalSpy registered(&bridge, &AcMeterBridge::registered);
	bridge.start();
	QVERIFY(registered.wait(5000));
	const QString name = QStringLiteral("com.victronenergy.grid.pvrouter_three");
	const QString unknown = QStringLiteral("org.freedesktop.DBus.Error.UnknownObject");
	QCOMPARE(get(name, QStringLiteral("/NrOfPhases")), QVariant(1));
	QCOMPARE(get(name, QStringLiteral("/Ac/L2/Power")), QVariant(unknown));
	QCOMPARE(get(name, QStringLiteral("/ProductName")), QVariant(QStringLiteral("PZEM-016"))); // the identity's

	model.setPhaseCount(3);
	model.setProductName(QStringLiteral("Shelly Pro 3EM"));
	model.setSerial(QStringLiteral("FCE8C0DBA900"));
	model.setFirmwareVersion(QStringLiteral("1.4.4"));
	model.setValue(Q::PowerW, 900.0);
	model.setValue(Q::EnergyForwardKWh, 12.0);
	for (int phase = 1; phase <= 3; ++phase) {
		model.setValue(phase, Q::PowerW, 100.0 * phase + 100);
		model.setValue(phase, Q::VoltageV, 229.0 + phase);
		model.setValue(phase, Q::EnergyForwardKWh, 4.0);
		model.setValue(phase, Q::PowerFactor, 0.5);
	}
	model.setConnected(true);
	QTRY_COMPARE(get(name, QStringLiteral("/Connected")), QVariant(1));
	QCOMPARE(get(name, QStringLiteral("/NrOfPhases")), QVariant(3));
	QCOMPARE(get(name, QStringLiteral("/Ac/Power")), QVariant(900.0));
	QCOMPARE(get(name, QStringLiteral("/Ac/L1/Power")), QVariant(200.0)); // phase 1's own, not the total
	QCOMPARE(get(name, QStringLiteral("/Ac/L2/Power")), QVariant(300.0));
	QCOMPARE(
		get(name, QStringLiteral("/Ac/L3/Voltage"), QStringLiteral("GetText")), QVariant(QStringLiteral("232.0 V")));
	QCOMPARE(get(name, QStringLiteral("/Ac/L3/Energy/Forward")), QVariant(4.0));
	QCOMPARE(get(name, QStringLiteral("/Ac/L2/PowerFactor")), QVariant(0.5));
	QVERIFY(!get(name, QStringLiteral("/Ac/L2/Current")).isValid());
	QCOMPARE(get(name, QStringLiteral("/Ac/Energy/Forward")), QVariant(12.0));
	QCOMPARE(get(name, QStringLiteral("/ProductName")), QVariant(QStringLiteral("Shelly Pro 3EM")));
	QCOMPARE(get(name, QStringLiteral("/Serial")), QVariant(QStringLiteral("FCE8C0DBA900")));
	QCOMPARE(get(name, QStringLiteral("/FirmwareVersion")), QVariant(QStringLiteral("1.4.4")));

	// Lost: every phase invalid at once; the identity stays.
	model.setConnected(false);
	QTRY_COMPARE(get(name, QStringLiteral("/Connected")), QVariant(0));
	for (const char *path : {"/Ac/Power", "/Ac/L1/Power", "/Ac/L2/Power", "/Ac/L3/Voltage", "/Ac/Energy/Forward"})
		QVERIFY2(!get(name, QLatin1String(path)).isValid(), path);
	QCOMPARE(get(name, QStringLiteral("/Serial")), QVariant(QStringLiteral("FCE8C0DBA900")));

	// Another, single-phase device at that address: L1 is its one phase, L2 and L3 stay empty.
	model.setPhaseCount(1);
	model.setValue(Q::PowerW, 50.0);
	model.setValue(2, Q::PowerW, 1.0); // a stale phase value the bridge must not show
	model.setConnected(true);
	QTRY_COMPARE(get(name, QStringLiteral("/Ac/L1/Power")), QVariant(50.0));
	QCOMPARE(get(name, QStringLiteral("/NrOfPhases")), QVariant(1));
	QVERIFY(!get(name, QStringLiteral("/Ac/L2/Power")).isValid());
}

QTEST_GUILESS_MAIN(TestAcMeterBridge)
#include "tst_ac_meter_bridge.moc"
