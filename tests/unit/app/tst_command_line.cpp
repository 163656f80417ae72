#include "app/command_line.h"

#include <QTest>

using namespace pvrouter;

class TestCommandLine : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void defaults();
	void everyOption();
	void helpAndVersion();
	void errors_data();
	void errors();
};

namespace {
CommandLine parse(QStringList args)
{
	args.prepend(QStringLiteral("dbus-pvrouter"));
	return parseCommandLine(args);
}
} // namespace

void TestCommandLine::defaults()
{
	const CommandLine cmd = parse({});
	QCOMPARE(cmd.action, CommandLine::Action::Run);
	QCOMPARE(cmd.options.bus.toString(), QStringLiteral("system"));
	QCOMPARE(cmd.options.settings, SettingsMode::Auto);
	QVERIFY(cmd.options.configFile.isEmpty());
	QCOMPARE(cmd.options.dataDir, defaultDataDir());
}

void TestCommandLine::everyOption()
{
	const CommandLine cmd = parse({QStringLiteral("--dbus"), QStringLiteral("unix:path=/tmp/bus"),
		QStringLiteral("--config"), QStringLiteral("/etc/pv.ini"), QStringLiteral("--data-dir"),
		QStringLiteral("/tmp/d"), QStringLiteral("--settings"), QStringLiteral("embedded")});
	QCOMPARE(cmd.action, CommandLine::Action::Run);
	QCOMPARE(cmd.options.bus.toString(), QStringLiteral("unix:path=/tmp/bus"));
	QCOMPARE(cmd.options.configFile, QStringLiteral("/etc/pv.ini"));
	QCOMPARE(cmd.options.dataDir, QStringLiteral("/tmp/d"));
	QCOMPARE(cmd.options.settings, SettingsMode::Embedded);
	QCOMPARE(parse({QStringLiteral("--settings"), QStringLiteral("bus")}).options.settings, SettingsMode::Bus);
	QCOMPARE(
		parse({QStringLiteral("--dbus"), QStringLiteral("session")}).options.bus.toString(), QStringLiteral("session"));
}

void TestCommandLine::helpAndVersion()
{
	const CommandLine help = parse({QStringLiteral("--help")});
	QCOMPARE(help.action, CommandLine::Action::Help);
	for (const char *option : {"--dbus", "--config", "--data-dir", "--settings", "--serial", "--version"})
		QVERIFY2(help.text.contains(QLatin1String(option)), option);
	QCOMPARE(parse({QStringLiteral("--version")}).action, CommandLine::Action::Version);
}

void TestCommandLine::errors_data()
{
	QTest::addColumn<QStringList>("args");
	QTest::addColumn<QString>("mentions");
	QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << "frobnicate";
	QTest::newRow("bad bus") << QStringList{QStringLiteral("--dbus"), QStringLiteral("sytem")} << "sytem";
	QTest::newRow("bad settings mode") << QStringList{QStringLiteral("--settings"), QStringLiteral("xml")} << "xml";
	QTest::newRow("missing value") << QStringList{QStringLiteral("--config")} << "config";
	QTest::newRow("stray argument") << QStringList{QStringLiteral("extra")} << "extra";
	QTest::newRow("config and serial") << QStringList{QStringLiteral("--config"), QStringLiteral("a.ini"),
											  QStringLiteral("--serial"), QStringLiteral("ttyUSB0")}
									   << "exclude each other";
}

void TestCommandLine::errors()
{
	QFETCH(QStringList, args);
	QFETCH(QString, mentions);
	const CommandLine cmd = parse(args);
	QCOMPARE(cmd.action, CommandLine::Action::Error);
	QVERIFY2(cmd.text.contains(mentions), qPrintable(cmd.text));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_command_line.moc"
