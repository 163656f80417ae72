#include "device_config.h"

#include "ini_file.h"

#include "devices/drivers/pzem017.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace pvrouter {

namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

constexpr milliseconds MinPoll = 100ms;
constexpr milliseconds MaxPoll = 1h;
constexpr quint16 DefaultTcpPort = 502;
constexpr quint16 DefaultHttpPort = 80;
constexpr int MaxChannel = 2; // the Pro 3EM in its monophase profile has three
constexpr int MaxPowerLimitW = 100000;

const QStringList LineKeys = {
	QStringLiteral("port"), QStringLiteral("baud"), QStringLiteral("parity"), QStringLiteral("stopbits")};
const QStringList DeviceKeys = {QStringLiteral("type"), QStringLiteral("line"), QStringLiteral("tcp"),
	QStringLiteral("unit"), QStringLiteral("role"), QStringLiteral("position"), QStringLiteral("name"),
	QStringLiteral("poll"), QStringLiteral("maxpower"), QStringLiteral("shunt"), QStringLiteral("baud"),
	QStringLiteral("parity"), QStringLiteral("stopbits"), QStringLiteral("url"), QStringLiteral("username"),
	QStringLiteral("password"), QStringLiteral("channel")};
// Keys for one transport only.
const QStringList ModbusKeys = {QStringLiteral("line"), QStringLiteral("tcp"), QStringLiteral("unit"),
	QStringLiteral("baud"), QStringLiteral("parity"), QStringLiteral("stopbits"), QStringLiteral("maxpower"),
	QStringLiteral("shunt")};
const QStringList HttpKeys = {
	QStringLiteral("url"), QStringLiteral("username"), QStringLiteral("password"), QStringLiteral("channel")};
// Victron gives these roles a /Position (victron-dbus.md §1.7: dbus-modbus-client publishes it for pvinverter,
// acload, evcharger and heatpump; §3 lists it for pvinverter and heatpump, and for acload). grid and the DC roles
// have none.
const QStringList PositionRoles = {QStringLiteral("pvinverter"), QStringLiteral("acload"), QStringLiteral("heatpump")};

// "a", "a or b", "a, b or c".
QString alternatives(const QStringList &items)
{
	if (items.size() < 2)
		return items.join(QString());
	return QStringList(items.mid(0, items.size() - 1)).join(QStringLiteral(", ")) + QStringLiteral(" or ") +
		items.constLast();
}

SerialSettings serial9600(QSerialPort::StopBits stopBits)
{
	SerialSettings s;
	s.baud = 9600;
	s.parity = QSerialPort::NoParity;
	s.stopBits = stopBits;
	return s;
}

bool isName(const QString &name)
{
	static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_]+$"));
	return re.match(name).hasMatch();
}

std::optional<int> parseInt(const QString &value, int min, int max)
{
	static const QRegularExpression digits(QStringLiteral("^[0-9]{1,9}$"));
	if (!digits.match(value).hasMatch())
		return std::nullopt;
	const int n = value.toInt();
	if (n < min || n > max)
		return std::nullopt;
	return n;
}

std::optional<qint32> parseBaud(const QString &value)
{
	static const QList<qint32> rates = {1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};
	const std::optional<int> baud = parseInt(value, 1, 115200);
	if (!baud || !rates.contains(*baud))
		return std::nullopt;
	return *baud;
}

std::optional<QSerialPort::Parity> parseParity(const QString &value)
{
	if (value == QLatin1String("none"))
		return QSerialPort::NoParity;
	if (value == QLatin1String("even"))
		return QSerialPort::EvenParity;
	if (value == QLatin1String("odd"))
		return QSerialPort::OddParity;
	return std::nullopt;
}

std::optional<QSerialPort::StopBits> parseStopBits(const QString &value)
{
	if (value == QLatin1String("1"))
		return QSerialPort::OneStop;
	if (value == QLatin1String("2"))
		return QSerialPort::TwoStop;
	return std::nullopt;
}

