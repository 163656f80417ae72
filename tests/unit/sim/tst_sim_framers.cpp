#include "sim/modbus_crc.h"
#include "sim/sim_mbap_framer.h"
#include "sim/sim_rtu_framer.h"
#include "sim_test_support.h"

#include <QTest>

using namespace pvrouter;
using namespace pvrouter::simtest;

// Framing of the simulated bus: RTU frame ends from request lengths and CRC resync; MBAP segments.
class TestSimFramers : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void rtuRequestLengths_data();
	void rtuRequestLengths();
	void rtuSplitAndBatched();
	void rtuResyncAfterJunk();
	void rtuUnknownFunctionEndsAtSilence();
	void rtuIncompleteFrameDroppedAtSilence();
	void mbapSplitAndBatched();
	void mbapOtherProtocolSkipped();
	void mbapImpossibleLengthBreaks();
};

void TestSimFramers::rtuRequestLengths_data()
{
	QTest::addColumn<QByteArray>("frame"); // without CRC

	QTest::newRow("read input") << hex("21 04 0001 0001");
	QTest::newRow("write single coil") << hex("21 05 0001 FF00");
	QTest::newRow("write coils") << hex("21 0F 0000 0003 01 05");
	QTest::newRow("write registers") << hex("21 10 0000 0002 04 0001 0002");
	QTest::newRow("PZEM reset") << hex("01 42");
	QTest::newRow("PZEM calibration") << hex("F8 41 3721");
	QTest::newRow("diagnostics") << hex("00 08 0000 5555");
}

void TestSimFramers::rtuRequestLengths()
{
	QFETCH(QByteArray, frame);
	const QByteArray adu = withModbusCrc(frame);
	QCOMPARE(SimRtuFramer::requestLength(adu.constData(), adu.size()), int(adu.size()));
	SimRtuFramer framer;
	const QVector<SimRtuFramer::Frame> frames = framer.feed(adu);
	QCOMPARE(frames.size(), 1);
	QCOMPARE(frames[0].unit, quint8(frame[0]));
	QCOMPARE(frames[0].pdu, frame.mid(1));
	QVERIFY(!framer.hasPending());
}

void TestSimFramers::rtuSplitAndBatched()
{
	const QByteArray a = withModbusCrc(hex("21 04 0000 0005"));
	const QByteArray b = withModbusCrc(hex("01 10 0001 0001 02 1234"));
	SimRtuFramer framer;
	QCOMPARE(framer.feed(a.left(3)).size(), 0);
	QVERIFY(framer.hasPending());
	QCOMPARE(framer.feed(a.mid(3) + b.left(7)).size(), 1);
	const QVector<SimRtuFramer::Frame> frames = framer.feed(b.mid(7) + a);
	QCOMPARE(frames.size(), 2);
	QCOMPARE(frames[0].unit, quint8(1));
	QCOMPARE(frames[0].pdu, hex("10 0001 0001 02 1234"));
	QCOMPARE(frames[1].unit, quint8(0x21));
	QCOMPARE(framer.droppedBytes(), quint64(0));
}

void TestSimFramers::rtuResyncAfterJunk()
{
	SimRtuFramer framer;
	QByteArray corrupted = withModbusCrc(hex("21 04 0000 0005"));
	corrupted[4] = char(0x7F); // the CRC no longer matches
	const QByteArray good = withModbusCrc(hex("21 03 0000 0001"));
	const QVector<SimRtuFramer::Frame> frames = framer.feed(hex("00 FF 21") + corrupted + good);
	QCOMPARE(frames.size(), 1);
	QCOMPARE(frames[0].pdu, hex("03 0000 0001"));
	QCOMPARE(framer.droppedBytes(), quint64(3 + corrupted.size()));
}

void TestSimFramers::rtuUnknownFunctionEndsAtSilence()
{
	SimRtuFramer framer;
	const QByteArray unknown = withModbusCrc(hex("21 65 0102 0304"));
	QCOMPARE(framer.feed(unknown).size(), 0); // its length is unknown: wait for the gap
	const QVector<SimRtuFramer::Frame> frames = framer.silence();
	QCOMPARE(frames.size(), 1);
	QCOMPARE(frames[0].pdu, hex("65 0102 0304"));
	QVERIFY(!framer.hasPending());
}

void TestSimFramers::rtuIncompleteFrameDroppedAtSilence()
{
	SimRtuFramer framer;
	const QByteArray good = withModbusCrc(hex("21 04 0000 0005"));
	QCOMPARE(framer.feed(good.left(6)).size(), 0);
	QCOMPARE(framer.silence().size(), 0);
	QVERIFY(!framer.hasPending());
	QCOMPARE(framer.feed(good).size(), 1); // the next frame starts clean
}

void TestSimFramers::mbapSplitAndBatched()
{
	const QByteArray a = SimMbapFramer::encode(0x0102, 33, hex("04 0000 0005"));
	const QByteArray b = SimMbapFramer::encode(0xFFFF, 1, hex("03 0001 0002"));
	QCOMPARE(a, hex("0102 0000 0006 21 04 0000 0005"));
	SimMbapFramer framer;
	QCOMPARE(framer.feed(a.left(5)).size(), 0);
	QCOMPARE(framer.feed(a.mid(5, 4)).size(), 0);
	QVector<SimMbapFramer::Frame> frames = framer.feed(a.mid(9) + b + a.left(1));
	QCOMPARE(frames.size(), 2);
	QCOMPARE(frames[0].transactionId, quint16(0x0102));
	QCOMPARE(frames[0].unit, quint8(33));
	QCOMPARE(frames[0].pdu, hex("04 0000 0005"));
	QCOMPARE(frames[1].transactionId, quint16(0xFFFF));
	QCOMPARE(frames[1].unit, quint8(1));
	frames = framer.feed(a.mid(1));
	QCOMPARE(frames.size(), 1);
	QVERIFY(!framer.isBroken());
}

void TestSimFramers::mbapOtherProtocolSkipped()
{
	SimMbapFramer framer;
	const QVector<SimMbapFramer::Frame> frames =
		framer.feed(hex("0001 0001 0006 21 04 0000 0005") + SimMbapFramer::encode(2, 33, hex("04 0000 0001")));
	QCOMPARE(frames.size(), 1);
	QCOMPARE(frames[0].transactionId, quint16(2));
}

void TestSimFramers::mbapImpossibleLengthBreaks()
{
	SimMbapFramer framer;
	QCOMPARE(framer.feed(hex("0001 0000 0001 21")).size(), 0);
	QVERIFY(framer.isBroken());
	QCOMPARE(framer.feed(SimMbapFramer::encode(2, 33, hex("04 0000 0001"))).size(), 0);
}

QTEST_GUILESS_MAIN(TestSimFramers)
#include "tst_sim_framers.moc"
