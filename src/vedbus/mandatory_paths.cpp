#include "mandatory_paths.h"

#include "ve_service.h"

namespace pvrouter {

void addMandatoryPaths(VeService &service, const DeviceIdentity &identity)
{
	service.addPath(QStringLiteral("/Mgmt/ProcessName"), identity.processName);
	service.addPath(QStringLiteral("/Mgmt/ProcessVersion"), identity.processVersion);
	service.addPath(QStringLiteral("/Mgmt/Connection"), identity.connection);
	service.addPath(QStringLiteral("/DeviceInstance"), identity.deviceInstance);
	service.addPath(QStringLiteral("/ProductId"), identity.productId, TextFormat::hex());
	service.addPath(QStringLiteral("/ProductName"), identity.productName);
	service.addPath(QStringLiteral("/FirmwareVersion"), identity.firmwareVersion);
	service.addPath(QStringLiteral("/HardwareVersion"), identity.hardwareVersion);
	service.addPath(QStringLiteral("/Connected"), int(identity.connected));
	service.addPath(QStringLiteral("/CustomName"), identity.customName).setWritable(VeType::String);
	service.addPath(QStringLiteral("/Serial"), identity.serial);
}

} // namespace pvrouter
