#include "app/device_config.h"
#include "app/ini_file.h"

#include <QTest>

using namespace pvrouter;

Q_DECLARE_METATYPE(pvrouter::DeviceType)

namespace {

// Lines 1-2: a line; line 3: the device header, so a device body starts at line 4.
const QByteArray Line = "[line.rs485]\nport = /dev/ttyUSB0\n";

QByteArray device(const QByteArray &body)
{
	return Line + "[device.d]\n" + body;
}

bool parse(const QByteArray &text, Config *config, QString *error)
{
	IniFile ini;
	if (!ini.parse(QStringLiteral("pv.ini"), text, error))
		return false;
	return parseConfig(ini, config, error);
}

Config parseOk(const QByteArray &text)
{
	Config config;
	QString error;
	if (!parse(text, &config, &error))
		qWarning("unexpected error: %s", qPrintable(error));
	return config;
}

} // namespace

class TestDeviceConfig : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void issueExample();
	void emptyFileHasNoDevices();
	void typeDefaults_data();
	void typeDefaults();
	void typeNames();
	void lineSettings_data();
	void lineSettings();
	void serialInheritance_data();
	void serialInheritance();
	void lineFraming_data();
	void lineFraming();
	void tcpForm_data();
	void tcpForm();
	void pollParsing_data();
	void pollParsing();
	void explicitValues();
	void sameUnitOnDifferentBuses();
	void lineMayFollowItsDevices();
	void shellyIssueExample();
	void shellyDefaults();
	void httpUrlForms_data();
	void httpUrlForms();
	void shellyChannelsAndTwins();
	void passwordNeverInAnError();
	void errors_data();
	void errors();
};

void TestDeviceConfig::issueExample()
{
	const QByteArray text =
		"[line.rs485]\n"
		"port = /dev/ttyUSB0\n"
		"baud = 9600\n"
		"parity = none        ; none | even | odd\n"
		"stopbits = 1\n"
		"\n"
		"[device.boiler]\n"
		"type = heizstab      ; heizstab | pzem016 | pzem017 | sdm230 | growatt\n"
		"line = rs485         ; or  tcp = 192.168.1.20:502\n"
		"unit = 33\n"
		"role = heatpump      ; AC meters: grid | pvinverter | acload | heatpump; pzem017: dcload | "
		"dcsource | dcsystem\n"
		"position = 0         ; pvinverter / acload: 0 AC input 1, 1 AC output, 2 AC input 2\n"
		"name = Boiler\n"
		"poll = 1s\n";
	Config config;
	QString error;
	QVERIFY2(parse(text, &config, &error), qPrintable(error));

	QCOMPARE(config.lines.size(), 1);
	const LineConfig &line = config.lines.at(0);
	QCOMPARE(line.name, QStringLiteral("rs485"));
	QCOMPARE(line.line, 1);
	QCOMPARE(line.serial.port, QStringLiteral("/dev/ttyUSB0"));
	QCOMPARE(line.serial.baud, 9600);
	QCOMPARE(line.serial.parity, QSerialPort::NoParity);
	QCOMPARE(line.serial.stopBits, QSerialPort::OneStop);
	QCOMPARE(line.serial.dataBits, 8);

	QCOMPARE(config.devices.size(), 1);
	const DeviceConfig &d = config.devices.at(0);
	QCOMPARE(d.name, QStringLiteral("boiler"));
	QCOMPARE(d.line, 7);
	QCOMPARE(d.type, DeviceType::Heizstab);
	QCOMPARE(d.lineName, QStringLiteral("rs485"));
	QVERIFY(!d.isTcp());
	QCOMPARE(d.tcpHost, QString());
	QVERIFY(d.serial.has_value());
	QCOMPARE(d.serial->port, QStringLiteral("/dev/ttyUSB0"));
	QCOMPARE(d.serial->baud, 9600);
	QCOMPARE(d.serial->parity, QSerialPort::NoParity);
	QCOMPARE(d.serial->stopBits, QSerialPort::OneStop);
	QCOMPARE(d.serial->dataBits, 8);
	QCOMPARE(d.unit, quint8(33));
	QCOMPARE(d.role, QStringLiteral("heatpump"));
	QCOMPARE(d.position, 0);
	QCOMPARE(d.customName, QStringLiteral("Boiler"));
	QCOMPARE(qint64(d.poll.count()), qint64(1000));
	QCOMPARE(d.maxPowerW, 0);
}

void TestDeviceConfig::emptyFileHasNoDevices()
{
	Config config;
	config.lines.append(LineConfig());
	QString error;
	QVERIFY2(parse("; nothing here\n", &config, &error), qPrintable(error));
	QVERIFY(config.lines.isEmpty());
	QVERIFY(config.devices.isEmpty());
}

void TestDeviceConfig::typeDefaults_data()
{
	QTest::addColumn<QByteArray>("type");
	QTest::addColumn<DeviceType>("expectedType");
	QTest::addColumn<int>("unit");
	QTest::addColumn<QString>("role");
	QTest::addColumn<QSerialPort::StopBits>("stopBits");
	QTest::newRow("heizstab") << QByteArray("heizstab") << DeviceType::Heizstab << 33 << "heatpump"
							  << QSerialPort::OneStop;
	QTest::newRow("pzem016") << QByteArray("pzem016") << DeviceType::Pzem016 << 1 << "grid" << QSerialPort::OneStop;
	QTest::newRow("pzem017") << QByteArray("pzem017") << DeviceType::Pzem017 << 1 << "dcload" << QSerialPort::TwoStop;
	QTest::newRow("sdm230") << QByteArray("sdm230") << DeviceType::Sdm230 << 1 << "grid" << QSerialPort::OneStop;
	QTest::newRow("growatt") << QByteArray("growatt") << DeviceType::Growatt << 1 << "pvinverter"
							 << QSerialPort::OneStop;
}

