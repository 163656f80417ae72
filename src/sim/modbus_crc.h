#pragma once

#include <QByteArray>

namespace pvrouter {

// Modbus RTU CRC16 (reflected polynomial 0xA001, initial value 0xFFFF). On the wire the low byte goes first.
quint16 modbusCrc(const QByteArray &data);
quint16 modbusCrc(const char *data, qsizetype size);

// `data` followed by its CRC, low byte first: a complete RTU frame from unit + PDU.
QByteArray withModbusCrc(const QByteArray &data);

} // namespace pvrouter
