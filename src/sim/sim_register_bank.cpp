#include "sim_register_bank.h"

#include <cstring>

namespace pvrouter {

namespace {

quint16 word(const QByteArray &pdu, int offset)
{
	return quint16((quint8(pdu[offset]) << 8) | quint8(pdu[offset + 1]));
}

void appendWord(QByteArray *pdu, quint16 value)
{
	pdu->append(char(value >> 8));
	pdu->append(char(value & 0xFF));
}

} // namespace

void SimRegisterBank::declare(SimTable which, quint16 start, quint32 count)
{
	Table &t = table(which);
	for (quint32 address = start; address < start + count && address <= 0xFFFF; ++address)
		t.emplace(quint16(address), 0);
}

bool SimRegisterBank::isMapped(SimTable which, quint16 address) const
{
	return table(which).count(address) != 0;
}

bool SimRegisterBank::isMapped(SimTable which, quint16 start, quint32 count) const
{
	if (count == 0 || quint32(start) + count > 0x10000)
		return false;
	const Table &t = table(which);
	auto it = t.find(start);
	for (quint32 address = start; address < start + count; ++address, ++it) {
		if (it == t.end() || it->first != address)
			return false;
	}
	return true;
}

quint16 SimRegisterBank::value(SimTable which, quint16 address) const
{
	const Table &t = table(which);
	const auto it = t.find(address);
	return it == t.end() ? 0 : it->second;
}

void SimRegisterBank::setValue(SimTable which, quint16 address, quint16 value)
{
	Table &t = table(which);
	const auto it = t.find(address);
	if (it != t.end())
		it->second = (which == SimTable::Coils || which == SimTable::DiscreteInputs) ? quint16(value != 0) : value;
}

quint32 SimRegisterBank::u32(SimTable which, quint16 address, WordOrder order) const
{
	const quint32 first = value(which, address);
	const quint32 second = value(which, quint16(address + 1));
	return order == WordOrder::HighFirst ? (first << 16) | second : (second << 16) | first;
}

void SimRegisterBank::setU32(SimTable which, quint16 address, quint32 value, WordOrder order)
{
	const quint16 high = quint16(value >> 16);
	const quint16 low = quint16(value & 0xFFFF);
	setValue(which, address, order == WordOrder::HighFirst ? high : low);
	setValue(which, quint16(address + 1), order == WordOrder::HighFirst ? low : high);
}

float SimRegisterBank::float32(SimTable which, quint16 address) const
{
	const quint32 bits = u32(which, address, WordOrder::HighFirst);
	float value;
	std::memcpy(&value, &bits, sizeof value);
	return value;
}

void SimRegisterBank::setFloat32(SimTable which, quint16 address, float value)
{
	quint32 bits;
	std::memcpy(&bits, &value, sizeof bits);
	setU32(which, address, bits, WordOrder::HighFirst);
}

QByteArray SimRegisterBank::ascii(SimTable which, quint16 start, quint16 count) const
{
	QByteArray text;
	for (quint32 i = 0; i < count; ++i) {
		const quint16 v = value(which, quint16(start + i));
		text.append(char(v >> 8));
		text.append(char(v & 0xFF));
	}
	return text;
}

void SimRegisterBank::setAscii(SimTable which, quint16 start, quint16 count, const QByteArray &text)
{
	for (quint32 i = 0; i < count; ++i) {
		const qsizetype at = qsizetype(2 * i);
		const quint8 high = at < text.size() ? quint8(text[at]) : 0;
		const quint8 low = at + 1 < text.size() ? quint8(text[at + 1]) : 0;
		setValue(which, quint16(start + i), quint16((high << 8) | low));
	}
}

void SimRegisterBank::setFunctionCodes(std::initializer_list<quint8> codes)
{
	m_functionCodes = 0;
	for (const quint8 code : codes) {
		if (code < 32)
			m_functionCodes |= 1u << code;
	}
}

QByteArray SimRegisterBank::exceptionPdu(quint8 functionCode, SimException code)
{
	QByteArray pdu;
	pdu.append(char(functionCode | 0x80));
	pdu.append(char(code));
	return pdu;
}

QByteArray SimRegisterBank::handle(const QByteArray &pdu)
{
	if (pdu.isEmpty())
		return {};
	const quint8 fc = quint8(pdu[0]);
	const bool implemented = fc < 32 && (m_functionCodes & (1u << fc));
	if (implemented) {
		switch (fc) {
		case 0x01:
			return readBits(SimTable::Coils, pdu);
		case 0x02:
			return readBits(SimTable::DiscreteInputs, pdu);
		case 0x03:
			return readRegisters(SimTable::HoldingRegisters, pdu);
		case 0x04:
			return readRegisters(SimTable::InputRegisters, pdu);
		case 0x05:
			return writeSingleCoil(pdu);
		case 0x06:
			return writeSingleRegister(pdu);
		case 0x0F:
			return writeMultipleCoils(pdu);
		case 0x10:
			return writeMultipleRegisters(pdu);
		default:
			break;
		}
	}
	return exceptionPdu(fc, SimException::IllegalFunction);
}

SimRegisterBank::Range SimRegisterBank::requestRange(SimTable which, const QByteArray &pdu, quint16 maxCount) const
{
	// FC 0F and 10 carry a byte count and the values after start and count; the reads carry nothing more.
	const quint8 fc = quint8(pdu[0]);
	const bool withData = fc == 0x0F || fc == 0x10;
	const int headerSize = withData ? 6 : 5;
	if (pdu.size() < headerSize)
		return {0, 0, SimException::IllegalDataValue};
	const quint16 start = word(pdu, 1);
	const quint16 count = word(pdu, 3);
	const bool bits = which == SimTable::Coils || which == SimTable::DiscreteInputs;
	const int dataSize = withData ? (bits ? (count + 7) / 8 : 2 * count) : 0;
	if (count < 1 || count > maxCount || pdu.size() != headerSize + dataSize ||
		(withData && quint8(pdu[5]) != dataSize))
		return {start, count, SimException::IllegalDataValue};
	if (!isMapped(which, start, count))
		return {start, count, SimException::IllegalDataAddress};
	return {start, count, SimException::None};
}

QByteArray SimRegisterBank::readBits(SimTable which, const QByteArray &pdu) const
{
	const quint8 fc = quint8(pdu[0]);
	const auto [start, count, rejected] = requestRange(which, pdu, MaxReadBits);
	if (rejected != SimException::None)
		return exceptionPdu(fc, rejected);
	QByteArray response(2 + (count + 7) / 8, '\0');
	response[0] = char(fc);
	response[1] = char((count + 7) / 8);
	for (quint16 i = 0; i < count; ++i) {
		if (value(which, quint16(start + i)))
			response[2 + i / 8] = char(quint8(response[2 + i / 8]) | (1u << (i % 8)));
	}
	return response;
}

QByteArray SimRegisterBank::readRegisters(SimTable which, const QByteArray &pdu) const
{
	const quint8 fc = quint8(pdu[0]);
	const auto [start, count, rejected] = requestRange(which, pdu, m_maxReadRegisters);
	if (rejected != SimException::None)
		return exceptionPdu(fc, rejected);
	QByteArray response;
	response.append(char(fc));
	response.append(char(2 * count));
	for (quint16 i = 0; i < count; ++i)
		appendWord(&response, value(which, quint16(start + i)));
	return response;
}

QByteArray SimRegisterBank::writeSingleCoil(const QByteArray &pdu)
{
	const quint8 fc = quint8(pdu[0]);
	if (pdu.size() != 5)
		return exceptionPdu(fc, SimException::IllegalDataValue);
	const quint16 address = word(pdu, 1);
	const quint16 raw = word(pdu, 3);
	if (raw != 0xFF00 && raw != 0x0000)
		return exceptionPdu(fc, SimException::IllegalDataValue);
	if (!isMapped(SimTable::Coils, address))
		return exceptionPdu(fc, SimException::IllegalDataAddress);
	const SimException refused = store(SimTable::Coils, address, {quint16(raw == 0xFF00)});
	return refused == SimException::None ? pdu : exceptionPdu(fc, refused);
}

QByteArray SimRegisterBank::writeSingleRegister(const QByteArray &pdu)
{
	const quint8 fc = quint8(pdu[0]);
	if (pdu.size() != 5)
		return exceptionPdu(fc, SimException::IllegalDataValue);
	const quint16 address = word(pdu, 1);
	if (!isMapped(SimTable::HoldingRegisters, address))
		return exceptionPdu(fc, SimException::IllegalDataAddress);
	const SimException refused = store(SimTable::HoldingRegisters, address, {word(pdu, 3)});
	return refused == SimException::None ? pdu : exceptionPdu(fc, refused);
}

QByteArray SimRegisterBank::writeMultipleCoils(const QByteArray &pdu)
{
	const quint8 fc = quint8(pdu[0]);
	const auto [start, count, rejected] = requestRange(SimTable::Coils, pdu, MaxWriteBits);
	if (rejected != SimException::None)
		return exceptionPdu(fc, rejected);
	QVector<quint16> values(count);
	for (quint16 i = 0; i < count; ++i)
		values[i] = (quint8(pdu[6 + i / 8]) >> (i % 8)) & 1;
	const SimException refused = store(SimTable::Coils, start, values);
	return refused == SimException::None ? pdu.left(5) : exceptionPdu(fc, refused);
}

QByteArray SimRegisterBank::writeMultipleRegisters(const QByteArray &pdu)
{
	const quint8 fc = quint8(pdu[0]);
	const auto [start, count, rejected] = requestRange(SimTable::HoldingRegisters, pdu, MaxWriteRegisters);
	if (rejected != SimException::None)
		return exceptionPdu(fc, rejected);
	QVector<quint16> values(count);
	for (quint16 i = 0; i < count; ++i)
		values[i] = word(pdu, 6 + 2 * i);
	const SimException refused = store(SimTable::HoldingRegisters, start, values);
	return refused == SimException::None ? pdu.left(5) : exceptionPdu(fc, refused);
}

SimException SimRegisterBank::store(SimTable which, quint16 address, const QVector<quint16> &values)
{
	if (m_writeCheck) {
		const SimException refused = m_writeCheck(which, address, values);
		if (refused != SimException::None)
			return refused;
	}
	for (int i = 0; i < values.size(); ++i)
		setValue(which, quint16(address + i), values[i]);
	if (m_writeHook)
		m_writeHook(which, address, quint16(values.size()));
	return SimException::None;
}

} // namespace pvrouter