void TestDeviceConfig::typeDefaults()
{
	QFETCH(QByteArray, type);
	QFETCH(DeviceType, expectedType);
	QFETCH(int, unit);
	QFETCH(QString, role);
	QFETCH(QSerialPort::StopBits, stopBits);
	// A silent line: everything comes from the type.
	const QByteArray maxPower = expectedType == DeviceType::Growatt ? "maxpower = 3000\n" : "";
	const Config config = parseOk(device("type = " + type + "\nline = rs485\n" + maxPower));
	QCOMPARE(config.devices.size(), 1);
	const DeviceConfig &d = config.devices.at(0);
	QCOMPARE(d.type, expectedType);
	QCOMPARE(int(d.unit), unit);
	QCOMPARE(d.role, role);
	QCOMPARE(d.position, 0);
	QCOMPARE(d.customName, QString());
	QCOMPARE(qint64(d.poll.count()), qint64(1000));
	QVERIFY(d.serial.has_value());
	QCOMPARE(d.serial->baud, 9600);
	QCOMPARE(d.serial->parity, QSerialPort::NoParity);
	QCOMPARE(d.serial->stopBits, stopBits);
	QCOMPARE(d.serial->dataBits, 8);
	QCOMPARE(d.maxPowerW, expectedType == DeviceType::Growatt ? 3000 : 0);

	const DeviceTypeDefaults &defaults = deviceTypeDefaults(expectedType);
	QCOMPARE(int(defaults.unit), unit);
	QCOMPARE(defaults.role, role);
	QCOMPARE(defaults.serial.stopBits, stopBits);
	QCOMPARE(defaults.serial.baud, 9600);
	QCOMPARE(qint64(defaults.poll.count()), qint64(1000));
	QVERIFY(defaults.roles.contains(role));
}

void TestDeviceConfig::typeNames()
{
	const QStringList names = {QStringLiteral("heizstab"), QStringLiteral("pzem016"), QStringLiteral("pzem017"),
		QStringLiteral("sdm230"), QStringLiteral("growatt"), QStringLiteral("shelly")};
	for (const QString &name : names) {
		const std::optional<DeviceType> type = deviceTypeFromName(name);
		QVERIFY2(type.has_value(), qPrintable(name));
		QCOMPARE(deviceTypeName(*type), name);
	}
	QVERIFY(!deviceTypeFromName(QStringLiteral("Heizstab")).has_value());
	QVERIFY(!deviceTypeFromName(QString()).has_value());
}

void TestDeviceConfig::lineSettings_data()
{
	QTest::addColumn<QByteArray>("keys");
	QTest::addColumn<int>("baud");
	QTest::addColumn<QSerialPort::Parity>("parity");
	QTest::addColumn<QSerialPort::StopBits>("stopBits");
	QTest::newRow("silent: 9600 8N1") << QByteArray() << 9600 << QSerialPort::NoParity << QSerialPort::OneStop;
	QTest::newRow("19200 8E2") << QByteArray("baud = 19200\nparity = even\nstopbits = 2\n") << 19200
							   << QSerialPort::EvenParity << QSerialPort::TwoStop;
	QTest::newRow("odd") << QByteArray("parity = odd\n") << 9600 << QSerialPort::OddParity << QSerialPort::OneStop;
	QTest::newRow("1200") << QByteArray("baud = 1200\n") << 1200 << QSerialPort::NoParity << QSerialPort::OneStop;
	QTest::newRow("115200") << QByteArray("baud = 115200\n") << 115200 << QSerialPort::NoParity << QSerialPort::OneStop;
}

void TestDeviceConfig::lineSettings()
{
	QFETCH(QByteArray, keys);
	QFETCH(int, baud);
	QFETCH(QSerialPort::Parity, parity);
	QFETCH(QSerialPort::StopBits, stopBits);
	const Config config = parseOk("[line.a]\nport = /dev/ttyS1\n" + keys);
	QCOMPARE(config.lines.size(), 1);
	const SerialSettings &s = config.lines.at(0).serial;
	QCOMPARE(s.port, QStringLiteral("/dev/ttyS1"));
	QCOMPARE(s.baud, baud);
	QCOMPARE(s.parity, parity);
	QCOMPARE(s.stopBits, stopBits);
	QCOMPARE(s.dataBits, 8);
}

void TestDeviceConfig::serialInheritance_data()
{
	// Field by field: the device's key, else the line's key, else the type's default.
	QTest::addColumn<QByteArray>("lineKeys");
	QTest::addColumn<QByteArray>("type");
	QTest::addColumn<QByteArray>("deviceKeys");
	QTest::addColumn<int>("baud");
	QTest::addColumn<QSerialPort::Parity>("parity");
	QTest::addColumn<QSerialPort::StopBits>("stopBits");
	QTest::newRow("pzem017 on a silent line gets 8N2") << QByteArray() << QByteArray("pzem017") << QByteArray() << 9600
													   << QSerialPort::NoParity << QSerialPort::TwoStop;
	QTest::newRow("line stopbits = 1 beats the pzem017 default")
		<< QByteArray("stopbits = 1\n") << QByteArray("pzem017") << QByteArray() << 9600 << QSerialPort::NoParity
		<< QSerialPort::OneStop;
	QTest::newRow("device stopbits beats the line")
		<< QByteArray("stopbits = 1\n") << QByteArray("pzem017") << QByteArray("stopbits = 2\n") << 9600
		<< QSerialPort::NoParity << QSerialPort::TwoStop;
	QTest::newRow("line's other fields still apply to pzem017")
		<< QByteArray("baud = 4800\nparity = even\n") << QByteArray("pzem017") << QByteArray() << 4800
		<< QSerialPort::EvenParity << QSerialPort::TwoStop;
	QTest::newRow("line settings apply to pzem016")
		<< QByteArray("baud = 19200\nparity = odd\nstopbits = 2\n") << QByteArray("pzem016") << QByteArray() << 19200
		<< QSerialPort::OddParity << QSerialPort::TwoStop;
	QTest::newRow("device baud overrides, parity from line")
		<< QByteArray("baud = 9600\nparity = even\n") << QByteArray("sdm230") << QByteArray("baud = 2400\n") << 2400
		<< QSerialPort::EvenParity << QSerialPort::OneStop;
	QTest::newRow("device overrides all three")
		<< QByteArray("baud = 9600\nparity = even\nstopbits = 2\n") << QByteArray("heizstab")
		<< QByteArray("baud = 38400\nparity = none\nstopbits = 1\n") << 38400 << QSerialPort::NoParity
		<< QSerialPort::OneStop;
	QTest::newRow("device keys on a silent line")
		<< QByteArray() << QByteArray("sdm230") << QByteArray("parity = even\n") << 9600 << QSerialPort::EvenParity
		<< QSerialPort::OneStop;
}

