#include "app/ini_file.h"

#include <QTemporaryDir>
#include <QTest>

using namespace pvrouter;

class TestIniFile : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void parsesSectionsKeysAndComments();
	void errorsNameFileAndLine_data();
	void errorsNameFileAndLine();
	void missingFileIsAnError();
};

void TestIniFile::parsesSectionsKeysAndComments()
{
	IniFile ini;
	QString error;
	const QByteArray text = "; leading comment\n"
							"[line.rs485]\n"
							"port = /dev/ttyUSB0   ; the adapter\n"
							"baud=9600\n"
							"\n"
							"# another comment\n"
							"[device.boiler]\n"
							"name = Boiler tank\n";
	QVERIFY2(ini.parse(QStringLiteral("pv.ini"), text, &error), qPrintable(error));
	QCOMPARE(ini.sections().size(), 2);
	const IniFile::Section &line = ini.sections().at(0);
	QCOMPARE(line.name, QStringLiteral("line.rs485"));
	QCOMPARE(line.line, 2);
	QCOMPARE(line.entries.size(), 2);
	QCOMPARE(line.entries.at(0).key, QStringLiteral("port"));
	QCOMPARE(line.entries.at(0).value, QStringLiteral("/dev/ttyUSB0"));
	QCOMPARE(line.entries.at(1).value, QStringLiteral("9600"));
	QCOMPARE(line.entries.at(1).line, 4);
	QCOMPARE(ini.sections().at(1).entries.at(0).value, QStringLiteral("Boiler tank"));
}

void TestIniFile::errorsNameFileAndLine_data()
{
	QTest::addColumn<QByteArray>("text");
	QTest::addColumn<QString>("error");
	QTest::newRow("key outside section") << QByteArray("a = 1\n") << "pv.ini:1: key 'a' outside of any [section]";
	QTest::newRow("no equals") << QByteArray("[s]\n\nport\n") << "pv.ini:3: expected 'key = value', got 'port'";
	QTest::newRow("empty key") << QByteArray("[s]\n= 1\n") << "pv.ini:2: expected 'key = value', got '= 1'";
	QTest::newRow("bad header") << QByteArray("[s\n") << "pv.ini:1: malformed section header '[s'";
	QTest::newRow("empty header") << QByteArray("[ ]\n") << "pv.ini:1: malformed section header '[ ]'";
	QTest::newRow("duplicate section") << QByteArray("[s]\n[t]\n[s]\n")
									   << "pv.ini:3: section [s] already defined at line 1";
	QTest::newRow("duplicate key") << QByteArray("[s]\na=1\na=2\n") << "pv.ini:3: key 'a' already set at line 2";
}

void TestIniFile::errorsNameFileAndLine()
{
	QFETCH(QByteArray, text);
	QFETCH(QString, error);
	IniFile ini;
	QString message;
	QVERIFY(!ini.parse(QStringLiteral("pv.ini"), text, &message));
	QCOMPARE(message, error);
}

void TestIniFile::missingFileIsAnError()
{
	QTemporaryDir dir;
	const QString file = dir.filePath(QStringLiteral("missing.ini"));
	IniFile ini;
	QString error;
	QVERIFY(!ini.load(file, &error));
	QVERIFY2(error.startsWith(file + QLatin1Char(':')), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestIniFile)
#include "tst_ini_file.moc"
