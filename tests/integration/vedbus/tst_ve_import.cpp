#include "vedbus/ve_import.h"
#include "vedbus/ve_service.h"

#include <QDBusMessage>
#include <QDBusVariant>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace pvrouter;

// VeImport against real exporters on a private bus: our own VeService (GetItems + ItemsChanged) and an
// older-style velib exporter in python3-dbus (no GetItems, PropertiesChanged only).
class TestVeImport : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void init();
	void cleanup();
	void readsServicesPresentAtStart();
	void followsOnlyItsClasses();
	void followsChangesInBatches();
	void vanishedServiceGoesInvalidAndComesBack();
	void velibExporterWithoutGetItems();

private:
	VeService *exportService(const QString &name, int power);

	const BusAddress m_bus = *BusAddress::parse(QStringLiteral("session"));
	QList<VeService *> m_exported;
};

VeService *TestVeImport::exportService(const QString &name, int power)
{
	auto *service = new VeService(name);
	service->addPath(QStringLiteral("/DeviceInstance"), 30);
	service->addPath(QStringLiteral("/Ac/Power"), power, TextFormat::number(0, QStringLiteral("W")));
	service->addPath(QStringLiteral("/Ac/L1/Power"), power);
	QSignalSpy registered(service, &VeService::registered);
	service->registerOn(m_bus);
	if (!registered.wait(5000))
		qFatal("cannot register %s", qPrintable(name));
	m_exported.append(service);
	return service;
}

void TestVeImport::init()
{
	m_exported.clear();
}

void TestVeImport::cleanup()
{
	qDeleteAll(m_exported);
}

void TestVeImport::readsServicesPresentAtStart()
{
	exportService(QStringLiteral("com.victronenergy.grid.early"), 100);
	VeImport import(QDBusConnection::sessionBus(), {QStringLiteral("com.victronenergy.grid")});
	QSignalSpy added(&import, &VeImport::serviceAdded);
	import.start();
	QVERIFY(added.wait(5000));
	ImportedService *grid = import.service(QStringLiteral("com.victronenergy.grid.early"));
	QVERIFY(grid);
	QTRY_VERIFY(grid->isOnline());
	QCOMPARE(grid->value(QStringLiteral("/Ac/Power")), QVariant(100));
	QCOMPARE(grid->item(QStringLiteral("/Ac/Power"))->text(), QStringLiteral("100 W"));
	QCOMPARE(grid->item(QStringLiteral("/DeviceInstance"))->value(), QVariant(30));
	QVERIFY(!grid->item(QStringLiteral("/Not/Published"))->isValid());
}

void TestVeImport::followsOnlyItsClasses()
{
	exportService(QStringLiteral("com.victronenergy.gridx.other"), 1);
	exportService(QStringLiteral("com.victronenergy.battery.b1"), 2);
	exportService(QStringLiteral("com.victronenergy.system"), 3);
	VeImport import(QDBusConnection::sessionBus(),
		{QStringLiteral("com.victronenergy.system"), QStringLiteral("com.victronenergy.grid")});
	import.start();
	exportService(QStringLiteral("com.victronenergy.grid.late"), 4);
	QTRY_VERIFY(import.service(QStringLiteral("com.victronenergy.grid.late")) &&
		import.service(QStringLiteral("com.victronenergy.grid.late"))->isOnline());
	QTRY_VERIFY(import.service(QStringLiteral("com.victronenergy.system")) &&
		import.service(QStringLiteral("com.victronenergy.system"))->isOnline());
	QCOMPARE(import.services().size(), 2);
}