void TestDeviceConfig::serialInheritance()
{
	QFETCH(QByteArray, lineKeys);
	QFETCH(QByteArray, type);
	QFETCH(QByteArray, deviceKeys);
	QFETCH(int, baud);
	QFETCH(QSerialPort::Parity, parity);
	QFETCH(QSerialPort::StopBits, stopBits);
	const Config config = parseOk(
		"[line.bus]\nport = /dev/ttyUSB3\n" + lineKeys + "[device.d]\ntype = " + type + "\nline = bus\n" + deviceKeys);
	QCOMPARE(config.devices.size(), 1);
	const DeviceConfig &d = config.devices.at(0);
	QVERIFY(d.serial.has_value());
	QCOMPARE(d.serial->port, QStringLiteral("/dev/ttyUSB3"));
	QCOMPARE(d.serial->baud, baud);
	QCOMPARE(d.serial->parity, parity);
	QCOMPARE(d.serial->stopBits, stopBits);
	QCOMPARE(d.serial->dataBits, 8);
}

void TestDeviceConfig::lineFraming_data()
{
	// The port's framing from the devices sharing it: two stop bits when any of them needs two.
	QTest::addColumn<QByteArray>("text");
	QTest::addColumn<int>("baud");
	QTest::addColumn<QSerialPort::Parity>("parity");
	QTest::addColumn<QSerialPort::StopBits>("stopBits");
	const QByteArray heater = "[device.boiler]\ntype = heizstab\nline = rs485\n";
	const QByteArray shunt = "[device.shunt]\ntype = pzem017\nline = rs485\nunit = 2\n";
	QTest::newRow("no devices: the section's keys")
		<< QByteArray("[line.rs485]\nport = /dev/ttyUSB0\nbaud = 4800\nparity = even\n") << 4800
		<< QSerialPort::EvenParity << QSerialPort::OneStop;
	QTest::newRow("8N1 devices only") << Line + heater << 9600 << QSerialPort::NoParity << QSerialPort::OneStop;
	QTest::newRow("pzem017 among 8N1 devices: two stop bits")
		<< Line + heater + shunt << 9600 << QSerialPort::NoParity << QSerialPort::TwoStop;
	QTest::newRow("order does not matter")
		<< Line + shunt + heater << 9600 << QSerialPort::NoParity << QSerialPort::TwoStop;
	QTest::newRow("line stopbits = 1 holds when no device asks for two")
		<< QByteArray("[line.rs485]\nport = /dev/ttyUSB0\nstopbits = 1\n") + heater + shunt << 9600
		<< QSerialPort::NoParity << QSerialPort::OneStop;
}

void TestDeviceConfig::lineFraming()
{
	QFETCH(QByteArray, text);
	QFETCH(int, baud);
	QFETCH(QSerialPort::Parity, parity);
	QFETCH(QSerialPort::StopBits, stopBits);
	const Config config = parseOk(text);
	QCOMPARE(config.lines.size(), 1);
	const SerialSettings &s = config.lines.at(0).serial;
	QCOMPARE(s.port, QStringLiteral("/dev/ttyUSB0"));
	QCOMPARE(s.baud, baud);
	QCOMPARE(s.parity, parity);
	QCOMPARE(s.stopBits, stopBits);
	// Each device keeps what it needs itself.
	for (const DeviceConfig &d : config.devices) {
		const bool shunt = d.type == DeviceType::Pzem017 && !text.contains("stopbits = 1");
		QCOMPARE(d.serial->stopBits, shunt ? QSerialPort::TwoStop : QSerialPort::OneStop);
	}
}

void TestDeviceConfig::tcpForm_data()
{
	QTest::addColumn<QByteArray>("value");
	QTest::addColumn<QString>("host");
	QTest::addColumn<int>("port");
	QTest::newRow("ip:port") << QByteArray("192.168.1.20:502") << "192.168.1.20" << 502;
	QTest::newRow("other port") << QByteArray("192.168.1.20:1502") << "192.168.1.20" << 1502;
	QTest::newRow("default port") << QByteArray("192.168.1.20") << "192.168.1.20" << 502;
	QTest::newRow("host name") << QByteArray("rs485-gw.local:8899") << "rs485-gw.local" << 8899;
	QTest::newRow("ipv6") << QByteArray("[fe80::1]:503") << "fe80::1" << 503;
	QTest::newRow("ipv6 default port") << QByteArray("[::1]") << "::1" << 502;
	QTest::newRow("highest port") << QByteArray("gw:65535") << "gw" << 65535;
}

void TestDeviceConfig::tcpForm()
{
	QFETCH(QByteArray, value);
	QFETCH(QString, host);
	QFETCH(int, port);
	const Config config = parseOk("[device.inverter]\ntype = growatt\ntcp = " + value + "\nmaxpower = 3000\n");
	QCOMPARE(config.devices.size(), 1);
	const DeviceConfig &d = config.devices.at(0);
	QVERIFY(d.isTcp());
	QCOMPARE(d.tcpHost, host);
	QCOMPARE(int(d.tcpPort), port);
	QCOMPARE(d.lineName, QString());
	QVERIFY(!d.serial.has_value());
	QCOMPARE(int(d.unit), 1);
	QCOMPARE(d.role, QStringLiteral("pvinverter"));
	QCOMPARE(d.maxPowerW, 3000);
}

void TestDeviceConfig::pollParsing_data()
{
	QTest::addColumn<QByteArray>("value");
	QTest::addColumn<qint64>("ms");
	QTest::newRow("500ms") << QByteArray("500ms") << qint64(500);
	QTest::newRow("1s") << QByteArray("1s") << qint64(1000);
	QTest::newRow("2.5s") << QByteArray("2.5s") << qint64(2500);
	QTest::newRow("1m") << QByteArray("1m") << qint64(60000);
	QTest::newRow("1.5m") << QByteArray("1.5m") << qint64(90000);
	QTest::newRow("1h") << QByteArray("1h") << qint64(3600000);
	QTest::newRow("lowest") << QByteArray("100ms") << qint64(100);
	QTest::newRow("0.1s") << QByteArray("0.1s") << qint64(100);
	QTest::newRow("highest in s") << QByteArray("3600s") << qint64(3600000);
	QTest::newRow("highest in m") << QByteArray("60m") << qint64(3600000);
	QTest::newRow("space before unit") << QByteArray("10 s") << qint64(10000);
}

