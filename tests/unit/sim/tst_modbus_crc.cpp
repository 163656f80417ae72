#include "sim/modbus_crc.h"

#include <QTest>

using namespace pvrouter;

// CRC16 of Modbus RTU frames, checked against frames whose CRC is published.
class TestModbusCrc : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void knownFrames_data();
	void knownFrames();
	void emptyIsInitialValue();
};

void TestModbusCrc::knownFrames_data()
{
	QTest::addColumn<QByteArray>("frame"); // unit + PDU + CRC, low byte first

	// The heater firmware's test frame (devices.md §1.1). Its CRC 36 AA belongs to a read of input register
	// 0 (temperature) of unit 33, not register 1 as devices.md says: 21 04 00 01 00 01 has CRC 67 6A.
	QTest::newRow("heater firmware") << QByteArray::fromHex("21040000000136AA");
	QTest::newRow("read input 1 of unit 33") << QByteArray::fromHex("210400010001676A");
	// Modbus over serial line v1.02 / countless tutorials: read 10 holding registers from 0 of unit 1.
	QTest::newRow("read 10 holding") << QByteArray::fromHex("01030000000AC5CD");
}

void TestModbusCrc::knownFrames()
{
	QFETCH(QByteArray, frame);
	const QByteArray body = frame.left(frame.size() - 2);
	const quint16 crc = quint16(quint8(frame[frame.size() - 2]) | (quint8(frame[frame.size() - 1]) << 8));
	QCOMPARE(modbusCrc(body), crc);
	QCOMPARE(withModbusCrc(body), frame);
	QCOMPARE(modbusCrc(frame), quint16(0)); // a frame with its CRC appended checks to zero
}

void TestModbusCrc::emptyIsInitialValue()
{
	QCOMPARE(modbusCrc(QByteArray()), quint16(0xFFFF));
}

QTEST_GUILESS_MAIN(TestModbusCrc)
#include "tst_modbus_crc.moc"