void TestVeImport::followsChangesInBatches()
{
	VeImport import(QDBusConnection::sessionBus(), {QStringLiteral("com.victronenergy.grid")});
	import.start();
	VeService *meter = exportService(QStringLiteral("com.victronenergy.grid.meter"), 10);
	QTRY_VERIFY(import.service(meter->serviceName()) && import.service(meter->serviceName())->isOnline());
	ImportedItem *power = import.service(meter->serviceName())->item(QStringLiteral("/Ac/Power"));
	ImportedItem *l1 = import.service(meter->serviceName())->item(QStringLiteral("/Ac/L1/Power"));
	QSignalSpy powerChanged(power, &ImportedItem::valueChanged);
	QSignalSpy l1Changed(l1, &ImportedItem::valueChanged);

	meter->setValue(QStringLiteral("/Ac/Power"), -2500);
	meter->setValue(QStringLiteral("/Ac/L1/Power"), -2500);
	QVERIFY(powerChanged.wait(5000));
	QTRY_COMPARE(l1Changed.size(), 1);
	QCOMPARE(power->value(), QVariant(-2500));
	QCOMPARE(power->text(), QStringLiteral("-2500 W"));

	meter->setValue(QStringLiteral("/Ac/Power"), QVariant());
	QTRY_COMPARE(powerChanged.size(), 2);
	QVERIFY(!power->isValid());
	QCOMPARE(power->text(), QStringLiteral("---"));
}

void TestVeImport::vanishedServiceGoesInvalidAndComesBack()
{
	VeImport import(QDBusConnection::sessionBus(), {QStringLiteral("com.victronenergy.grid")});
	import.start();
	VeService *meter = exportService(QStringLiteral("com.victronenergy.grid.flaky"), 700);
	QTRY_VERIFY(import.service(meter->serviceName()) && import.service(meter->serviceName())->isOnline());
	ImportedService *service = import.service(meter->serviceName());
	ImportedItem *power = service->item(QStringLiteral("/Ac/Power"));
	QCOMPARE(power->value(), QVariant(700));
	QSignalSpy online(service, &ImportedService::onlineChanged);

	meter->unregister();
	QVERIFY(online.wait(5000));
	QCOMPARE(online.last().at(0).toBool(), false);
	QVERIFY(!power->isValid());

	meter->setValue(QStringLiteral("/Ac/Power"), 800);
	QSignalSpy registered(meter, &VeService::registered);
	meter->registerOn(m_bus);
	QVERIFY(registered.wait(5000));
	QTRY_VERIFY(service->isOnline());
	QCOMPARE(service->item(QStringLiteral("/Ac/Power")), power); // consumers keep their pointers
	QCOMPARE(power->value(), QVariant(800));
}

void TestVeImport::velibExporterWithoutGetItems()
{
	VeImport import(QDBusConnection::sessionBus(), {QStringLiteral("com.victronenergy.battery")});
	import.start();
	QProcess peer;
	peer.start(QStringLiteral(PYTHON), {QStringLiteral(VELIB_PEER), QStringLiteral("com.victronenergy.battery.peer")});
	QVERIFY(peer.waitForStarted());
	auto stopPeer = qScopeGuard([&peer] {
		peer.terminate();
		peer.waitForFinished();
	});
	QTRY_VERIFY_WITH_TIMEOUT(import.service(QStringLiteral("com.victronenergy.battery.peer")) &&
			import.service(QStringLiteral("com.victronenergy.battery.peer"))->isOnline(),
		10000);
	ImportedService *battery = import.service(QStringLiteral("com.victronenergy.battery.peer"));
	ImportedItem *soc = battery->item(QStringLiteral("/Soc"));
	QCOMPARE(soc->value(), QVariant(55.0));
	QCOMPARE(battery->value(QStringLiteral("/DeviceInstance")), QVariant(40));

	QSignalSpy changed(soc, &ImportedItem::valueChanged);
	QDBusMessage set = QDBusMessage::createMethodCall(QStringLiteral("com.victronenergy.battery.peer"),
		QStringLiteral("/Soc"), QStringLiteral("com.victronenergy.BusItem"), QStringLiteral("SetValue"));
	set << QVariant::fromValue(QDBusVariant(61.5));
	QCOMPARE(QDBusConnection::sessionBus().call(set).arguments().value(0), QVariant(0));
	QTRY_COMPARE(soc->value(), QVariant(61.5));
	QCOMPARE(soc->text(), QStringLiteral("61.5"));

	peer.terminate();
	QVERIFY(peer.waitForFinished());
	QTRY_VERIFY(!battery->isOnline());
	QVERIFY(!soc->isValid());
}

QTEST_GUILESS_MAIN(TestVeImport)
#include "tst_ve_import.moc"