void TestDeviceConfig::pollParsing()
{
	QFETCH(QByteArray, value);
	QFETCH(qint64, ms);
	const Config config = parseOk(device("type = sdm230\nline = rs485\npoll = " + value + "\n"));
	QCOMPARE(config.devices.size(), 1);
	QCOMPARE(qint64(config.devices.at(0).poll.count()), ms);
}

void TestDeviceConfig::explicitValues()
{
	const Config config = parseOk(Line +
		"[device.pv_2]\ntype = pzem016\nline = rs485\nunit = 247\nrole = pvinverter\nposition = 2\n"
		"name = Garage PV\npoll = 250ms\n"
		"[device.shunt]\ntype = pzem017\nline = rs485\nunit = 3\nrole = dcsystem\nshunt = 300\n"
		"[device.pump]\ntype = sdm230\nline = rs485\nunit = 4\nrole = heatpump\nposition = 1\n");
	QCOMPARE(config.devices.size(), 3);
	const DeviceConfig &pv = config.devices.at(0);
	QCOMPARE(pv.name, QStringLiteral("pv_2"));
	QCOMPARE(pv.line, 3);
	QCOMPARE(int(pv.unit), 247);
	QCOMPARE(pv.role, QStringLiteral("pvinverter"));
	QCOMPARE(pv.position, 2);
	QCOMPARE(pv.customName, QStringLiteral("Garage PV"));
	QCOMPARE(qint64(pv.poll.count()), qint64(250));
	QCOMPARE(config.devices.at(1).role, QStringLiteral("dcsystem"));
	QCOMPARE(int(config.devices.at(1).unit), 3);
	QCOMPARE(config.devices.at(1).shuntA, 300);
	QCOMPARE(pv.shuntA, 0);
	QCOMPARE(config.devices.at(2).role, QStringLiteral("heatpump"));
	QCOMPARE(config.devices.at(2).position, 1);
}

void TestDeviceConfig::sameUnitOnDifferentBuses()
{
	const Config config = parseOk("[line.a]\nport = /dev/ttyUSB0\n[line.b]\nport = /dev/ttyUSB1\n"
								  "[device.a1]\ntype = pzem016\nline = a\n"
								  "[device.b1]\ntype = pzem016\nline = b\n"
								  "[device.t1]\ntype = sdm230\ntcp = 10.0.0.2\n"
								  "[device.t2]\ntype = sdm230\ntcp = 10.0.0.3\n"
								  "[device.t3]\ntype = sdm230\ntcp = 10.0.0.3:503\n"
								  "[device.t4]\ntype = sdm230\ntcp = 10.0.0.3\nunit = 2\n");
	QCOMPARE(config.lines.size(), 2);
	QCOMPARE(config.devices.size(), 6);
	QCOMPARE(config.devices.at(1).serial->port, QStringLiteral("/dev/ttyUSB1"));
}

void TestDeviceConfig::lineMayFollowItsDevices()
{
	const Config config = parseOk("[device.boiler]\ntype = heizstab\nline = late\n"
								  "[line.late]\nport = /dev/ttyUSB0\nbaud = 19200\n");
	QCOMPARE(config.devices.size(), 1);
	QCOMPARE(config.devices.at(0).serial->baud, 19200);
}

void TestDeviceConfig::shellyIssueExample()
{
	const QByteArray text = "[device.meter]\n"
							"type = shelly                ; generation and model detected\n"
							"url = http://192.168.1.51\n"
							"username = admin             ; optional\n"
							"password = s3cret\n"
							"role = pvinverter            ; grid | acload | pvinverter\n"
							"position = 1                 ; pvinverter/acload only, as for Modbus meters\n"
							"poll = 1s\n"
							"name = Roof\n";
	Config config;
	QString error;
	QVERIFY2(parse(text, &config, &error), qPrintable(error));
	QVERIFY(config.lines.isEmpty());
	QCOMPARE(config.devices.size(), 1);
	const DeviceConfig &d = config.devices.at(0);
	QCOMPARE(d.type, DeviceType::Shelly);
	QVERIFY(d.isHttp());
	QVERIFY(!d.isTcp());
	QCOMPARE(d.url, QUrl(QStringLiteral("http://192.168.1.51")));
	QCOMPARE(d.username, QStringLiteral("admin"));
	QCOMPARE(d.password, QStringLiteral("s3cret"));
	QCOMPARE(d.role, QStringLiteral("pvinverter"));
	QCOMPARE(d.position, 1);
	QCOMPARE(d.customName, QStringLiteral("Roof"));
	QCOMPARE(qint64(d.poll.count()), qint64(1000));
	QVERIFY(!d.channel.has_value());
	QVERIFY(!d.serial.has_value());
	QCOMPARE(d.lineName, QString());
}

void TestDeviceConfig::shellyDefaults()
{
	const Config config = parseOk("[device.grid]\ntype = shelly\nurl = http://10.0.0.5\n");
	QCOMPARE(config.devices.size(), 1);
	const DeviceConfig &d = config.devices.at(0);
	QCOMPARE(d.role, QStringLiteral("grid")); // a meter is a grid meter unless told otherwise
	QCOMPARE(qint64(d.poll.count()), qint64(1000));
	QCOMPARE(d.username, QString());
	QCOMPARE(d.password, QString());
	const DeviceTypeDefaults &defaults = deviceTypeDefaults(DeviceType::Shelly);
	QCOMPARE(defaults.transport, DeviceTransport::Http);
	QCOMPARE(
		defaults.roles, QStringList({QStringLiteral("grid"), QStringLiteral("acload"), QStringLiteral("pvinverter")}));
	QCOMPARE(deviceTypeDefaults(DeviceType::Sdm230).transport, DeviceTransport::Modbus);
}

