#pragma once

#include "sim_modbus_device.h"
#include "sim_register_bank.h"

namespace pvrouter {

// The DIY water heater controller (transistorgit/Heizstab-Regelung firmware, devices.md §1.1): three SSRs of
// 500, 1000 and 2000 W. Coil writes are requests only: the firmware copies the coils to the SSRs when the
// master heartbeat (holding 0) changes, and switches everything off after 300 s without a change.
class HeizstabSim : public SimModbusDevice
{
public:
	static constexpr quint8 DefaultUnit = 33;
	static constexpr quint16 DeviceType = 0xE5E1;
	static constexpr quint16 SensorFaultRaw = 8500; // the firmware's 85.00 °C on a OneWire CRC error
	static constexpr std::chrono::seconds WatchdogTimeout{300};
	static constexpr int OutputCount = 3;
	static constexpr int OutputPowerW[OutputCount] = {500, 1000, 2000};

	HeizstabSim();

	QByteArray handle(const QByteArray &pdu) override;
	void advance(std::chrono::milliseconds elapsed) override;

	void setTemperatureC(double temperatureC);
	double temperatureC() const { return m_temperatureC; }
	// A DS18x20 CRC error: input 0 reads 8500 until cleared.
	void setSensorFault(bool fault);
	// The manual switch (pin A5): all SSRs on and mode 1 while set, whatever the master asks.
	void setForceOn(bool on);
	bool forceOn() const { return m_forceOn; }

	// SSR states now (0 = 500 W, 1 = 1000 W, 2 = 2000 W), and their power.
	bool output(int index) const;
	int appliedPowerW() const;
	// The coils as last written (requests, not yet applied until the heartbeat changes).
	bool requested(int index) const;
	bool watchdogTripped() const { return m_watchdogTripped; }
	quint16 masterHeartbeat() const;
	quint16 deviceHeartbeat() const;

private:
	void onWritten(SimTable table, quint16 address, quint16 count);
	void refresh();
	quint8 outputMask() const;

	SimRegisterBank m_bank;
	double m_temperatureC = 20.0;
	bool m_sensorFault = false;
	bool m_forceOn = false;
	quint8 m_applied = 0;        // bit i: SSR i on, as copied from the coils at the last heartbeat change
	quint16 m_lastHeartbeat = 0; // holding 0 as last seen by the firmware loop
	bool m_watchdogTripped = false;
	std::chrono::milliseconds m_sinceHeartbeat{0};
	std::chrono::milliseconds m_uptime{0};
};

} // namespace pvrouter
