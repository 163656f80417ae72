#pragma once

#include <QList>
#include <QSerialPort>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <optional>

namespace pvrouter {

class IniFile;

enum class DeviceType { Heizstab, Pzem016, Pzem017, Sdm230, Growatt, Shelly };

// How pvrouter reaches a device type: Modbus on a serial line or at a TCP endpoint, or its web API.
enum class DeviceTransport { Modbus, Http };

// "heizstab", "pzem016", "pzem017", "sdm230", "growatt", "shelly": the names the config file uses.
QString deviceTypeName(DeviceType type);
std::optional<DeviceType> deviceTypeFromName(const QString &name);

struct SerialSettings
{
	QString port;
	qint32 baud = 9600;
	QSerialPort::Parity parity = QSerialPort::NoParity;
	QSerialPort::StopBits stopBits = QSerialPort::OneStop;
	int dataBits = 8;
};

// What a device type brings when the config says nothing: its factory serial settings and address, the role it
// takes and the roles it may take. Also what the serial-starter probe uses.
struct DeviceTypeDefaults
{
	SerialSettings serial; // port empty; Modbus types only
	quint8 unit;           // Modbus types only
	QString role;
	QStringList roles;
	std::chrono::milliseconds poll;
	DeviceTransport transport = DeviceTransport::Modbus;
};

const DeviceTypeDefaults &deviceTypeDefaults(DeviceType type);

// [line.<name>]: one RS-485 adapter.
struct LineConfig
{
	QString name;
	// What the port opens with: the framing its devices share, with two stop bits when any of them needs two (see
	// resolveLineFraming in the .cpp); without devices, the section's keys, 9600 8N1 where it is silent. Each
	// device's own needs stay in DeviceConfig::serial.
	SerialSettings serial;
	int line = 0; // of the section header, for later messages
};

// [device.<name>]: one Modbus device, on a serial line or at a Modbus TCP endpoint, or one HTTP device at a URL.
struct DeviceConfig
{
	QString name; // the section suffix
	DeviceType type = DeviceType::Heizstab;
	QString lineName;                     // empty for a TCP device
	QString tcpHost;                      // empty for a device on a line
	quint16 tcpPort = 0;                  // 502 unless given
	std::optional<SerialSettings> serial; // resolved (device key > line key > type default); empty for TCP
	quint8 unit = 1;
	QString role;       // the D-Bus service class: grid, pvinverter, acload, heatpump, dcload, dcsource, dcsystem
	int position = 0;   // /Position, for pvinverter, acload and heatpump: 0 AC input 1, 1 AC output, 2 AC input 2
	QString customName; // empty: the driver's product name
	std::chrono::milliseconds poll{1000};
	int maxPowerW = 0;          // growatt only: /Ac/MaxPower
	int shuntA = 0;             // pzem017 only: the shunt's range to keep the meter at; 0 leaves the meter as it is
	QUrl url;                   // HTTP devices: "http://host" or "http://host:port", nothing else
	QString username;           // HTTP Basic authentication; empty: none
	QString password;           // never logged, never in an error message
	std::optional<int> channel; // shelly: the channel of a meter with independent channels; empty: the default
	int line = 0;               // of the section header, for later messages

	bool isTcp() const { return !tcpHost.isEmpty(); }
	bool isHttp() const { return !url.isEmpty(); }
};

struct Config
{
	QList<LineConfig> lines;
	QList<DeviceConfig> devices;
};

// Interprets the [line.*] and [device.*] sections of `ini`. Returns false and sets `error` to the first problem,
// as "file:line: [section] message", when a section, key or value is unknown, malformed, missing or impossible.
bool parseConfig(const IniFile &ini, Config *out, QString *error);

} // namespace pvrouter
