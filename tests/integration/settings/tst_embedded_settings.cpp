#include "settings/embedded_settings.h"
#include "settings/settings_client.h"
#include "vedbus/device_instance.h"
#include "vedbus/ve_value.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace pvrouter;

// QtDBus delivers bus signals only to slots named by string; this forwards them to a function.
class MessageReceiver : public QObject
{
	Q_OBJECT
public:
	explicit MessageReceiver(std::function<void(const QDBusMessage &)> f) : m_f(std::move(f)) {}
public Q_SLOTS:
	void onMessage(const QDBusMessage &message) { m_f(message); }

private:
	std::function<void(const QDBusMessage &)> m_f;
};

// The embedded localsettings on a private bus, driven through real D-Bus calls from a separate connection,
// the way pvrouter, the GUI and velib clients use localsettings.
class TestEmbeddedSettings : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void init();
	void cleanup();
	void addSettingsTypesAndValues();
	void addSettingErrors_data();
	void addSettingErrors();
	void existingSettingKeepsItsValue();
	void setValueConvertsAndChecksRange_data();
	void setValueConvertsAndChecksRange();
	void changesAreSignalledAsPropertiesChangedOnly();
	void groupsAndItems();
	void removeSettings();
	void persistsAcrossRestart();
	void corruptFileIsMovedAside();
	void deviceInstanceConflictGivesNextFree();
	void settingsClientCreatesAndFollows();

private:
	void startService();
	QVariant call(const QString &path, const QString &member, const QVariantList &args = {},
		const QString &interface = QStringLiteral("com.victronenergy.BusItem"));
	QVariantList addSettings(const QString &group, const QList<QVariantMap> &entries);
	QString settingsFile() const { return m_dir->filePath(QStringLiteral("settings.json")); }

	std::unique_ptr<QTemporaryDir> m_dir;
	std::unique_ptr<EmbeddedSettings> m_settings;
	QDBusConnection m_client = QDBusConnection::sessionBus();
};

void TestEmbeddedSettings::init()
{
	m_dir = std::make_unique<QTemporaryDir>();
	startService();
}

void TestEmbeddedSettings::cleanup()
{
	m_settings.reset();
}

void TestEmbeddedSettings::startService()
{
	m_settings.reset(); // releases the name first
	m_settings = std::make_unique<EmbeddedSettings>(settingsFile());
	QSignalSpy registered(m_settings.get(), &EmbeddedSettings::registered);
	m_settings->registerOn(*BusAddress::parse(QStringLiteral("session")));
	QVERIFY(registered.wait(5000));
}

QVariant TestEmbeddedSettings::call(
	const QString &path, const QString &member, const QVariantList &args, const QString &interface)
{
	QDBusMessage message =
		QDBusMessage::createMethodCall(QStringLiteral("com.victronenergy.settings"), path, interface, member);
	message.setArguments(args);
	// BlockWithGui: the service under test lives in this thread and must keep answering.
	const QDBusMessage reply = m_client.call(message, QDBus::BlockWithGui);
	if (reply.type() == QDBusMessage::ErrorMessage)
		return reply.errorName();
	return VeValue::fromDbus(reply.arguments().value(0));
}

QVariantList TestEmbeddedSettings::addSettings(const QString &group, const QList<QVariantMap> &entries)
{
	QDBusArgument arg;
	arg << entries;
	return call(
		group, QStringLiteral("AddSettings"), {QVariant::fromValue(arg)}, QStringLiteral("com.victronenergy.Settings"))
		.toList();
}

namespace {
QVariant variant(const QVariant &v)
{
	return QVariant::fromValue(QDBusVariant(VeValue::toDbus(v)));
}
QVariantMap entry(const QString &path, const QVariant &def, const QVariant &min = {}, const QVariant &max = {})
{
	QVariantMap e{{QStringLiteral("path"), path}, {QStringLiteral("default"), def}};
	if (min.isValid())
		e.insert(QStringLiteral("min"), min);
	if (max.isValid())
		e.insert(QStringLiteral("max"), max);
	return e;
}
} // namespace