void TestDeviceConfig::httpUrlForms_data()
{
	QTest::addColumn<QByteArray>("value");
	QTest::addColumn<QString>("url");
	QTest::newRow("ip") << QByteArray("http://192.168.1.51") << "http://192.168.1.51";
	QTest::newRow("trailing slash") << QByteArray("http://192.168.1.51/") << "http://192.168.1.51";
	QTest::newRow("port") << QByteArray("http://192.168.1.51:8080") << "http://192.168.1.51:8080";
	QTest::newRow("port 80") << QByteArray("http://meter.local:80") << "http://meter.local";
	QTest::newRow("host name") << QByteArray("http://shellyem-B9F355.local") << "http://shellyem-b9f355.local";
	QTest::newRow("ipv6") << QByteArray("http://[fe80::1]:81") << "http://[fe80::1]:81";
}

void TestDeviceConfig::httpUrlForms()
{
	QFETCH(QByteArray, value);
	QFETCH(QString, url);
	const Config config = parseOk("[device.m]\ntype = shelly\nurl = " + value + "\n");
	QCOMPARE(config.devices.size(), 1);
	QCOMPARE(config.devices.at(0).url.toString(), url);
}

void TestDeviceConfig::shellyChannelsAndTwins()
{
	// One two-channel meter read as two services, next to a second meter and one on another port.
	const Config config = parseOk("[device.grid]\ntype = shelly\nurl = http://10.0.0.5\nchannel = 0\n"
								  "[device.pv]\ntype = shelly\nurl = http://10.0.0.5\nchannel = 1\nrole = pvinverter\n"
								  "[device.other]\ntype = shelly\nurl = http://10.0.0.6\n"
								  "[device.proxied]\ntype = shelly\nurl = http://10.0.0.5:8080\n"
								  "[device.modbus]\ntype = pzem016\ntcp = 10.0.0.5\n");
	QCOMPARE(config.devices.size(), 5);
	QCOMPARE(config.devices.at(0).channel, std::optional<int>(0));
	QCOMPARE(config.devices.at(1).channel, std::optional<int>(1));
	QCOMPARE(config.devices.at(2).channel, std::nullopt);
	QVERIFY(!config.devices.at(4).isHttp());
}

void TestDeviceConfig::passwordNeverInAnError()
{
	const QByteArray secret = "hunter2-very-secret";
	const QList<QByteArray> texts = {
		"[device.m]\ntype = shelly\nurl = http://10.0.0.5\npassword = " + secret + "\n",
		"[device.m]\ntype = shelly\nurl = http://admin:" + secret + "@10.0.0.5\n",
		"[device.m]\ntype = pzem016\ntcp = 10.0.0.5\nusername = a\npassword = " + secret + "\n",
		"[device.m]\ntype = shelly\npassword = " + secret + "\nusername = a\n",
	};
	for (const QByteArray &text : texts) {
		Config config;
		QString error;
		QVERIFY2(!parse(text, &config, &error), text.constData());
		QVERIFY2(!error.contains(QLatin1String(secret)), qPrintable(error));
	}
}