// "500ms", "1s", "2.5s", "1m", "1h" (a space before the unit is allowed), rounded to whole milliseconds.
std::optional<milliseconds> parsePoll(const QString &value)
{
	static const QRegularExpression re(QStringLiteral("^([0-9]{1,7}(?:\\.[0-9]{1,6})?) *(ms|s|m|h)$"));
	const QRegularExpressionMatch m = re.match(value);
	if (!m.hasMatch())
		return std::nullopt;
	const QString unit = m.captured(2);
	double factorMs = 3600e3;
	if (unit == QLatin1String("ms"))
		factorMs = 1;
	else if (unit == QLatin1String("s"))
		factorMs = 1e3;
	else if (unit == QLatin1String("m"))
		factorMs = 60e3;
	const milliseconds poll(std::llround(m.captured(1).toDouble() * factorMs));
	if (poll < MinPoll || poll > MaxPoll)
		return std::nullopt;
	return poll;
}

struct Endpoint
{
	QString host;
	quint16 port;
};

// "host", "host:port", "[ipv6]:port".
std::optional<Endpoint> parseEndpoint(const QString &value, quint16 defaultPort)
{
	static const QRegularExpression re(
		QStringLiteral("^(?:([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)|\\[([0-9A-Fa-f:.]+)\\])(?::([0-9]{1,5}))?$"));
	const QRegularExpressionMatch m = re.match(value);
	if (!m.hasMatch())
		return std::nullopt;
	Endpoint e{m.captured(1).isEmpty() ? m.captured(2) : m.captured(1), defaultPort};
	if (m.hasCaptured(3)) {
		const std::optional<int> port = parseInt(m.captured(3), 1, 65535);
		if (!port)
			return std::nullopt;
		e.port = quint16(*port);
	}
	return e;
}

// "http://host", "http://host:port" (an optional "/" after it); nothing else: the driver knows its paths.
std::optional<QUrl> parseHttpUrl(const QString &value)
{
	static const QRegularExpression re(QStringLiteral("^http://([^/?#@]+)/?$"));
	const QRegularExpressionMatch m = re.match(value);
	if (!m.hasMatch())
		return std::nullopt;
	const std::optional<Endpoint> endpoint = parseEndpoint(m.captured(1), DefaultHttpPort);
	if (!endpoint)
		return std::nullopt;
	QUrl url;
	url.setScheme(QStringLiteral("http"));
	url.setHost(endpoint->host);
	if (endpoint->port != DefaultHttpPort)
		url.setPort(endpoint->port);
	return url;
}

QString endpointText(const QString &host, quint16 port)
{
	const QString h = host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(host) : host;
	return QStringLiteral("%1:%2").arg(h, QString::number(port));
}

// The serial keys a section gives; empty where it is silent.
struct SerialKeys
{
	std::optional<qint32> baud;
	std::optional<QSerialPort::Parity> parity;
	std::optional<QSerialPort::StopBits> stopBits;
	QString firstKey;
	int firstLine = 0;
};

struct LineDraft
{
	LineConfig config;
	SerialKeys keys;
	int portLine = 0;
};

struct DeviceDraft
{
	DeviceConfig config;
	SerialKeys keys;
	bool hasType = false;
	int lineKeyLine = 0;
	int tcpKeyLine = 0;
	int unitLine = 0;
	int roleLine = 0;
	int positionLine = 0;
	int maxPowerLine = 0;
	int shuntLine = 0;
	bool hasPoll = false;
	QHash<QString, int> keyLines; // every key the section gives, and its line
};

// Reads the sections in file order, then checks what depends on other sections (lines named by devices, units
// shared on one bus). Stops at the first problem.
class Parser
{
public:
	Parser(const IniFile &ini, QString *error) : m_ini(ini), m_error(error) {}

	bool run(Config *out)
	{
		for (const IniFile::Section &s : m_ini.sections()) {
			if (s.name.startsWith(QLatin1String("line."))) {
				if (!checkName(s, s.name.mid(5)) || !readLine(s))
					return false;
			} else if (s.name.startsWith(QLatin1String("device."))) {
				if (!checkName(s, s.name.mid(7)) || !readDevice(s))
					return false;
			} else {
				*m_error = m_ini.where(s.line,
					QStringLiteral("unknown section [%1]: expected [line.<name>] or [device.<name>]").arg(s.name));
				return false;
			}
		}
		if (!checkPorts() || !checkOneHeater() || !resolveDevices() || !resolveLineFraming())
			return false;
		Config config;
		for (const LineDraft &l : std::as_const(m_lines))
			config.lines.append(l.config);
		for (const DeviceDraft &d : std::as_const(m_devices))
			config.devices.append(d.config);
		*out = config;
		return true;
	}

private:
	bool fail(int line, const QString &section, const QString &message)
	{
		*m_error = m_ini.where(line, QStringLiteral("[%1] %2").arg(section, message));
		return false;
	}

