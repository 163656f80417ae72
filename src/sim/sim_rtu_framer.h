#pragma once

#include <QByteArray>
#include <QVector>

namespace pvrouter {

// Cuts the byte stream a Modbus RTU server receives into request frames (unit + PDU + CRC). A frame's end
// is found from the request length its function code implies; bytes that do not start a frame with a valid
// CRC are dropped one at a time until the stream is in step again. A function code of unknown length can
// only end at an inter-frame gap: the owner calls silence() after ~3.5 character times without bytes.
class SimRtuFramer
{
public:
	struct Frame
	{
		quint8 unit = 0;
		QByteArray pdu;
	};

	// Bounds what is kept while waiting for a frame end; older bytes are dropped.
	static constexpr int MaxBuffered = 512;

	// Appends received bytes; returns the frames now complete with a valid CRC.
	QVector<Frame> feed(const QByteArray &bytes);
	// The line fell silent: returns the frames still recognisable (including one of an unknown function code
	// whose CRC is valid) and drops everything else.
	QVector<Frame> silence();
	bool hasPending() const { return !m_buffer.isEmpty(); }
	quint64 droppedBytes() const { return m_droppedBytes; }

	// Length of the request at the start of `data` including unit and CRC: 0 for a function code of unknown
	// request length, -1 when more bytes are needed to tell.
	static int requestLength(const char *data, qsizetype size);

private:
	QVector<Frame> extract(bool atSilence);

	QByteArray m_buffer;
	quint64 m_droppedBytes = 0;
};

} // namespace pvrouter
