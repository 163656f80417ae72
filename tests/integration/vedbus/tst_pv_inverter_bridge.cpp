#include "bridge_test_support.h"
#include "vedbus/pv_inverter_bridge.h"

#include <QSignalSpy>
#include <QTest>

using namespace pvrouter;
using namespace pvrouter::bridgetest;
using Q = PvInverterModel::Quantity;

// A PV inverter model published on a private bus, read back by another connection as a GX would.
class TestPvInverterBridge : public BridgeTest
{
	Q_OBJECT
public:
	TestPvInverterBridge() : BridgeTest(QStringLiteral("Growatt MIN TL-X"), QStringLiteral("Modbus RTU ttyUSB0:1")) {}

private Q_SLOTS:
	void initTestCase();
	void publishesTheInverter();
	void identityKnownBeforeRegistration();

private:
	PvInverterBridge::Identity identity(const QString &uid);
};

void TestPvInverterBridge::initTestCase()
{
	QVERIFY(startSettings());
}

PvInverterBridge::Identity TestPvInverterBridge::identity(const QString &uid)
{
	return BridgeTest::identity(uid, QStringLiteral("pvinverter"));
}

void TestPvInverterBridge::publishesTheInverter()
{
	PvInverterModel model;
	PvInverterBridge bridge(
		&model, identity(QStringLiteral("inverter")), {1, 3000}, m_bus, QDBusConnection::sessionBus());
	QSignalSpy registered(&bridge, &PvInverterBridge::registered);
	bridge.start();
	QVERIFY(registered.wait(5000));
	const QString name = QStringLiteral("com.victronenergy.pvinverter.pvrouter_inverter");
	QCOMPARE(bridge.serviceName(), name);

	// Not read yet: not connected, nothing measured, identity unknown; the configuration is there.
	QCOMPARE(get(name, QStringLiteral("/Connected")), QVariant(0));
	QVERIFY(!get(name, QStringLiteral("/Ac/Power")).isValid());
	QCOMPARE(get(name, QStringLiteral("/Ac/Power"), QStringLiteral("GetText")), QVariant(QStringLiteral("---")));
	QVERIFY(!get(name, QStringLiteral("/StatusCode")).isValid());
	QVERIFY(!get(name, QStringLiteral("/Serial")).isValid());
	QVERIFY(!get(name, QStringLiteral("/FirmwareVersion")).isValid());
	QCOMPARE(get(name, QStringLiteral("/DeviceInstance")), QVariant(20));
	QCOMPARE(get(name, QStringLiteral("/ProductName")), QVariant(QStringLiteral("Growatt MIN TL-X")));
	QCOMPARE(get(name, QStringLiteral("/Mgmt/Connection")), QVariant(QStringLiteral("Modbus RTU ttyUSB0:1")));
	QCOMPARE(get(name, QStringLiteral("/Position")), QVariant(1));
	QCOMPARE(get(name, QStringLiteral("/Ac/MaxPower")), QVariant(3000.0));
	QCOMPARE(get(name, QStringLiteral("/Ac/MaxPower"), QStringLiteral("GetText")), QVariant(QStringLiteral("3000 W")));
	// Not limitable yet: the path must be absent (victron-dbus.md §3 pvinverter).
	QCOMPARE(get(name, QStringLiteral("/Ac/PowerLimit")),
		QVariant(QStringLiteral("org.freedesktop.DBus.Error.UnknownObject")));

	model.setConnected(true);
	model.setValue(Q::PowerW, 6789.4);
	model.setValue(Q::VoltageV, 230.04);
	model.setValue(Q::CurrentA, 29.5);
	model.setValue(Q::EnergyForwardKWh, 12345.6);
	model.setValue(Q::FrequencyHz, 50.02);
	model.setValue(Q::StatusCode, 7);
	model.setValue(Q::ErrorCode, 0);
	QTRY_COMPARE(get(name, QStringLiteral("/Connected")), QVariant(1));
	QCOMPARE(get(name, QStringLiteral("/Ac/Power")), QVariant(6789.4));
	QCOMPARE(get(name, QStringLiteral("/Ac/L1/Power"), QStringLiteral("GetText")), QVariant(QStringLiteral("6789 W")));
	QCOMPARE(
		get(name, QStringLiteral("/Ac/L1/Voltage"), QStringLiteral("GetText")), QVariant(QStringLiteral("230.0 V")));
	QCOMPARE(get(name, QStringLiteral("/Ac/L1/Current")), QVariant(29.5));
	QCOMPARE(get(name, QStringLiteral("/Ac/Energy/Forward")), QVariant(12345.6));
	QCOMPARE(get(name, QStringLiteral("/Ac/L1/Energy/Forward"), QStringLiteral("GetText")),
		QVariant(QStringLiteral("12345.60 kWh")));
	QCOMPARE(get(name, QStringLiteral("/Ac/Frequency")), QVariant(50.02));
	QCOMPARE(get(name, QStringLiteral("/StatusCode")), QVariant(7));
	QCOMPARE(get(name, QStringLiteral("/StatusCode"), QStringLiteral("GetText")), QVariant(QStringLiteral("Running")));
	QCOMPARE(get(name, QStringLiteral("/ErrorCode")), QVariant(0));

	// The identity arrives after registration: /Serial and /FirmwareVersion follow.
	model.setSerial(QStringLiteral("GRW1234567"));
	model.setFirmwareVersion(QStringLiteral("DM1.2"));
	QTRY_COMPARE(get(name, QStringLiteral("/Serial")), QVariant(QStringLiteral("GRW1234567")));
	QCOMPARE(get(name, QStringLiteral("/FirmwareVersion")), QVariant(QStringLiteral("DM1.2")));

	model.setValue(Q::StatusCode, 10);
	model.setValue(Q::ErrorCode, 117);
	QTRY_COMPARE(
		get(name, QStringLiteral("/StatusCode"), QStringLiteral("GetText")), QVariant(QStringLiteral("Error")));
	QCOMPARE(get(name, QStringLiteral("/ErrorCode")), QVariant(117));

	// Lost: every value invalid at once, not the last reading; the identity stays.
	model.setConnected(false);
	QTRY_COMPARE(get(name, QStringLiteral("/Connected")), QVariant(0));
	for (const char *path : {"/Ac/Power", "/Ac/L1/Power", "/Ac/L1/Voltage", "/Ac/L1/Current", "/Ac/Energy/Forward",
			 "/Ac/L1/Energy/Forward", "/Ac/Frequency", "/StatusCode", "/ErrorCode"})
		QVERIFY2(!get(name, QLatin1String(path)).isValid(), path);
	QCOMPARE(get(name, QStringLiteral("/Serial")), QVariant(QStringLiteral("GRW1234567")));
	QCOMPARE(get(name, QStringLiteral("/Ac/MaxPower")), QVariant(3000.0));
}

