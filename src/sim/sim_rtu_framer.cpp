#include "sim_rtu_framer.h"

#include "modbus_crc.h"

namespace pvrouter {

namespace {

constexpr int MinFrame = 4; // unit, function code, CRC

bool crcValid(const char *data, qsizetype size)
{
	if (size < MinFrame)
		return false;
	const quint16 received = quint16(quint8(data[size - 2]) | (quint8(data[size - 1]) << 8));
	return modbusCrc(data, size - 2) == received;
}

// The first position in [from, size) where a complete request with a valid CRC starts, or -1.
qsizetype findCompleteFrame(const char *data, qsizetype from, qsizetype size)
{
	for (qsizetype pos = from; pos + MinFrame <= size; ++pos) {
		const int length = SimRtuFramer::requestLength(data + pos, size - pos);
		if (length > 0 && length <= size - pos && crcValid(data + pos, length))
			return pos;
	}
	return -1;
}

} // namespace

int SimRtuFramer::requestLength(const char *data, qsizetype size)
{
	if (size < 2)
		return -1;
	// Request layouts from the Modbus application protocol v1.1b3 §6, plus the PZEM specials (devices.md §2.1).
	switch (quint8(data[1])) {
	case 0x01: // read coils
	case 0x02: // read discrete inputs
	case 0x03: // read holding registers
	case 0x04: // read input registers
	case 0x05: // write single coil
	case 0x06: // write single register
	case 0x08: // diagnostics, sub-function + one data word
		return 8;
	case 0x07: // read exception status
	case 0x0B: // comm event counter
	case 0x0C: // comm event log
	case 0x11: // report server id
		return 4;
	case 0x0F: // write multiple coils: byte count at offset 6
	case 0x10: // write multiple registers
		return size < 7 ? -1 : 9 + quint8(data[6]);
	case 0x14: // read file record: byte count at offset 2
	case 0x15: // write file record
		return size < 3 ? -1 : 5 + quint8(data[2]);
	case 0x16: // mask write register
		return 10;
	case 0x17: // read/write multiple registers: byte count at offset 10
		return size < 11 ? -1 : 13 + quint8(data[10]);
	case 0x18: // read FIFO queue
		return 6;
	case 0x41: // PZEM calibration: password word
		return 6;
	case 0x42: // PZEM reset energy: no data
		return 4;
	default:
		return 0;
	}
}

QVector<SimRtuFramer::Frame> SimRtuFramer::feed(const QByteArray &bytes)
{
	m_buffer.append(bytes);
	if (m_buffer.size() > MaxBuffered) {
		const qsizetype excess = m_buffer.size() - MaxBuffered;
		m_buffer.remove(0, excess);
		m_droppedBytes += quint64(excess);
	}
	return extract(false);
}

QVector<SimRtuFramer::Frame> SimRtuFramer::silence()
{
	return extract(true);
}

QVector<SimRtuFramer::Frame> SimRtuFramer::extract(bool atSilence)
{
	QVector<Frame> frames;
	const char *data = m_buffer.constData();
	const qsizetype size = m_buffer.size();
	qsizetype pos = 0;
	while (pos < size) {
		const qsizetype remaining = size - pos;
		const int length = requestLength(data + pos, remaining);
		if (length > 0 && length <= remaining) {
			if (crcValid(data + pos, length)) {
				frames.append({quint8(data[pos]), QByteArray(data + pos + 1, length - 3)});
				pos += length;
			} else {
				++pos; // not a frame start: resynchronise
				++m_droppedBytes;
			}
			continue;
		}
		if (!atSilence) {
			// Wait for the rest, or for the gap that ends a frame of unknown length, unless a complete frame
			// follows: then what precedes it was junk (a real request is never followed by another one
			// before its answer).
			const qsizetype next = findCompleteFrame(data, pos + 1, size);
			if (next < 0)
				break;
			m_droppedBytes += quint64(next - pos);
			pos = next;
			continue;
		}
		if (length == 0 && crcValid(data + pos, remaining)) {
			frames.append({quint8(data[pos]), QByteArray(data + pos + 1, remaining - 3)});
			pos = size;
			break;
		}
		++pos;
		++m_droppedBytes;
	}
	m_buffer.remove(0, pos);
	return frames;
}

} // namespace pvrouter