	bool invalid(const QString &section, const IniFile::Entry &e, const QString &expected)
	{
		return fail(e.line, section, QStringLiteral("invalid %1 '%2': expected %3").arg(e.key, e.value, expected));
	}

	bool checkName(const IniFile::Section &s, const QString &name)
	{
		if (isName(name))
			return true;
		return fail(s.line, s.name, QStringLiteral("invalid name '%1': use letters, digits and '_'").arg(name));
	}

	// Known key with a value, or an error.
	bool checkKey(const QString &section, const IniFile::Entry &e, const QStringList &known)
	{
		if (!known.contains(e.key))
			return fail(e.line, section, QStringLiteral("unknown key '%1'").arg(e.key));
		if (e.value.isEmpty())
			return fail(e.line, section, QStringLiteral("key '%1' has no value").arg(e.key));
		return true;
	}

	static bool isSerialKey(const QString &key)
	{
		return key == QLatin1String("baud") || key == QLatin1String("parity") || key == QLatin1String("stopbits");
	}

	bool readSerialKey(const QString &section, const IniFile::Entry &e, SerialKeys *keys)
	{
		if (keys->firstKey.isEmpty()) {
			keys->firstKey = e.key;
			keys->firstLine = e.line;
		}
		if (e.key == QLatin1String("baud")) {
			keys->baud = parseBaud(e.value);
			return keys->baud ||
				invalid(section, e, QStringLiteral("1200, 2400, 4800, 9600, 19200, 38400, 57600 or 115200"));
		}
		if (e.key == QLatin1String("parity")) {
			keys->parity = parseParity(e.value);
			return keys->parity || invalid(section, e, QStringLiteral("none, even or odd"));
		}
		keys->stopBits = parseStopBits(e.value);
		return keys->stopBits || invalid(section, e, QStringLiteral("1 or 2"));
	}

	bool readLine(const IniFile::Section &s)
	{
		LineDraft d;
		d.config.name = s.name.mid(5);
		d.config.line = s.line;
		for (const IniFile::Entry &e : s.entries) {
			if (!checkKey(s.name, e, LineKeys))
				return false;
			if (e.key == QLatin1String("port")) {
				d.config.serial.port = e.value;
				d.portLine = e.line;
			} else if (!readSerialKey(s.name, e, &d.keys)) {
				return false;
			}
		}
		if (d.portLine == 0)
			return fail(s.line, s.name, QStringLiteral("missing key 'port'"));
		// Where the section is silent the port opens at 9600 8N1; devices still bring their own (resolveDevices).
		d.config.serial.baud = d.keys.baud.value_or(9600);
		d.config.serial.parity = d.keys.parity.value_or(QSerialPort::NoParity);
		d.config.serial.stopBits = d.keys.stopBits.value_or(QSerialPort::OneStop);
		m_lines.append(d);
		return true;
	}

