#include "sim_mbap_framer.h"

namespace pvrouter {

namespace {

constexpr int HeaderSize = 7;       // transaction id, protocol id, length (all 16 bit), unit id
constexpr int MaxLengthField = 254; // unit id + a PDU of at most 253 bytes

quint16 word(const QByteArray &bytes, qsizetype offset)
{
	return quint16((quint8(bytes[offset]) << 8) | quint8(bytes[offset + 1]));
}

} // namespace

QVector<SimMbapFramer::Frame> SimMbapFramer::feed(const QByteArray &bytes)
{
	QVector<Frame> frames;
	if (m_broken)
		return frames;
	m_buffer.append(bytes);
	qsizetype pos = 0;
	while (m_buffer.size() - pos >= HeaderSize) {
		const quint16 length = word(m_buffer, pos + 4);
		if (length < 2 || length > MaxLengthField) {
			m_broken = true;
			m_buffer.clear();
			return frames;
		}
		if (m_buffer.size() - pos < 6 + length)
			break;
		if (word(m_buffer, pos + 2) == 0)
			frames.append({word(m_buffer, pos), quint8(m_buffer[pos + 6]), m_buffer.mid(pos + HeaderSize, length - 1)});
		pos += 6 + length;
	}
	m_buffer.remove(0, pos);
	return frames;
}

QByteArray SimMbapFramer::encode(quint16 transactionId, quint8 unit, const QByteArray &pdu)
{
	const quint16 length = quint16(pdu.size() + 1);
	QByteArray frame;
	frame.reserve(HeaderSize + pdu.size());
	frame.append(char(transactionId >> 8));
	frame.append(char(transactionId & 0xFF));
	frame.append('\0');
	frame.append('\0');
	frame.append(char(length >> 8));
	frame.append(char(length & 0xFF));
	frame.append(char(unit));
	frame.append(pdu);
	return frame;
}

} // namespace pvrouter
