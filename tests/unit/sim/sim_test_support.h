#pragma once

#include <QByteArray>
#include <QVector>

// Request builders and response parsers for the simulator tests (PDU level: function code + data).
namespace pvrouter::simtest {

// Hex digits, spaces allowed: "04 00 00 00 0A".
inline QByteArray hex(const char *digits)
{
	return QByteArray::fromHex(digits);
}

inline void appendWord(QByteArray *bytes, quint16 value)
{
	bytes->append(char(value >> 8));
	bytes->append(char(value & 0xFF));
}

inline QByteArray request(quint8 functionCode, quint16 first, quint16 second)
{
	QByteArray pdu(1, char(functionCode));
	appendWord(&pdu, first);
	appendWord(&pdu, second);
	return pdu;
}

inline QByteArray writeRegisters(quint16 address, const QVector<quint16> &values)
{
	QByteArray pdu = request(0x10, address, quint16(values.size()));
	pdu.append(char(2 * values.size()));
	for (const quint16 value : values)
		appendWord(&pdu, value);
	return pdu;
}

inline QByteArray writeCoils(quint16 address, const QVector<bool> &bits)
{
	QByteArray pdu = request(0x0F, address, quint16(bits.size()));
	QByteArray data((bits.size() + 7) / 8, '\0');
	for (int i = 0; i < bits.size(); ++i) {
		if (bits[i])
			data[i / 8] = char(quint8(data[i / 8]) | (1u << (i % 8)));
	}
	pdu.append(char(data.size()));
	pdu.append(data);
	return pdu;
}

// The registers of an FC 03/04 response; empty for anything else.
inline QVector<quint16> registersOf(const QByteArray &response)
{
	QVector<quint16> values;
	if (response.size() < 2 || (quint8(response[0]) & 0x80) || response.size() != 2 + quint8(response[1]))
		return values;
	for (int i = 2; i + 1 < response.size(); i += 2)
		values.append(quint16((quint8(response[i]) << 8) | quint8(response[i + 1])));
	return values;
}

inline QByteArray exceptionOf(quint8 functionCode, quint8 code)
{
	QByteArray pdu;
	pdu.append(char(functionCode | 0x80));
	pdu.append(char(code));
	return pdu;
}

} // namespace pvrouter::simtest