	bool readDeviceKey(const QString &section, const IniFile::Entry &e, DeviceDraft *d)
	{
		DeviceConfig &c = d->config;
		d->keyLines.insert(e.key, e.line);
		if (isSerialKey(e.key))
			return readSerialKey(section, e, &d->keys);
		if (e.key == QLatin1String("type")) {
			const std::optional<DeviceType> type = deviceTypeFromName(e.value);
			if (!type)
				return invalid(section, e, QStringLiteral("heizstab, pzem016, pzem017, sdm230, growatt or shelly"));
			c.type = *type;
			d->hasType = true;
		} else if (e.key == QLatin1String("line")) {
			c.lineName = e.value;
			d->lineKeyLine = e.line;
		} else if (e.key == QLatin1String("tcp")) {
			const std::optional<Endpoint> endpoint = parseEndpoint(e.value, DefaultTcpPort);
			if (!endpoint)
				return invalid(section, e, QStringLiteral("host or host:port, e.g. 192.168.1.20:502"));
			c.tcpHost = endpoint->host;
			c.tcpPort = endpoint->port;
			d->tcpKeyLine = e.line;
		} else if (e.key == QLatin1String("unit")) {
			const std::optional<int> unit = parseInt(e.value, 1, 247);
			if (!unit)
				return invalid(section, e, QStringLiteral("a Modbus address 1..247"));
			c.unit = quint8(*unit);
			d->unitLine = e.line;
		} else if (e.key == QLatin1String("role")) {
			c.role = e.value; // checked against the type once the section is read
			d->roleLine = e.line;
		} else if (e.key == QLatin1String("position")) {
			const std::optional<int> position = parseInt(e.value, 0, 2);
			if (!position)
				return invalid(section, e, QStringLiteral("0 (AC input 1), 1 (AC output) or 2 (AC input 2)"));
			c.position = *position;
			d->positionLine = e.line;
		} else if (e.key == QLatin1String("name")) {
			c.customName = e.value;
		} else if (e.key == QLatin1String("poll")) {
			const std::optional<milliseconds> poll = parsePoll(e.value);
			if (!poll)
				return invalid(section, e, QStringLiteral("a period from 100ms to 1h, e.g. 500ms, 1s, 2.5s, 1m"));
			c.poll = *poll;
			d->hasPoll = true;
		} else if (e.key == QLatin1String("maxpower")) {
			const std::optional<int> watts = parseInt(e.value, 1, MaxPowerLimitW);
			if (!watts)
				return invalid(section, e, QStringLiteral("watts, 1..%1").arg(MaxPowerLimitW));
			c.maxPowerW = *watts;
			d->maxPowerLine = e.line;
		} else if (e.key == QLatin1String("shunt")) {
			const std::optional<int> amps = parseInt(e.value, 1, 300);
			if (!amps || !Pzem017::shuntRangeCode(*amps))
				return invalid(section, e, QStringLiteral("the shunt's full-scale amps: 50, 100, 200 or 300"));
			c.shuntA = *amps;
			d->shuntLine = e.line;
		} else if (e.key == QLatin1String("url")) {
			// Never echoed when it holds user info: that may be a password.
			if (e.value.contains(QLatin1Char('@')))
				return fail(e.line, section,
					QStringLiteral("key 'url' must not hold credentials: give them as 'username' and 'password'"));
			const std::optional<QUrl> url = parseHttpUrl(e.value);
			if (!url)
				return invalid(section, e, QStringLiteral("http://host or http://host:port, e.g. http://192.168.1.51"));
			c.url = *url;
		} else if (e.key == QLatin1String("username")) {
			c.username = e.value;
		} else if (e.key == QLatin1String("password")) {
			c.password = e.value;
		} else if (e.key == QLatin1String("channel")) {
			const std::optional<int> channel = parseInt(e.value, 0, MaxChannel);
			if (!channel)
				return invalid(section, e, QStringLiteral("a channel number, 0 to %1").arg(MaxChannel));
			c.channel = *channel;
		}
		return true;
	}

	// The first of `keys` the section gives (by line), or an empty string.
	static QString firstKey(const DeviceDraft &d, const QStringList &keys, int *line)
	{
		QString first;
		*line = 0;
		for (const QString &key : keys) {
			const int l = d.keyLines.value(key);
			if (l && (!*line || l < *line)) {
				*line = l;
				first = key;
			}
		}
		return first;
	}

	// A Modbus device: on a line or at a TCP endpoint, serial keys only on a line; none of the HTTP keys.
	bool checkModbusDevice(const IniFile::Section &s, const DeviceDraft &d)
	{
		int line = 0;
		const QString httpKey = firstKey(d, HttpKeys, &line);
		if (!httpKey.isEmpty())
			return fail(line, s.name, QStringLiteral("key '%1' applies only to type shelly").arg(httpKey));
		if (d.lineKeyLine && d.tcpKeyLine) {
			return fail(std::max(d.lineKeyLine, d.tcpKeyLine), s.name,
				QStringLiteral("keys 'line' and 'tcp' both set: a device is on a serial line or at a TCP endpoint"));
		}
		if (!d.lineKeyLine && !d.tcpKeyLine)
			return fail(s.line, s.name, QStringLiteral("missing key 'line' or 'tcp'"));
		if (d.tcpKeyLine && d.keys.firstLine) {
			return fail(d.keys.firstLine, s.name,
				QStringLiteral("key '%1' does not apply to a TCP device: serial settings are for devices on a line")
					.arg(d.keys.firstKey));
		}
		return true;
	}

