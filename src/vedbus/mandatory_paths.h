#pragma once

#include <QString>
#include <QVariant>

namespace pvrouter {

class VeService;

// What every Venus service publishes about itself (victron-dbus.md §1.7). dbusmonitor ignores a service
// without /DeviceInstance, and systemcalc drops a device whose /Connected, /ProductName or /Mgmt/Connection
// is not valid.
struct DeviceIdentity
{
	QString processName;    // /Mgmt/ProcessName, e.g. "dbus-pvrouter"
	QString processVersion; // /Mgmt/ProcessVersion
	QString connection;     // /Mgmt/Connection, e.g. "Modbus RTU ttyUSB0:33"
	int deviceInstance = 0; // /DeviceInstance, from /Settings/Devices/<uid>/ClassAndVrmInstance
	int productId = 0;      // /ProductId, shown as 0x%X
	QString productName;
	QVariant firmwareVersion; // string or int; invalid when unknown
	QVariant hardwareVersion;
	QString serial;
	QString customName; // /CustomName, writable: the owner persists what valueWritten() reports
	bool connected = true;
};

// Adds /Mgmt/ProcessName, /Mgmt/ProcessVersion, /Mgmt/Connection, /DeviceInstance, /ProductId, /ProductName,
// /FirmwareVersion, /HardwareVersion, /Connected, /CustomName and /Serial.
void addMandatoryPaths(VeService &service, const DeviceIdentity &identity);

} // namespace pvrouter