void TestPvInverterBridge::identityKnownBeforeRegistration()
{
	PvInverterModel model;
	model.setSerial(QStringLiteral("GRW7654321"));
	model.setFirmwareVersion(QStringLiteral("DM1.0"));
	model.setConnected(true);
	model.setValue(Q::StatusCode, 8);
	PvInverterBridge bridge(
		&model, identity(QStringLiteral("second")), {1, 3000}, m_bus, QDBusConnection::sessionBus());
	QSignalSpy registered(&bridge, &PvInverterBridge::registered);
	bridge.start();
	QVERIFY(registered.wait(5000));
	const QString name = QStringLiteral("com.victronenergy.pvinverter.pvrouter_second");
	QCOMPARE(get(name, QStringLiteral("/DeviceInstance")), QVariant(21)); // 20 is taken
	QCOMPARE(get(name, QStringLiteral("/Connected")), QVariant(1));
	QCOMPARE(get(name, QStringLiteral("/Serial")), QVariant(QStringLiteral("GRW7654321")));
	QCOMPARE(get(name, QStringLiteral("/FirmwareVersion")), QVariant(QStringLiteral("DM1.0")));
	QCOMPARE(get(name, QStringLiteral("/StatusCode"), QStringLiteral("GetText")), QVariant(QStringLiteral("Standby")));
}

QTEST_GUILESS_MAIN(TestPvInverterBridge)
#include "tst_pv_inverter_bridge.moc"