	// An HTTP device: a URL and, optionally, both credentials; none of the Modbus keys.
	bool checkHttpDevice(const IniFile::Section &s, const DeviceDraft &d)
	{
		const QString type = deviceTypeName(d.config.type);
		int line = 0;
		const QString modbusKey = firstKey(d, ModbusKeys, &line);
		if (!modbusKey.isEmpty())
			return fail(line, s.name,
				QStringLiteral("key '%1' does not apply to type %2: it is reached over HTTP, at its 'url'")
					.arg(modbusKey, type));
		if (!d.config.isHttp())
			return fail(s.line, s.name, QStringLiteral("missing key 'url' (required for type %1)").arg(type));
		const int username = d.keyLines.value(QStringLiteral("username"));
		const int password = d.keyLines.value(QStringLiteral("password"));
		if (username && !password)
			return fail(username, s.name, QStringLiteral("key 'username' needs 'password' as well"));
		if (password && !username)
			return fail(password, s.name, QStringLiteral("key 'password' needs 'username' as well"));
		return true;
	}

	bool readDevice(const IniFile::Section &s)
	{
		DeviceDraft d;
		DeviceConfig &c = d.config;
		c.name = s.name.mid(7);
		c.line = s.line;
		for (const IniFile::Entry &e : s.entries) {
			if (!checkKey(s.name, e, DeviceKeys) || !readDeviceKey(s.name, e, &d))
				return false;
		}
		if (!d.hasType)
			return fail(s.line, s.name, QStringLiteral("missing key 'type'"));
		const DeviceTypeDefaults &defaults = deviceTypeDefaults(c.type);
		const QString type = deviceTypeName(c.type);

		if (defaults.transport == DeviceTransport::Http) {
			if (!checkHttpDevice(s, d))
				return false;
		} else if (!checkModbusDevice(s, d)) {
			return false;
		}

		if (!d.roleLine)
			c.role = defaults.role;
		else if (!defaults.roles.contains(c.role))
			return fail(d.roleLine, s.name,
				QStringLiteral("role '%1' is not allowed for type %2: expected %3")
					.arg(c.role, type, alternatives(defaults.roles)));
		if (d.positionLine && !PositionRoles.contains(c.role)) {
			return fail(d.positionLine, s.name,
				QStringLiteral(
					"key 'position' does not apply to role %1: only pvinverter, acload and heatpump have one")
					.arg(c.role));
		}

		if (c.type == DeviceType::Growatt && !d.maxPowerLine)
			return fail(s.line, s.name, QStringLiteral("missing key 'maxpower' (required for type growatt)"));
		if (c.type != DeviceType::Growatt && d.maxPowerLine)
			return fail(d.maxPowerLine, s.name, QStringLiteral("key 'maxpower' applies only to type growatt"));
		if (c.type != DeviceType::Pzem017 && d.shuntLine)
			return fail(d.shuntLine, s.name, QStringLiteral("key 'shunt' applies only to type pzem017"));

		if (!d.unitLine)
			c.unit = defaults.unit;
		if (!d.hasPoll)
			c.poll = defaults.poll;
		m_devices.append(d);
		return true;
	}

	bool checkPorts()
	{
		for (qsizetype i = 0; i < m_lines.size(); ++i) {
			const LineDraft &l = m_lines.at(i);
			for (qsizetype j = 0; j < i; ++j) {
				if (m_lines.at(j).config.serial.port == l.config.serial.port) {
					return fail(l.portLine, QStringLiteral("line.") + l.config.name,
						QStringLiteral("port '%1' is already used by [line.%2]")
							.arg(l.config.serial.port, m_lines.at(j).config.name));
				}
			}
		}
		return true;
	}

	// The heater's settings (/Settings/PvRouter/Heater/*) and its controller are for one water heater.
	bool checkOneHeater()
	{
		const DeviceDraft *first = nullptr;
		for (const DeviceDraft &d : std::as_const(m_devices)) {
			if (d.config.type != DeviceType::Heizstab)
				continue;
			if (first) {
				return fail(d.config.line, QStringLiteral("device.") + d.config.name,
					QStringLiteral("a second water heater: [device.%1] is one already, and pvrouter controls one")
						.arg(first->config.name));
			}
			first = &d;
		}
		return true;
	}

	const LineDraft *findLine(const QString &name) const
	{
		for (const LineDraft &l : m_lines) {
			if (l.config.name == name)
				return &l;
		}
		return nullptr;
	}