void TestEmbeddedSettings::addSettingsTypesAndValues()
{
	const QVariantList results = addSettings(QStringLiteral("/"),
		{entry(QStringLiteral("/Settings/T/Int"), 5, 0, 10), entry(QStringLiteral("/Settings/T/Real"), 1.5, 0.0, 2.0),
			entry(QStringLiteral("/Settings/T/Text"), QStringLiteral("abc")),
			entry(QStringLiteral("/Settings/T/Flag"), true)});
	QCOMPARE(results.size(), 4);
	QCOMPARE(results.at(0).toMap().value(QStringLiteral("error")), QVariant(0));
	QCOMPARE(results.at(0).toMap().value(QStringLiteral("value")), QVariant(5));
	QCOMPARE(results.at(0).toMap().value(QStringLiteral("path")), QVariant(QStringLiteral("/Settings/T/Int")));
	QCOMPARE(results.at(1).toMap().value(QStringLiteral("value")), QVariant(1.5));
	QCOMPARE(results.at(2).toMap().value(QStringLiteral("value")), QVariant(QStringLiteral("abc")));
	QCOMPARE(results.at(3).toMap().value(QStringLiteral("error")), QVariant(int(EmbeddedSettings::UnknownType)));

	QCOMPARE(call(QStringLiteral("/Settings/T/Int"), QStringLiteral("GetValue")), QVariant(5));
	QCOMPARE(call(QStringLiteral("/Settings/T/Int"), QStringLiteral("GetText")), QVariant(QStringLiteral("5")));
	QCOMPARE(call(QStringLiteral("/Settings/T/Int"), QStringLiteral("GetMin")), QVariant(0));
	QCOMPARE(call(QStringLiteral("/Settings/T/Int"), QStringLiteral("GetMax")), QVariant(10));
	QCOMPARE(call(QStringLiteral("/Settings/T/Int"), QStringLiteral("GetDefault")), QVariant(5));
	QCOMPARE(call(QStringLiteral("/Settings/T/Real"), QStringLiteral("GetMax")), QVariant(2.0));
	// Strings never have limits; localsettings answers 0.
	QCOMPARE(call(QStringLiteral("/Settings/T/Text"), QStringLiteral("GetMin")), QVariant(0));
	QCOMPARE(call(QStringLiteral("/Settings/T/Flag"), QStringLiteral("GetValue")),
		QVariant(QStringLiteral("org.freedesktop.DBus.Error.UnknownObject")));
}

void TestEmbeddedSettings::addSettingErrors_data()
{
	QTest::addColumn<QString>("object");
	QTest::addColumn<QString>("group");
	QTest::addColumn<QString>("name");
	QTest::addColumn<QVariant>("def");
	QTest::addColumn<QString>("type");
	QTest::addColumn<QVariant>("min");
	QTest::addColumn<QVariant>("max");
	QTest::addColumn<int>("code");
	QTest::newRow("ok on /Settings") << "/Settings"
									 << "A"
									 << "B" << QVariant(1) << "i" << QVariant(0) << QVariant(5) << 0;
	QTest::newRow("ok on / with full group") << "/"
											 << "Settings/A"
											 << "C" << QVariant(1.0) << "f" << QVariant(0) << QVariant(0) << 0;
	QTest::newRow("underscore") << "/Settings"
								<< "A"
								<< "_B" << QVariant(1) << "i" << QVariant(0) << QVariant(0) << -2;
	QTest::newRow("unknown type") << "/Settings"
								  << "A"
								  << "B" << QVariant(1) << "b" << QVariant(0) << QVariant(0) << -3;
	QTest::newRow("invalid path") << "/Settings"
								  << "A"
								  << "B-C" << QVariant(1) << "i" << QVariant(0) << QVariant(0) << -4;
	QTest::newRow("invalid default") << "/Settings"
									 << "A"
									 << "B" << QVariant(QStringLiteral("x")) << "i" << QVariant(0) << QVariant(0) << -6;
	QTest::newRow("default out of range") << "/Settings"
										  << "A"
										  << "B" << QVariant(9) << "i" << QVariant(0) << QVariant(5) << -7;
	QTest::newRow("not in settings") << "/"
									 << "Other"
									 << "B" << QVariant(1) << "i" << QVariant(0) << QVariant(0) << -9;
}

