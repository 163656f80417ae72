#pragma once

#include "ac_meter_model.h"
#include "modbus_device.h"

#include <functional>

namespace pvrouter {

// What one AC meter type is: its register map and how each register feeds the model. The drivers in drivers/
// are such profiles; this one class reads them all.
struct AcMeterProfile
{
	struct Binding
	{
		const char *key; // a register of `registers`
		AcMeterModel::Quantity quantity;
		double factor = 1; // model value = register value × factor (e.g. Wh → kWh)
	};

	const char *productName;
	int productId;
	QList<RegisterDef> registers;
	QList<Binding> bindings;
	BlockRules rules;
	// Resets the device's energy counter, where the device can; nullptr where it cannot.
	void (*resetEnergy)(ModbusDevice *device, std::function<void(bool ok, const QString &error)> done) = nullptr;
};

class AcMeter : public ModbusDevice
{
	Q_OBJECT
public:
	AcMeter(const AcMeterProfile &profile, ModbusLine *line, quint8 unit, std::chrono::milliseconds poll,
		QObject *parent = nullptr);

	AcMeterModel *model() { return &m_model; }
	const AcMeterProfile &profile() const { return m_profile; }
	// For profiles with resetEnergy only; energyResetFinished() tells how it went.
	void resetEnergy();

Q_SIGNALS:
	void energyResetFinished(bool ok, const QString &error);

protected:
	void update() override;
	void connectionChanged(bool connected) override;

private:
	const AcMeterProfile &m_profile; // static data of the driver
	AcMeterModel m_model;
};

} // namespace pvrouter
