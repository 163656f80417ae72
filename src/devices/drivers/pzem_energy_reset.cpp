#include "pzem_energy_reset.h"

#include "common/logging.h"
#include "devices/modbus_device.h"

namespace pvrouter {

void resetPzemEnergy(ModbusDevice *device, std::function<void(bool ok, const QString &error)> done)
{
	constexpr auto ResetEnergy = QModbusPdu::FunctionCode(0x42);
	// Without it Qt's RTU client holds the reply back until the timeout (devices.md §0).
	static const bool registered = (ModbusLine::registerFunctionCode(ResetEnergy, 0), true);
	Q_UNUSED(registered);

	ModbusRequest request;
	request.unit = device->unit();
	request.kind = ModbusRequest::Kind::Raw;
	request.priority = ModbusRequest::Priority::Control;
	request.pdu = QModbusRequest(ResetEnergy);
	request.context = device;
	request.handler = [device, done = std::move(done)](const ModbusResult &result) {
		const QString where = device->line()->name() + QStringLiteral(" unit ") + QString::number(device->unit());
		if (result.ok())
			qCInfo(lcModbus).noquote() << where << "energy counter reset";
		else
			qCWarning(lcModbus).noquote() << where << "energy reset failed:" << result.error;
		done(result.ok(), result.error);
	};
	device->line()->send(std::move(request));
}

} // namespace pvrouter