void TestEmbeddedSettings::addSettingErrors()
{
	QFETCH(QString, object);
	QFETCH(QString, group);
	QFETCH(QString, name);
	QFETCH(QVariant, def);
	QFETCH(QString, type);
	QFETCH(QVariant, min);
	QFETCH(QVariant, max);
	QFETCH(int, code);
	const QVariant result = call(object, QStringLiteral("AddSetting"),
		{group, name, variant(def), type, variant(min), variant(max)}, QStringLiteral("com.victronenergy.Settings"));
	QCOMPARE(result, QVariant(code));
}

void TestEmbeddedSettings::existingSettingKeepsItsValue()
{
	const QString settings = QStringLiteral("com.victronenergy.Settings");
	QCOMPARE(call(QStringLiteral("/Settings"), QStringLiteral("AddSetting"),
				 {QStringLiteral("A"), QStringLiteral("B"), variant(1), QStringLiteral("i"), variant(0), variant(5)},
				 settings),
		QVariant(0));
	QCOMPARE(call(QStringLiteral("/Settings/A/B"), QStringLiteral("SetValue"), {variant(4)}), QVariant(0));
	// Adding again keeps the value and updates the attributes; another type is refused.
	QCOMPARE(call(QStringLiteral("/Settings"), QStringLiteral("AddSetting"),
				 {QStringLiteral("A"), QStringLiteral("B"), variant(2), QStringLiteral("i"), variant(0), variant(9)},
				 settings),
		QVariant(0));
	QCOMPARE(call(QStringLiteral("/Settings/A/B"), QStringLiteral("GetValue")), QVariant(4));
	QCOMPARE(call(QStringLiteral("/Settings/A/B"), QStringLiteral("GetMax")), QVariant(9));
	QCOMPARE(call(QStringLiteral("/Settings/A/B"), QStringLiteral("GetDefault")), QVariant(2));
	QCOMPARE(call(QStringLiteral("/Settings"), QStringLiteral("AddSetting"),
				 {QStringLiteral("A"), QStringLiteral("B"), variant(QStringLiteral("s")), QStringLiteral("s"),
					 variant(0), variant(0)},
				 settings),
		QVariant(int(EmbeddedSettings::TypeDiffer)));
	// A group is not a setting.
	QCOMPARE(call(QStringLiteral("/Settings"), QStringLiteral("AddSetting"),
				 {QString(), QStringLiteral("A"), variant(1), QStringLiteral("i"), variant(0), variant(0)}, settings),
		QVariant(int(EmbeddedSettings::IsGroup)));
}

void TestEmbeddedSettings::setValueConvertsAndChecksRange_data()
{
	QTest::addColumn<QVariant>("written");
	QTest::addColumn<int>("code");
	QTest::addColumn<QVariant>("stored");
	QTest::newRow("in range") << QVariant(7) << 0 << QVariant(7);
	QTest::newRow("2.7 truncates") << QVariant(2.7) << 0 << QVariant(2);
	QTest::newRow("numeric string") << QVariant(QStringLiteral("8")) << 0 << QVariant(8);
	QTest::newRow("word") << QVariant(QStringLiteral("x")) << -1 << QVariant(5);
	QTest::newRow("above max") << QVariant(11) << -1 << QVariant(5);
	QTest::newRow("below min") << QVariant(-1) << -1 << QVariant(5);
	QTest::newRow("invalid") << QVariant() << -1 << QVariant(5);
}

void TestEmbeddedSettings::setValueConvertsAndChecksRange()
{
	QFETCH(QVariant, written);
	QFETCH(int, code);
	QFETCH(QVariant, stored);
	addSettings(QStringLiteral("/Settings"), {entry(QStringLiteral("R/Int"), 5, 0, 10)});
	QCOMPARE(call(QStringLiteral("/Settings/R/Int"), QStringLiteral("SetValue"), {variant(written)}), QVariant(code));
	QCOMPARE(call(QStringLiteral("/Settings/R/Int"), QStringLiteral("GetValue")), stored);
}

