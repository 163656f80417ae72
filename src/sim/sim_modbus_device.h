#pragma once

#include <QByteArray>

#include <chrono>

namespace pvrouter {

// What goes wrong between the bus and a simulated device; applied by ModbusSimBus.
enum class SimFault {
	None,
	Silent,    // never answers, and does not execute anything (a dead or unplugged device)
	Garbage,   // executes the request, answers random bytes of the answer's length
	BadCrc,    // executes the request, answers with a corrupted CRC (RTU); on TCP like Garbage
	Exception, // answers every request with exception 4 (slave device failure), executes nothing
	Slow,      // executes the request, answers after slowDelay()
};

// One simulated Modbus device: turns request PDUs into response PDUs. Not a QObject; the bus serving it
// does not own it.
class SimModbusDevice
{
public:
	virtual ~SimModbusDevice() = default;
	SimModbusDevice(const SimModbusDevice &) = delete;
	SimModbusDevice &operator=(const SimModbusDevice &) = delete;

	// `pdu` is function code + data. Returns the response PDU, an exception PDU (function code | 0x80, code),
	// or an empty array for "no answer". Must accept any bytes whatsoever.
	virtual QByteArray handle(const QByteArray &pdu) = 0;
	// Lets device time pass (counters, watchdogs, energy integration). Called by tests or the bus clock.
	virtual void advance(std::chrono::milliseconds elapsed);

	SimFault fault() const { return m_fault; }
	void setFault(SimFault fault) { m_fault = fault; }
	std::chrono::milliseconds slowDelay() const { return m_slowDelay; }
	void setSlowDelay(std::chrono::milliseconds delay) { m_slowDelay = delay; }

protected:
	SimModbusDevice() = default;

private:
	SimFault m_fault = SimFault::None;
	std::chrono::milliseconds m_slowDelay{1500};
};

} // namespace pvrouter
