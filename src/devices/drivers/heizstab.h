#pragma once

#include "devices/heater_model.h"
#include "devices/modbus_device.h"

#include <QElapsedTimer>

namespace pvrouter {

// The DIY "Heizstab" water heater controller (devices.md §1.1): three solid-state relays for 500, 1000 and
// 2000 W elements, unit 33, 9600 8N1, identified by input register 3 = 0xE5E1.
//
// Its firmware copies the three coils to the relays only when holding register 0 (our heartbeat) changes, and
// switches everything off when it has not changed for 300 s. So a level is set by writing the coils and then a
// new heartbeat, and both are written again at least every 5 s: the level survives a controller restart, and
// if pvrouter dies the heater turns itself off within five minutes.
class Heizstab : public ModbusDevice
{
	Q_OBJECT
public:
	static constexpr quint16 DeviceType = 0xE5E1;
	static constexpr std::chrono::seconds HeartbeatRefresh{5};
	// Feedback that disagrees with the command for this many polls in a row marks the heater faulty.
	static constexpr int FaultPolls = 3;

	Heizstab(ModbusLine *line, quint8 unit, std::chrono::milliseconds poll, QObject *parent = nullptr);

	HeaterModel *model() { return &m_model; }
	static const QList<RegisterDef> &registers();

	// 0 (off) to 7 (3500 W); sent at once, ahead of every poll on the line.
	void setLevel(int level);

protected:
	void update() override;
	void connectionChanged(bool connected) override;

private:
	void sendLevel();

	HeaterModel m_model;
	QElapsedTimer m_sinceHeartbeat;
	quint16 m_heartbeat = 0; // the firmware starts from 0, so the first one we send is 1
	int m_mismatches = 0;
};

} // namespace pvrouter
