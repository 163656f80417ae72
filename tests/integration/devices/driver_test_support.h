#pragma once

#include "modbus/modbus_line.h"
#include "sim/modbus_sim_bus.h"

#include <QObject>

#include <chrono>
#include <memory>

namespace pvrouter::drivertest {

// What the driver tests share: the device's simulator on a simulated bus, fresh per test function, and the
// driver's line to it.
class DriverTest : public QObject
{
protected:
	// A new bus with the simulator at unit; nothing listens yet.
	void createBus(quint8 unit, SimModbusDevice *device)
	{
		m_bus = std::make_unique<ModbusSimBus>();
		m_bus->attach(unit, device);
	}

	// A line to the bus once it listens on loopback Modbus TCP; not open yet.
	void createTcpLine() { m_line = std::make_unique<ModbusLine>(QStringLiteral("127.0.0.1"), m_bus->tcpPort()); }

	// Opens the line with one short try per request, so that a silent device is lost quickly.
	void openImpatientLine(std::chrono::milliseconds timeout)
	{
		m_line->setTimeout(timeout);
		m_line->setRetries(0);
		m_line->open();
	}

	// Once the driver is gone: the line before the bus.
	void destroyLineAndBus()
	{
		m_line.reset();
		m_bus.reset();
	}

	std::unique_ptr<ModbusSimBus> m_bus;
	std::unique_ptr<ModbusLine> m_line;
};

} // namespace pvrouter::drivertest