void TestEmbeddedSettings::changesAreSignalledAsPropertiesChangedOnly()
{
	addSettings(QStringLiteral("/"), {entry(QStringLiteral("/Settings/S/Level"), 1, 0, 3)});
	QList<QVariantMap> properties;
	int itemsChanged = 0;
	MessageReceiver receiver([&](const QDBusMessage &m) {
		if (m.member() == QLatin1String("ItemsChanged"))
			++itemsChanged;
		else if (m.member() == QLatin1String("PropertiesChanged") && m.path() == QLatin1String("/Settings/S/Level"))
			properties.append(qdbus_cast<QVariantMap>(m.arguments().value(0)));
	});
	QVERIFY(m_client.connect(QStringLiteral("com.victronenergy.settings"), QString(),
		QStringLiteral("com.victronenergy.BusItem"), QString(), &receiver, SLOT(onMessage(QDBusMessage))));

	QCOMPARE(call(QStringLiteral("/Settings/S/Level"), QStringLiteral("SetValue"), {variant(2)}), QVariant(0));
	QTRY_COMPARE(properties.size(), 1);
	QCOMPARE(VeValue::fromDbus(properties.at(0).value(QStringLiteral("Value"))), QVariant(2));
	QCOMPARE(properties.at(0).value(QStringLiteral("Text")), QVariant(QStringLiteral("2")));
	// An equal value is accepted without a signal: the next change's signal is the very next one.
	QCOMPARE(call(QStringLiteral("/Settings/S/Level"), QStringLiteral("SetValue"), {variant(2)}), QVariant(0));
	QCOMPARE(call(QStringLiteral("/Settings/S/Level"), QStringLiteral("SetValue"), {variant(3)}), QVariant(0));
	QTRY_COMPARE(properties.size(), 2);
	QCOMPARE(VeValue::fromDbus(properties.at(1).value(QStringLiteral("Value"))), QVariant(3));
	QCOMPARE(itemsChanged, 0);
}

void TestEmbeddedSettings::groupsAndItems()
{
	addSettings(QStringLiteral("/Settings/G"), {entry(QStringLiteral("A"), 1), entry(QStringLiteral("Sub/B"), 2.5)});
	QCOMPARE(call(QStringLiteral("/Settings/G"), QStringLiteral("GetValue")),
		QVariant(QVariantMap{{QStringLiteral("A"), 1}, {QStringLiteral("Sub/B"), 2.5}}));
	const QVariantMap items = call(QStringLiteral("/"), QStringLiteral("GetItems")).toMap();
	const QVariantMap b = items.value(QStringLiteral("/Settings/G/Sub/B")).toMap();
	QCOMPARE(b.value(QStringLiteral("Value")), QVariant(2.5));
	QCOMPARE(b.value(QStringLiteral("Text")), QVariant(QStringLiteral("2.5")));
	QCOMPARE(b.value(QStringLiteral("Default")), QVariant(2.5));
	QVERIFY(b.contains(QStringLiteral("Min")) && b.contains(QStringLiteral("Max")));
}

void TestEmbeddedSettings::removeSettings()
{
	addSettings(QStringLiteral("/Settings/Rm"), {entry(QStringLiteral("A"), 1), entry(QStringLiteral("B"), 2)});
	const QVariant removed = call(QStringLiteral("/Settings/Rm"), QStringLiteral("RemoveSettings"),
		{QStringList{QStringLiteral("A"), QStringLiteral("Nope")}}, QStringLiteral("com.victronenergy.Settings"));
	QCOMPARE(removed, QVariant(QVariantList{0, -1}));
	QCOMPARE(call(QStringLiteral("/Settings/Rm/A"), QStringLiteral("GetValue")),
		QVariant(QStringLiteral("org.freedesktop.DBus.Error.UnknownObject")));
	QCOMPARE(call(QStringLiteral("/Settings/Rm/B"), QStringLiteral("GetValue")), QVariant(2));
}

