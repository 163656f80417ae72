#pragma once

#include <QByteArray>
#include <QVector>

namespace pvrouter {

// Cuts a Modbus TCP byte stream into requests: MBAP header (transaction id, protocol id 0, length, unit id)
// then the PDU. A segment may hold several requests or part of one.
class SimMbapFramer
{
public:
	struct Frame
	{
		quint16 transactionId = 0;
		quint8 unit = 0;
		QByteArray pdu;
	};

	// Appends received bytes; returns the complete requests. Frames with a protocol id other than 0 are
	// skipped. A length field that no Modbus frame can have (below 2 or above 254) breaks the stream.
	QVector<Frame> feed(const QByteArray &bytes);
	bool isBroken() const { return m_broken; }

	static QByteArray encode(quint16 transactionId, quint8 unit, const QByteArray &pdu);

private:
	QByteArray m_buffer;
	bool m_broken = false;
};

} // namespace pvrouter
