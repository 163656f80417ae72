#include "modbus_crc.h"

namespace pvrouter {

quint16 modbusCrc(const char *data, qsizetype size)
{
	quint16 crc = 0xFFFF;
	for (qsizetype i = 0; i < size; ++i) {
		crc ^= quint8(data[i]);
		for (int bit = 0; bit < 8; ++bit)
			crc = (crc & 1) ? quint16((crc >> 1) ^ 0xA001) : quint16(crc >> 1);
	}
	return crc;
}

quint16 modbusCrc(const QByteArray &data)
{
	return modbusCrc(data.constData(), data.size());
}

QByteArray withModbusCrc(const QByteArray &data)
{
	const quint16 crc = modbusCrc(data);
	QByteArray frame = data;
	frame.append(char(crc & 0xFF));
	frame.append(char(crc >> 8));
	return frame;
}

} // namespace pvrouter
