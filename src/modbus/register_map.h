#pragma once

#include <QList>
#include <QVariant>

#include <chrono>

namespace pvrouter {

enum class ModbusTable { Coil, DiscreteInput, InputRegister, HoldingRegister };

// How a value is laid out in 16-bit registers (bytes are big-endian within a register, as Modbus sends them).
enum class RegisterType {
	Bit, // coil or discrete input
	U16,
	S16,
	U32LowWordFirst,  // PZEM: the low word at the lower address
	U32HighWordFirst, // Growatt
	S32HighWordFirst,
	Float32HighWordFirst, // Eastron
	Ascii,                // two characters per register, NULs and trailing spaces dropped
};

// One value of a device's register map. Maps are static tables in the drivers, each entry citing its source.
struct RegisterDef
{
	const char *key; // the model's name for it, e.g. "voltage"
	ModbusTable table;
	quint16 address; // 0-based PDU address
	RegisterType type;
	double scale = 1; // value = raw × scale, in `unit`
	const char *unit = "";
	std::chrono::milliseconds maxAge{0}; // re-read when older; 0: on every poll (power, voltage)
	quint16 words = 0;                   // Ascii only: registers it spans
};

namespace RegisterMap {

// Registers (or bits) the value spans.
int width(const RegisterDef &def);

// The value of `def` from its `width(def)` raw words; invalid when the words cannot be a value
// (a float that is NaN or infinite). Integers and ASCII come out as qlonglong / QString, scaled values as double.
QVariant decode(const RegisterDef &def, const quint16 *words);

// The raw words for a value, for writes and for simulators' tests. The inverse of decode for valid input.
QList<quint16> encode(const RegisterDef &def, const QVariant &value);

} // namespace RegisterMap

// A read that covers several values: one table, `count` registers from `start`.
struct RegisterBlock
{
	ModbusTable table;
	quint16 start;
	quint16 count;
	QList<int> members; // indices into the planned definitions
};

// How a device lets us group reads.
struct BlockRules
{
	int maxGap = 7;          // unused registers a read may span (RTU overhead is ~7 registers)
	int maxCount = 125;      // registers per read (Modbus limit; 2000 for bits is not used by our devices)
	QList<quint16> barriers; // a read never spans one of these addresses unless it starts there
};

namespace RegisterMap {

// Groups adjacent values of the same table into as few reads as the rules allow; stable for a given table.
QList<RegisterBlock> planBlocks(const QList<RegisterDef> &defs, const BlockRules &rules = {});

} // namespace RegisterMap
} // namespace pvrouter