	static bool sameBus(const DeviceConfig &a, const DeviceConfig &b)
	{
		if (a.isHttp() || b.isHttp())
			return false;
		if (a.isTcp() != b.isTcp())
			return false;
		if (a.isTcp())
			return a.tcpHost.compare(b.tcpHost, Qt::CaseInsensitive) == 0 && a.tcpPort == b.tcpPort;
		return a.lineName == b.lineName;
	}

	// The rule for serial settings, field by field: the device's own key, else the line's key, else the device
	// type's default. A line's explicit setting is a statement about the bus and beats a type default; a device
	// key beats both, since the transport applies settings per device.
	static SerialSettings resolveSerial(const LineDraft &line, const DeviceDraft &d)
	{
		const SerialSettings &typeDefault = deviceTypeDefaults(d.config.type).serial;
		SerialSettings s;
		s.port = line.config.serial.port;
		s.baud = d.keys.baud.value_or(line.keys.baud.value_or(typeDefault.baud));
		s.parity = d.keys.parity.value_or(line.keys.parity.value_or(typeDefault.parity));
		s.stopBits = d.keys.stopBits.value_or(line.keys.stopBits.value_or(typeDefault.stopBits));
		s.dataBits = typeDefault.dataBits;
		return s;
	}

	bool resolveDevices()
	{
		for (qsizetype i = 0; i < m_devices.size(); ++i) {
			DeviceDraft &d = m_devices[i];
			DeviceConfig &c = d.config;
			const QString section = QStringLiteral("device.") + c.name;
			if (c.isHttp()) {
				if (!checkHttpTwin(d, i))
					return false;
				continue;
			}
			if (!c.isTcp()) {
				const LineDraft *line = findLine(c.lineName);
				if (!line) {
					return fail(d.lineKeyLine, section,
						QStringLiteral("line '%1' is not defined: there is no [line.%1] section").arg(c.lineName));
				}
				c.serial = resolveSerial(*line, d);
			}
			for (qsizetype j = 0; j < i; ++j) {
				const DeviceConfig &other = m_devices.at(j).config;
				if (other.unit != c.unit || !sameBus(other, c))
					continue;
				const QString unit = d.unitLine
					? QString::number(c.unit)
					: QStringLiteral("%1 (the default for %2)").arg(QString::number(c.unit), deviceTypeName(c.type));
				const QString bus = c.isTcp() ? QStringLiteral("at %1").arg(endpointText(c.tcpHost, c.tcpPort))
											  : QStringLiteral("on line '%1'").arg(c.lineName);
				return fail(d.unitLine ? d.unitLine : c.line, section,
					QStringLiteral("unit %1 is already used %2 by [device.%3]").arg(unit, bus, other.name));
			}
		}
		return true;
	}

	// Two sections for one meter and channel would publish one device twice. Host names compare without case.
	bool checkHttpTwin(const DeviceDraft &d, qsizetype index)
	{
		const DeviceConfig &c = d.config;
		for (qsizetype j = 0; j < index; ++j) {
			const DeviceConfig &other = m_devices.at(j).config;
			if (!other.isHttp() || other.url.host().compare(c.url.host(), Qt::CaseInsensitive) != 0 ||
				other.url.port(DefaultHttpPort) != c.url.port(DefaultHttpPort) ||
				other.channel.value_or(0) != c.channel.value_or(0))
				continue;
			const int line = d.keyLines.value(QStringLiteral("channel"), d.keyLines.value(QStringLiteral("url")));
			return fail(line, QStringLiteral("device.") + c.name,
				QStringLiteral("%1 channel %2 is already read by [device.%3]")
					.arg(c.url.toString(), QString::number(c.channel.value_or(0)), other.name));
		}
		return true;
	}

	// One port runs at one framing. Baud rate and parity must agree among the devices on a line. Stop bits may
	// differ: the line then sends two, which a one-stop-bit device reads as a short idle gap, and the UARTs we run
	// on (8250/16550, FTDI, CH340) check only the first stop bit of what they receive, so a PZEM-017 (8N2) shares a
	// line with 8N1 devices.
	bool resolveLineFraming()
	{
		for (LineDraft &line : m_lines) {
			const DeviceDraft *first = nullptr;
			for (const DeviceDraft &d : std::as_const(m_devices)) {
				if (d.config.isTcp() || d.config.lineName != line.config.name)
					continue;
				const SerialSettings &s = *d.config.serial;
				if (!first) {
					first = &d;
					line.config.serial = s;
					continue;
				}
				const SerialSettings &f = *first->config.serial;
				if (s.baud != f.baud || s.parity != f.parity) {
					const int keyLine = d.keys.firstLine ? d.keys.firstLine : d.lineKeyLine;
					return fail(keyLine, QStringLiteral("device.") + d.config.name,
						QStringLiteral("needs %1 on line '%2', where [device.%3] needs %4: a line runs at one baud "
									   "rate and parity")
							.arg(framingText(s), line.config.name, first->config.name, framingText(f)));
				}
				if (s.stopBits == QSerialPort::TwoStop)
					line.config.serial.stopBits = QSerialPort::TwoStop;
			}
		}
		return true;
	}