void TestEmbeddedSettings::persistsAcrossRestart()
{
	addSettings(QStringLiteral("/"),
		{entry(QStringLiteral("/Settings/P/Int"), 5, 0, 10), entry(QStringLiteral("/Settings/P/Real"), 0.5),
			entry(QStringLiteral("/Settings/P/Text"), QStringLiteral("a"))});
	QCOMPARE(call(QStringLiteral("/Settings/P/Int"), QStringLiteral("SetValue"), {variant(9)}), QVariant(0));
	QCOMPARE(call(QStringLiteral("/Settings/P/Real"), QStringLiteral("SetValue"), {variant(2.25)}), QVariant(0));
	QCOMPARE(call(QStringLiteral("/Settings/P/Text"), QStringLiteral("SetValue"), {variant(QStringLiteral("b c"))}),
		QVariant(0));
	QTRY_VERIFY(QFile::exists(settingsFile()));

	startService();
	QCOMPARE(call(QStringLiteral("/Settings/P/Int"), QStringLiteral("GetValue")), QVariant(9));
	QCOMPARE(call(QStringLiteral("/Settings/P/Int"), QStringLiteral("GetMax")), QVariant(10));
	QCOMPARE(call(QStringLiteral("/Settings/P/Int"), QStringLiteral("GetDefault")), QVariant(5));
	QCOMPARE(call(QStringLiteral("/Settings/P/Real"), QStringLiteral("GetValue")), QVariant(2.25));
	QCOMPARE(call(QStringLiteral("/Settings/P/Text"), QStringLiteral("GetValue")), QVariant(QStringLiteral("b c")));
	// Out-of-range writes are still refused after a restart.
	QCOMPARE(call(QStringLiteral("/Settings/P/Int"), QStringLiteral("SetValue"), {variant(11)}), QVariant(-1));
}

void TestEmbeddedSettings::corruptFileIsMovedAside()
{
	m_settings.reset();
	QFile file(settingsFile());
	QVERIFY(file.open(QIODevice::WriteOnly));
	file.write("{\"version\": 1, \"settings\": {\"/Settings/X\": {\"type\": \"i\", \"val");
	file.close();

	startService();
	QVERIFY(!QFile::exists(settingsFile()));
	const QStringList aside = QDir(m_dir->path()).entryList({QStringLiteral("settings.json.corrupt-*")});
	QCOMPARE(aside.size(), 1);
	QCOMPARE(call(QStringLiteral("/Settings/X"), QStringLiteral("GetValue")),
		QVariant(QStringLiteral("org.freedesktop.DBus.Error.UnknownObject")));
	// It still works, and saves a good file again.
	QCOMPARE(addSettings(QStringLiteral("/"), {entry(QStringLiteral("/Settings/X"), 1)})
				 .value(0)
				 .toMap()
				 .value(QStringLiteral("error")),
		QVariant(0));
	QTRY_VERIFY(QFile::exists(settingsFile()));
}

