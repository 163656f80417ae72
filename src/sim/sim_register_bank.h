#pragma once

#include <QByteArray>
#include <QVector>

#include <array>
#include <functional>
#include <initializer_list>
#include <map>

namespace pvrouter {

// The four Modbus data tables.
enum class SimTable { Coils, DiscreteInputs, InputRegisters, HoldingRegisters };

// How a 32-bit value is split over two registers; bytes within a register are always big-endian.
enum class WordOrder { HighFirst, LowFirst };

// Modbus exception codes a simulated device answers with.
enum class SimException : quint8 {
	None = 0,
	IllegalFunction = 1,
	IllegalDataAddress = 2,
	IllegalDataValue = 3,
	SlaveDeviceFailure = 4,
};

// Storage for one simulated device plus the standard handling of FC 01, 02, 03, 04, 05, 06, 0F and 10.
// Only declared addresses exist: a request touching any other address gets exception 2, as a device that
// configures its tables (ArduinoModbus, vendor firmware) answers. Checks follow the Modbus application
// protocol order: function code (1), quantity and byte count (3), address range (2), then the device's own
// write check.
class SimRegisterBank
{
public:
	// Asked before a write is stored; anything but SimException::None refuses the whole request with it.
	// For coils the values are 0 or 1.
	using WriteCheck = std::function<SimException(SimTable table, quint16 address, const QVector<quint16> &values)>;
	// Told after a write was stored.
	using WriteHook = std::function<void(SimTable table, quint16 address, quint16 count)>;

	static constexpr quint16 MaxReadRegisters = 125;
	static constexpr quint16 MaxReadBits = 2000;
	static constexpr quint16 MaxWriteRegisters = 123;
	static constexpr quint16 MaxWriteBits = 1968;

	// Makes [start, start + count) exist, holding 0; count is clipped at the end of the address space.
	void declare(SimTable table, quint16 start, quint32 count);
	bool isMapped(SimTable table, quint16 address) const;
	bool isMapped(SimTable table, quint16 start, quint32 count) const;

	// Values of unmapped addresses read as 0 and are not stored.
	quint16 value(SimTable table, quint16 address) const;
	void setValue(SimTable table, quint16 address, quint16 value);
	quint32 u32(SimTable table, quint16 address, WordOrder order) const;
	void setU32(SimTable table, quint16 address, quint32 value, WordOrder order);
	// IEEE-754 single precision, high word first.
	float float32(SimTable table, quint16 address) const;
	void setFloat32(SimTable table, quint16 address, float value);
	// ASCII, two characters per register (first character in the high byte), padded with NULs.
	QByteArray ascii(SimTable table, quint16 start, quint16 count) const;
	void setAscii(SimTable table, quint16 start, quint16 count, const QByteArray &text);

	// Function codes this device implements among the standard eight; others get exception 1.
	void setFunctionCodes(std::initializer_list<quint8> codes);
	// Lower limit for one read of registers (some meters take fewer than the standard 125).
	void setMaxReadRegisters(quint16 count) { m_maxReadRegisters = count; }
	void setWriteCheck(WriteCheck check) { m_writeCheck = std::move(check); }
	void setWriteHook(WriteHook hook) { m_writeHook = std::move(hook); }

	// The response PDU (or an exception PDU) for a request PDU; empty for an empty request.
	QByteArray handle(const QByteArray &pdu);

	static QByteArray exceptionPdu(quint8 functionCode, SimException code);

private:
	using Table = std::map<quint16, quint16>;

	// What a request of FC 01, 02, 03, 04, 0F or 10 names; rejected is None or the exception it earns.
	struct Range
	{
		quint16 start;
		quint16 count;
		SimException rejected;
	};

	// Checks in protocol order: length, a count of 1 to maxCount and the byte count (3), then that every
	// address exists (2).
	Range requestRange(SimTable table, const QByteArray &pdu, quint16 maxCount) const;

	QByteArray readBits(SimTable table, const QByteArray &pdu) const;
	QByteArray readRegisters(SimTable table, const QByteArray &pdu) const;
	QByteArray writeSingleCoil(const QByteArray &pdu);
	QByteArray writeSingleRegister(const QByteArray &pdu);
	QByteArray writeMultipleCoils(const QByteArray &pdu);
	QByteArray writeMultipleRegisters(const QByteArray &pdu);
	SimException store(SimTable table, quint16 address, const QVector<quint16> &values);
	const Table &table(SimTable table) const { return m_tables[size_t(table)]; }
	Table &table(SimTable table) { return m_tables[size_t(table)]; }

	std::array<Table, 4> m_tables;
	quint32 m_functionCodes = 0xFFFFFFFF; // bit n set: standard function code n implemented
	quint16 m_maxReadRegisters = MaxReadRegisters;
	WriteCheck m_writeCheck;
	WriteHook m_writeHook;
};

} // namespace pvrouter