void TestDeviceConfig::errors_data()
{
	QTest::addColumn<QByteArray>("text");
	QTest::addColumn<QString>("error");

	// Sections
	QTest::newRow("unknown section") << QByteArray("[rs485]\nport = /dev/ttyUSB0\n")
									 << "pv.ini:1: unknown section [rs485]: expected [line.<name>] or [device.<name>]";
	QTest::newRow("section prefix is case-sensitive")
		<< QByteArray("[Device.boiler]\n")
		<< "pv.ini:1: unknown section [Device.boiler]: expected [line.<name>] or [device.<name>]";
	QTest::newRow("device name with a dash")
		<< Line + "[device.my-boiler]\ntype = heizstab\n"
		<< "pv.ini:3: [device.my-boiler] invalid name 'my-boiler': use letters, digits and '_'";
	QTest::newRow("empty line name") << QByteArray("[line.]\nport = /dev/ttyUSB0\n")
									 << "pv.ini:1: [line.] invalid name '': use letters, digits and '_'";
	QTest::newRow("line name with a dot") << QByteArray("[line.a.b]\nport = /dev/ttyUSB0\n")
										  << "pv.ini:1: [line.a.b] invalid name 'a.b': use letters, digits and '_'";

	// Unknown keys and empty values
	QTest::newRow("unknown device key") << device("type = heizstab\nline = rs485\nuint = 33\n")
										<< "pv.ini:6: [device.d] unknown key 'uint'";
	QTest::newRow("unknown line key") << QByteArray("[line.a]\nport = /dev/ttyUSB0\nunit = 1\n")
									  << "pv.ini:3: [line.a] unknown key 'unit'";
	QTest::newRow("keys are case-sensitive")
		<< device("Type = heizstab\n") << "pv.ini:4: [device.d] unknown key 'Type'";
	QTest::newRow("device key in a line")
		<< QByteArray("[line.a]\nport = /dev/ttyUSB0\npoll = 1s\n") << "pv.ini:3: [line.a] unknown key 'poll'";
	QTest::newRow("empty name") << device("type = heizstab\nline = rs485\nname =\n")
								<< "pv.ini:6: [device.d] key 'name' has no value";
	QTest::newRow("empty port") << QByteArray("[line.a]\nport =\n") << "pv.ini:2: [line.a] key 'port' has no value";

	// Missing values: the section's header line
	QTest::newRow("missing type") << device("line = rs485\nunit = 2\n") << "pv.ini:3: [device.d] missing key 'type'";
	QTest::newRow("missing line and tcp")
		<< device("type = sdm230\nunit = 2\n") << "pv.ini:3: [device.d] missing key 'line' or 'tcp'";
	QTest::newRow("missing port") << QByteArray("\n[line.a]\nbaud = 9600\n") << "pv.ini:2: [line.a] missing key 'port'";
	QTest::newRow("missing maxpower") << device("type = growatt\nline = rs485\n")
									  << "pv.ini:3: [device.d] missing key 'maxpower' (required for type growatt)";
	QTest::newRow("line and tcp")
		<< device("type = sdm230\ntcp = 10.0.0.2\nline = rs485\n")
		<< "pv.ini:6: [device.d] keys 'line' and 'tcp' both set: a device is on a serial line or at a TCP endpoint";

	// Malformed values and values out of range: the key's line
	const QString type = QStringLiteral("expected heizstab, pzem016, pzem017, sdm230, growatt or shelly");
	QTest::newRow("type") << device("type = pzem\n") << "pv.ini:4: [device.d] invalid type 'pzem': " + type;
	QTest::newRow("type case") << device("type = SDM230\n") << "pv.ini:4: [device.d] invalid type 'SDM230': " + type;
	const QString unit = QStringLiteral("expected a Modbus address 1..247");
	for (const char *value : {"0", "248", "-1", "0x21", "1.0", "one", "+5"}) {
		QTest::addRow("unit %s", value)
			<< device("type = sdm230\nline = rs485\nunit = " + QByteArray(value) + "\n")
			<< QStringLiteral("pv.ini:6: [device.d] invalid unit '%1': ").arg(QLatin1String(value)) + unit;
	}
	const QString baud = QStringLiteral("expected 1200, 2400, 4800, 9600, 19200, 38400, 57600 or 115200");
	QTest::newRow("line baud") << QByteArray("[line.a]\nport = /dev/ttyUSB0\nbaud = 9601\n")
							   << "pv.ini:3: [line.a] invalid baud '9601': " + baud;
	QTest::newRow("line baud 300") << QByteArray("[line.a]\nport = /dev/ttyUSB0\nbaud = 300\n")
								   << "pv.ini:3: [line.a] invalid baud '300': " + baud;
	QTest::newRow("device baud") << device("type = sdm230\nline = rs485\nbaud = fast\n")
								 << "pv.ini:6: [device.d] invalid baud 'fast': " + baud;
	QTest::newRow("line parity") << QByteArray("[line.a]\nport = /dev/ttyUSB0\nparity = mark\n")
								 << "pv.ini:3: [line.a] invalid parity 'mark': expected none, even or odd";
	QTest::newRow("device parity") << device("type = sdm230\nline = rs485\nparity = N\n")
								   << "pv.ini:6: [device.d] invalid parity 'N': expected none, even or odd";
	QTest::newRow("line stopbits") << QByteArray("[line.a]\nport = /dev/ttyUSB0\nstopbits = 1.5\n")
								   << "pv.ini:3: [line.a] invalid stopbits '1.5': expected 1 or 2";
	QTest::newRow("device stopbits") << device("type = pzem017\nline = rs485\nstopbits = 0\n")
									 << "pv.ini:6: [device.d] invalid stopbits '0': expected 1 or 2";
	const QString poll = QStringLiteral("expected a period from 100ms to 1h, e.g. 500ms, 1s, 2.5s, 1m");
	for (const char *value : {"500", "99ms", "0.09s", "3601s", "61m", "2h", "1d", "-1s", ".5s", "1.5", "fast", "s"}) {
		QTest::addRow("poll %s", value)
			<< device("type = sdm230\nline = rs485\npoll = " + QByteArray(value) + "\n")
			<< QStringLiteral("pv.ini:6: [device.d] invalid poll '%1': ").arg(QLatin1String(value)) + poll;
	}
	const QString position = QStringLiteral("expected 0 (AC input 1), 1 (AC output) or 2 (AC input 2)");
	for (const char *value : {"3", "-1", "one"}) {
		QTest::addRow("position %s", value)
			<< device("type = growatt\nline = rs485\nmaxpower = 3000\nposition = " + QByteArray(value) + "\n")
			<< QStringLiteral("pv.ini:7: [device.d] invalid position '%1': ").arg(QLatin1String(value)) + position;
	}
	const QString tcp = QStringLiteral("expected host or host:port, e.g. 192.168.1.20:502");
	for (const char *value : {":502", "gw:0", "gw:65536", "gw:", "a b:502", "[::1", "-gw", "gw:x", "fe80::1"}) {
		QTest::addRow("tcp %s", value)
			<< device("type = sdm230\ntcp = " + QByteArray(value) + "\n")
			<< QStringLiteral("pv.ini:5: [device.d] invalid tcp '%1': ").arg(QLatin1String(value)) + tcp;
	}
	for (const char *value : {"0", "100001", "3kW", "3000W", "-5"}) {
		QTest::addRow("maxpower %s", value)
			<< device("type = growatt\nline = rs485\nmaxpower = " + QByteArray(value) + "\n")
			<< QStringLiteral("pv.ini:6: [device.d] invalid maxpower '%1': expected watts, 1..100000")
				   .arg(QLatin1String(value));
	}

	// Impossible combinations
	QTest::newRow("undefined line") << device("type = sdm230\nline = rs232\n")
									<< "pv.ini:5: [device.d] line 'rs232' is not defined: there is no [line.rs232] "
									   "section";
	QTest::newRow("same unit on a line")
		<< Line +
			"[device.a]\ntype = sdm230\nline = rs485\nunit = 5\n[device.b]\ntype = pzem016\nline = rs485\nunit = "
			"5\n"
		<< "pv.ini:10: [device.b] unit 5 is already used on line 'rs485' by [device.a]";
	QTest::newRow("same default unit on a line")
		<< Line + "[device.a]\ntype = pzem016\nline = rs485\n[device.b]\ntype = pzem017\nline = rs485\n"
		<< "pv.ini:6: [device.b] unit 1 (the default for pzem017) is already used on line 'rs485' by [device.a]";
	QTest::newRow("explicit unit equal to another's default")
		<< Line + "[device.a]\ntype = heizstab\nline = rs485\n[device.b]\ntype = sdm230\nline = rs485\nunit = 33\n"
		<< "pv.ini:9: [device.b] unit 33 is already used on line 'rs485' by [device.a]";
	QTest::newRow("same unit at a tcp endpoint")
		<< QByteArray("[device.a]\ntype = sdm230\ntcp = 10.0.0.2\n[device.b]\ntype = pzem016\ntcp = 10.0.0.2:502\n")
		<< "pv.ini:4: [device.b] unit 1 (the default for pzem016) is already used at 10.0.0.2:502 by [device.a]";
	QTest::newRow("tcp host names ignore case")
		<< QByteArray("[device.a]\ntype = sdm230\ntcp = GW.local\nunit = 7\n"
					  "[device.b]\ntype = sdm230\ntcp = gw.local:502\nunit = 7\n")
		<< "pv.ini:8: [device.b] unit 7 is already used at gw.local:502 by [device.a]";
	QTest::newRow("same unit at an ipv6 endpoint")
		<< QByteArray("[device.a]\ntype = sdm230\ntcp = [fe80::1]:1502\n[device.b]\ntype = sdm230\ntcp = "
					  "[fe80::1]:1502\n")
		<< "pv.ini:4: [device.b] unit 1 (the default for sdm230) is already used at [fe80::1]:1502 by [device.a]";
	QTest::newRow("two lines on one port")
		<< QByteArray("[line.a]\nport = /dev/ttyUSB0\n[line.b]\nbaud = 4800\nport = /dev/ttyUSB0\n")
		<< "pv.ini:5: [line.b] port '/dev/ttyUSB0' is already used by [line.a]";

	const QString acRoles = QStringLiteral("expected grid, pvinverter, acload or heatpump");
	QTest::newRow("heizstab as grid") << device("type = heizstab\nline = rs485\nrole = grid\n")
									  << "pv.ini:6: [device.d] role 'grid' is not allowed for type heizstab: expected "
										 "heatpump";
	QTest::newRow("growatt as acload")
		<< device("type = growatt\nline = rs485\nmaxpower = 600\nrole = acload\n")
		<< "pv.ini:7: [device.d] role 'acload' is not allowed for type growatt: expected pvinverter";
	QTest::newRow("pzem017 as grid")
		<< device("type = pzem017\nline = rs485\nrole = grid\n")
		<< "pv.ini:6: [device.d] role 'grid' is not allowed for type pzem017: expected dcload, dcsource or dcsystem";
	QTest::newRow("pzem016 as dcload") << device("type = pzem016\nline = rs485\nrole = dcload\n")
									   << "pv.ini:6: [device.d] role 'dcload' is not allowed for type pzem016: " +
			acRoles;
	QTest::newRow("sdm230 as genset") << device("role = genset\ntype = sdm230\nline = rs485\n")
									  << "pv.ini:4: [device.d] role 'genset' is not allowed for type sdm230: " +
			acRoles;
	QTest::newRow("role case") << device("type = sdm230\nline = rs485\nrole = Grid\n")
							   << "pv.ini:6: [device.d] role 'Grid' is not allowed for type sdm230: " + acRoles;

	const QString noPosition = QStringLiteral("only pvinverter, acload and heatpump have one");
	QTest::newRow("position for grid") << device("type = sdm230\nline = rs485\nrole = grid\nposition = 1\n")
									   << "pv.ini:7: [device.d] key 'position' does not apply to role grid: " +
			noPosition;
	QTest::newRow("position for the default role grid")
		<< device("type = pzem016\nline = rs485\nposition = 0\n")
		<< "pv.ini:6: [device.d] key 'position' does not apply to role grid: " + noPosition;
	QTest::newRow("position for dcload") << device("type = pzem017\nposition = 0\nline = rs485\n")
										 << "pv.ini:5: [device.d] key 'position' does not apply to role dcload: " +
			noPosition;
	QTest::newRow("position for dcsystem")
		<< device("type = pzem017\nline = rs485\nrole = dcsystem\nposition = 2\n")
		<< "pv.ini:7: [device.d] key 'position' does not apply to role dcsystem: " + noPosition;

	const QString tcpSerial =
		QStringLiteral("does not apply to a TCP device: serial settings are for devices on a line");
	QTest::newRow("baud on tcp") << device("type = sdm230\ntcp = 10.0.0.2\nbaud = 9600\n")
								 << "pv.ini:6: [device.d] key 'baud' " + tcpSerial;
	QTest::newRow("parity on tcp") << device("type = sdm230\ntcp = 10.0.0.2\nparity = even\n")
								   << "pv.ini:6: [device.d] key 'parity' " + tcpSerial;
	QTest::newRow("stopbits before tcp") << device("type = pzem017\nstopbits = 2\nparity = none\ntcp = 10.0.0.2\n")
										 << "pv.ini:5: [device.d] key 'stopbits' " + tcpSerial;
	const QString shunt = QStringLiteral("the shunt's full-scale amps: 50, 100, 200 or 300");
	QTest::newRow("shunt of 150 A") << device("type = pzem017\nline = rs485\nshunt = 150\n")
									<< "pv.ini:6: [device.d] invalid shunt '150': expected " + shunt;
	QTest::newRow("shunt with a unit") << device("type = pzem017\nline = rs485\nshunt = 100A\n")
									   << "pv.ini:6: [device.d] invalid shunt '100A': expected " + shunt;
	QTest::newRow("shunt on pzem016") << device("type = pzem016\nline = rs485\nshunt = 100\n")
									  << "pv.ini:6: [device.d] key 'shunt' applies only to type pzem017";
	QTest::newRow("maxpower on sdm230") << device("type = sdm230\nline = rs485\nmaxpower = 3000\n")
										<< "pv.ini:6: [device.d] key 'maxpower' applies only to type growatt";

	// A line runs at one baud rate and parity.
	QTest::newRow("baud differs on a line")
		<< Line +
			"[device.a]\ntype = sdm230\nline = rs485\n[device.b]\ntype = pzem016\nline = rs485\nunit = 2\n"
			"baud = 19200\n"
		<< "pv.ini:10: [device.b] needs 19200 8N1 on line 'rs485', where [device.a] needs 9600 8N1: a line runs at "
		   "one baud rate and parity";
	QTest::newRow("parity differs on a line")
		<< QByteArray("[line.rs485]\nport = /dev/ttyUSB0\nparity = even\n") +
			"[device.a]\ntype = sdm230\nline = rs485\n[device.b]\ntype = pzem017\nline = rs485\nunit = 2\n"
			"parity = none\n[device.c]\ntype = heizstab\nline = rs485\n"
		<< "pv.ini:11: [device.b] needs 9600 8N2 on line 'rs485', where [device.a] needs 9600 8E1: a line runs at "
		   "one baud rate and parity";

	QTest::newRow("a device without serial keys, against one with them: its line key")
		<< Line +
			"[device.a]\ntype = sdm230\nline = rs485\nbaud = 4800\n[device.b]\ntype = pzem016\nline = rs485\n"
			"unit = 2\n"
		<< "pv.ini:9: [device.b] needs 9600 8N1 on line 'rs485', where [device.a] needs 4800 8N1: a line runs at "
		   "one baud rate and parity";

	QTest::newRow("two heaters")
		<< Line + "[device.a]\ntype = heizstab\nline = rs485\n[device.b]\ntype = heizstab\ntcp = 10.0.0.2\n"
		<< "pv.ini:6: [device.b] a second water heater: [device.a] is one already, and pvrouter controls one";

	// HTTP devices
	const QString url = QStringLiteral("expected http://host or http://host:port, e.g. http://192.168.1.51");
	for (const char *value : {"192.168.1.51", "https://192.168.1.51", "http://", "http://h/status", "http://h:0",
			 "http://h:70000", "http://h?x=1", "ftp://h", "HTTP://h", "http://a b", "http://h:x"}) {
		QTest::addRow("url %s", value)
			<< QByteArray("[device.d]\ntype = shelly\nurl = " + QByteArray(value) + "\n")
			<< QStringLiteral("pv.ini:3: [device.d] invalid url '%1': ").arg(QLatin1String(value)) + url;
	}
	QTest::newRow("url with credentials")
		<< QByteArray("[device.d]\ntype = shelly\nurl = http://admin:pw@10.0.0.5\n")
		<< "pv.ini:3: [device.d] key 'url' must not hold credentials: give them as 'username' and 'password'";
	QTest::newRow("missing url") << QByteArray("[device.d]\ntype = shelly\nrole = grid\n")
								 << "pv.ini:1: [device.d] missing key 'url' (required for type shelly)";
	const QString overHttp = QStringLiteral("does not apply to type shelly: it is reached over HTTP, at its 'url'");
	for (const char *key : {"line = rs485", "tcp = 10.0.0.5", "unit = 2", "baud = 9600", "parity = none",
			 "stopbits = 1", "maxpower = 600", "shunt = 100"}) {
		QTest::addRow("shelly with %s", key)
			<< QByteArray("[device.d]\ntype = shelly\nurl = http://10.0.0.5\n" + QByteArray(key) + "\n")
			<< QStringLiteral("pv.ini:4: [device.d] key '%1' ")
					.arg(QString::fromLatin1(key).section(QLatin1Char(' '), 0, 0)) +
				overHttp;
	}
	QTest::newRow("the first modbus key by line")
		<< QByteArray("[device.d]\nunit = 2\ntype = shelly\nline = rs485\nurl = http://10.0.0.5\n")
		<< "pv.ini:2: [device.d] key 'unit' " + overHttp;
	for (const char *key : {"url = http://10.0.0.5", "username = admin", "password = pw", "channel = 1"}) {
		QTest::addRow("pzem016 with %s", key)
			<< device("type = pzem016\nline = rs485\n" + QByteArray(key) + "\n")
			<< QStringLiteral("pv.ini:6: [device.d] key '%1' applies only to type shelly")
				   .arg(QString::fromLatin1(key).section(QLatin1Char(' '), 0, 0));
	}
	QTest::newRow("url on a device without line or tcp")
		<< device("type = sdm230\nurl = http://10.0.0.5\n")
		<< "pv.ini:5: [device.d] key 'url' applies only to type shelly";
	QTest::newRow("username alone") << QByteArray("[device.d]\ntype = shelly\nurl = http://h\nusername = admin\n")
									<< "pv.ini:4: [device.d] key 'username' needs 'password' as well";
	QTest::newRow("password alone") << QByteArray("[device.d]\ntype = shelly\npassword = x\nurl = http://h\n")
									<< "pv.ini:3: [device.d] key 'password' needs 'username' as well";
	QTest::newRow("empty password") << QByteArray(
										   "[device.d]\ntype = shelly\nurl = http://h\nusername = a\npassword =\n")
									<< "pv.ini:5: [device.d] key 'password' has no value";
	const QString shellyRoles = QStringLiteral("expected grid, acload or pvinverter");
	for (const char *role : {"heatpump", "dcload", "genset"}) {
		QTest::addRow("shelly as %s", role)
			<< QByteArray("[device.d]\ntype = shelly\nurl = http://h\nrole = " + QByteArray(role) + "\n")
			<< QStringLiteral("pv.ini:4: [device.d] role '%1' is not allowed for type shelly: ")
					.arg(QLatin1String(role)) +
				shellyRoles;
	}
	QTest::newRow("position for a shelly grid meter")
		<< QByteArray("[device.d]\ntype = shelly\nurl = http://h\nposition = 1\n")
		<< "pv.ini:4: [device.d] key 'position' does not apply to role grid: " + noPosition;
	for (const char *value : {"3", "-1", "one", "0.5"}) {
		QTest::addRow("channel %s", value)
			<< QByteArray("[device.d]\ntype = shelly\nurl = http://h\nchannel = " + QByteArray(value) + "\n")
			<< QStringLiteral("pv.ini:4: [device.d] invalid channel '%1': expected a channel number, 0 to 2")
				   .arg(QLatin1String(value));
	}
	QTest::newRow("one meter twice")
		<< QByteArray(
			   "[device.a]\ntype = shelly\nurl = http://10.0.0.5\n[device.b]\ntype = shelly\nurl = http://10.0.0.5/\n")
		<< "pv.ini:6: [device.b] http://10.0.0.5 channel 0 is already read by [device.a]";
	QTest::newRow("one channel twice, host names without case")
		<< QByteArray("[device.a]\ntype = shelly\nurl = http://Meter.local\nchannel = 1\n"
					  "[device.b]\ntype = shelly\nurl = http://meter.local:80\nchannel = 1\n")
		<< "pv.ini:8: [device.b] http://meter.local channel 1 is already read by [device.a]";
	QTest::newRow("channel 0 is the default")
		<< QByteArray(
			   "[device.a]\ntype = shelly\nurl = http://h\n[device.b]\ntype = shelly\nurl = http://h\nchannel = 0\n")
		<< "pv.ini:7: [device.b] http://h channel 0 is already read by [device.a]";

	// The first problem in the file is the one reported.
	QTest::newRow("first error wins") << Line + "[device.a]\ntype = sdm230\nline = rs485\nunit = 999\n[device.b]\n"
									  << "pv.ini:6: [device.a] invalid unit '999': " + unit;
}

void TestDeviceConfig::errors()
{
	QFETCH(QByteArray, text);
	QFETCH(QString, error);
	Config config;
	QString message;
	QVERIFY2(!parse(text, &config, &message), qPrintable(QStringLiteral("accepted:\n") + QString::fromUtf8(text)));
	QCOMPARE(message, error);
}

QTEST_GUILESS_MAIN(TestDeviceConfig)
#include "tst_device_config.moc"