	static QString framingText(const SerialSettings &s)
	{
		const char parity = s.parity == QSerialPort::EvenParity ? 'E' : s.parity == QSerialPort::OddParity ? 'O' : 'N';
		return QStringLiteral("%1 8%2%3")
			.arg(QString::number(s.baud), QString(QLatin1Char(parity)), QString::number(s.stopBits));
	}

	const IniFile &m_ini;
	QString *m_error;
	QList<LineDraft> m_lines;
	QList<DeviceDraft> m_devices;
};

} // namespace

QString deviceTypeName(DeviceType type)
{
	switch (type) {
	case DeviceType::Heizstab:
		return QStringLiteral("heizstab");
	case DeviceType::Pzem016:
		return QStringLiteral("pzem016");
	case DeviceType::Pzem017:
		return QStringLiteral("pzem017");
	case DeviceType::Sdm230:
		return QStringLiteral("sdm230");
	case DeviceType::Growatt:
		return QStringLiteral("growatt");
	case DeviceType::Shelly:
		return QStringLiteral("shelly");
	}
	return QString();
}

std::optional<DeviceType> deviceTypeFromName(const QString &name)
{
	for (DeviceType type : {DeviceType::Heizstab, DeviceType::Pzem016, DeviceType::Pzem017, DeviceType::Sdm230,
			 DeviceType::Growatt, DeviceType::Shelly}) {
		if (deviceTypeName(type) == name)
			return type;
	}
	return std::nullopt;
}

const DeviceTypeDefaults &deviceTypeDefaults(DeviceType type)
{
	static const QStringList acMeterRoles = {
		QStringLiteral("grid"), QStringLiteral("pvinverter"), QStringLiteral("acload"), QStringLiteral("heatpump")};
	static const QStringList dcMeterRoles = {
		QStringLiteral("dcload"), QStringLiteral("dcsource"), QStringLiteral("dcsystem")};
	static const QStringList httpMeterRoles = {
		QStringLiteral("grid"), QStringLiteral("acload"), QStringLiteral("pvinverter")};
	// Serial settings and addresses from devices.md: §1.1 heater firmware (slave 33, 9600 8N1), §2.1 PZEM-016 8N1
	// and PZEM-017 8N2 at 9600, address 1; §3.1 SDM230 9600 N-1, address 1; §4.1 Growatt 9600 8N1, address 1.
	// All refresh their registers about once a second (§2.1; §4.1 recommends a 1000 ms command period).
	// An AC meter is a grid meter unless told otherwise, as in Victron's dbus-modbus-client (victron-dbus.md §1.7).
	// Shelly meters (devices.md §6) answer over HTTP, polled every second (dbus-shelly-3em-smartmeter polls every
	// 500 ms, §6.3); they may be grid, acload or pvinverter meters.
	static const DeviceTypeDefaults table[] = {
		{serial9600(QSerialPort::OneStop), 33, QStringLiteral("heatpump"), {QStringLiteral("heatpump")}, 1s},
		{serial9600(QSerialPort::OneStop), 1, QStringLiteral("grid"), acMeterRoles, 1s},
		{serial9600(QSerialPort::TwoStop), 1, QStringLiteral("dcload"), dcMeterRoles, 1s},
		{serial9600(QSerialPort::OneStop), 1, QStringLiteral("grid"), acMeterRoles, 1s},
		{serial9600(QSerialPort::OneStop), 1, QStringLiteral("pvinverter"), {QStringLiteral("pvinverter")}, 1s},
		{SerialSettings(), 0, QStringLiteral("grid"), httpMeterRoles, 1s, DeviceTransport::Http},
	};
	return table[static_cast<int>(type)];
}

bool parseConfig(const IniFile &ini, Config *out, QString *error)
{
	return Parser(ini, error).run(out);
}

} // namespace pvrouter