void TestEmbeddedSettings::deviceInstanceConflictGivesNextFree()
{
	const QVariantList first = addSettings(QStringLiteral("/Settings/Devices"),
		{entry(QStringLiteral("meterA/ClassAndVrmInstance"), QStringLiteral("grid:30"))});
	QCOMPARE(first.value(0).toMap().value(QStringLiteral("value")), QVariant(QStringLiteral("grid:30")));

	// Through the client class pvrouter's devices use.
	DeviceInstanceRequest request(m_client, QStringLiteral("meterB"), QStringLiteral("grid"), 30);
	QSignalSpy allocated(&request, &DeviceInstanceRequest::allocated);
	QVERIFY(allocated.wait(5000));
	QCOMPARE(allocated.at(0).at(0), QVariant(QStringLiteral("grid")));
	QCOMPARE(allocated.at(0).at(1), QVariant(31));
	QCOMPARE(call(DeviceInstanceRequest::settingPath(QStringLiteral("meterB")), QStringLiteral("GetValue")),
		QVariant(QStringLiteral("grid:31")));

	// Another class may use the same number; asking again keeps the record.
	DeviceInstanceRequest other(m_client, QStringLiteral("tank"), QStringLiteral("temperature"), 30);
	QSignalSpy otherAllocated(&other, &DeviceInstanceRequest::allocated);
	QVERIFY(otherAllocated.wait(5000));
	QCOMPARE(otherAllocated.at(0).at(1), QVariant(30));
	DeviceInstanceRequest again(m_client, QStringLiteral("meterB"), QStringLiteral("grid"), 30);
	QSignalSpy againAllocated(&again, &DeviceInstanceRequest::allocated);
	QVERIFY(againAllocated.wait(5000));
	QCOMPARE(againAllocated.at(0).at(1), QVariant(31));

	// Setting a taken pair moves to the next free one, as localsettings does.
	QCOMPARE(call(DeviceInstanceRequest::settingPath(QStringLiteral("meterA")), QStringLiteral("SetValue"),
				 {variant(QStringLiteral("grid:31"))}),
		QVariant(0));
	QCOMPARE(call(DeviceInstanceRequest::settingPath(QStringLiteral("meterA")), QStringLiteral("GetValue")),
		QVariant(QStringLiteral("grid:32")));
}

void TestEmbeddedSettings::settingsClientCreatesAndFollows()
{
	const QList<SettingDef> schema = {
		{QStringLiteral("/Settings/C/Mode"), SettingType::Int, 1, 0, 3},
		{QStringLiteral("/Settings/C/Target"), SettingType::Double, 50, 20, 80},
		{QStringLiteral("/Settings/C/Name"), SettingType::String, QStringLiteral("tank"), {}, {}},
	};
	addSettings(QStringLiteral("/"), {entry(QStringLiteral("/Settings/C/Mode"), 1, 0, 3)});
	QCOMPARE(call(QStringLiteral("/Settings/C/Mode"), QStringLiteral("SetValue"), {variant(2)}), QVariant(0));

	SettingsClient client(m_client, schema);
	QSignalSpy ready(&client, &SettingsClient::ready);
	client.start();
	QVERIFY(ready.wait(5000));
	QCOMPARE(client.value(QStringLiteral("/Settings/C/Mode")), QVariant(2));      // existing value kept
	QCOMPARE(client.value(QStringLiteral("/Settings/C/Target")), QVariant(50.0)); // created with the double type
	QCOMPARE(call(QStringLiteral("/Settings/C/Target"), QStringLiteral("GetMax")), QVariant(80.0));
	QCOMPARE(client.value(QStringLiteral("/Settings/C/Name")), QVariant(QStringLiteral("tank")));

	// A change by anyone else reaches the client.
	QSignalSpy changed(&client, &SettingsClient::valueChanged);
	QCOMPARE(call(QStringLiteral("/Settings/C/Target"), QStringLiteral("SetValue"), {variant(65)}), QVariant(0));
	QTRY_COMPARE(changed.size(), 1);
	QCOMPARE(changed.at(0).at(0), QVariant(QStringLiteral("/Settings/C/Target")));
	QCOMPARE(changed.at(0).at(1), QVariant(65.0));

	// And a change by the client goes through localsettings' checks.
	client.setValue(QStringLiteral("/Settings/C/Mode"), 3);
	QTRY_COMPARE(client.value(QStringLiteral("/Settings/C/Mode")), QVariant(3));
	client.setValue(QStringLiteral("/Settings/C/Mode"), 9);
	client.setValue(QStringLiteral("/Settings/C/Name"), QStringLiteral("boiler"));
	QTRY_COMPARE(client.value(QStringLiteral("/Settings/C/Name")), QVariant(QStringLiteral("boiler")));
	QCOMPARE(client.value(QStringLiteral("/Settings/C/Mode")), QVariant(3));
}

QTEST_GUILESS_MAIN(TestEmbeddedSettings)
#include "tst_embedded_settings.moc"
