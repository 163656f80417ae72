#pragma once

#include "sim/heizstab_sim.h"
#include "sim/modbus_sim_bus.h"
#include "sim/pzem016_sim.h"

#include <QModbusClient>
#include <QModbusReply>
#include <QObject>
#include <QScopedPointer>
#include <QSignalSpy>

namespace pvrouter::simtest {

using ReplyPtr = QScopedPointer<QModbusReply, QScopedPointerDeleteLater>;

// What the bus tests share: a heater and a PZEM-016 on one simulated bus, fresh per test function, and a Qt
// client that the test creates and connects.
class SimBusTest : public QObject
{
protected:
	// Waits for the reply on real I/O; false if it never finishes.
	static bool finish(QModbusReply *reply)
	{
		if (!reply)
			return false;
		if (reply->isFinished())
			return true;
		QSignalSpy finished(reply, &QModbusReply::finished);
		return finished.wait(5000);
	}

	// New devices on a new bus, at their default units; the test opens the bus.
	void createDevices()
	{
		m_heaterOwner.reset(new HeizstabSim);
		m_pzemOwner.reset(new Pzem016Sim);
		m_bus.reset(new ModbusSimBus);
		m_bus->attach(HeizstabSim::DefaultUnit, m_heaterOwner.data());
		m_bus->attach(Pzem016Sim::DefaultUnit, m_pzemOwner.data());
	}

	// The client before the bus, the bus before the devices it serves.
	void destroyAll()
	{
		m_client.reset();
		m_bus.reset();
		m_heaterOwner.reset();
		m_pzemOwner.reset();
	}

	QScopedPointer<HeizstabSim> m_heaterOwner;
	QScopedPointer<Pzem016Sim> m_pzemOwner;
	QScopedPointer<ModbusSimBus> m_bus;
	QScopedPointer<QModbusClient> m_client;
};

} // namespace pvrouter::simtest
