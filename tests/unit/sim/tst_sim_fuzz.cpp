#include "sim/growatt_sim.h"
#include "sim/heizstab_sim.h"
#include "sim/modbus_crc.h"
#include "sim/pzem016_sim.h"
#include "sim/pzem017_sim.h"
#include "sim/sdm230_sim.h"
#include "sim/sim_mbap_framer.h"
#include "sim/sim_rtu_framer.h"

#include <QRandomGenerator>
#include <QTest>

#include <functional>
#include <memory>

using namespace pvrouter;

// Random requests, fixed seeds: no input may crash a simulator, and every answer must be a well-formed PDU.
class TestSimFuzz : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void devices_data();
	void devices();
	void rtuFramer();
	void mbapFramer();
};

namespace {

constexpr int Iterations = 10000;

// Half of the PDUs are shaped like requests the devices know (right length, small addresses and counts, the
// addresses where the devices have registers) so that the fuzzing reaches past the first checks; the rest
// are plain random bytes.
QByteArray randomPdu(QRandomGenerator &random)
{
	static const quint8 codes[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x08, 0x0F, 0x10, 0x41, 0x42, 0x2B};
	static const quint16 bases[] = {0x0000, 0x0000, 0x0000, 0x0003, 0x0046, 0x0156, 0x0BB8, 0xFC00};
	QByteArray pdu;
	if (random.bounded(2)) {
		pdu.resize(int(random.bounded(random.bounded(2) ? 12 : 260)));
		for (char &byte : pdu)
			byte = char(random.bounded(256));
		return pdu;
	}
	const quint8 fc = codes[random.bounded(int(sizeof codes))];
	const quint16 offset = random.bounded(2) ? 0 : quint16(random.bounded(12));
	const quint16 address = quint16(bases[random.bounded(int(sizeof bases / sizeof bases[0]))] + offset);
	static const int countLimits[] = {3, 12, 130};
	const quint16 count = quint16(random.bounded(1, countLimits[random.bounded(3)]));
	pdu.append(char(fc));
	pdu.append(char(address >> 8));
	pdu.append(char(address & 0xFF));
	if (fc == 0x05 || fc == 0x06) {
		const quint16 value = fc == 0x05 && random.bounded(4) ? (random.bounded(2) ? 0xFF00 : 0) : random.bounded(400);
		pdu.append(char(value >> 8));
		pdu.append(char(value & 0xFF));
	} else {
		pdu.append(char(count >> 8));
		pdu.append(char(count & 0xFF));
	}
	if (fc == 0x0F || fc == 0x10) {
		const int byteCount = fc == 0x0F ? (count + 7) / 8 : 2 * count;
		pdu.append(char(byteCount));
		for (int i = 0; i < byteCount; ++i)
			pdu.append(char(random.bounded(fc == 0x10 && i % 2 == 0 ? 2 : 256)));
	}
	if (fc == 0x42 && random.bounded(2))
		pdu.truncate(1);
	if (random.bounded(10) == 0) // off by some bytes
		pdu.truncate(int(random.bounded(pdu.size() + 1)));
	return pdu;
}

// Empty, an exception with a code 1..4, or a normal answer of the request's function code whose length
// fits the function code's layout.
QString checkResponse(const QByteArray &requestPdu, const QByteArray &response)
{
	if (response.isEmpty())
		return requestPdu.isEmpty() ? QString() : QStringLiteral("no answer");
	const quint8 fc = quint8(requestPdu[0]);
	if (response.size() > 253)
		return QStringLiteral("answer longer than a PDU");
	if (quint8(response[0]) == (fc | 0x80)) {
		const quint8 code = response.size() == 2 ? quint8(response[1]) : 0;
		return code >= 1 && code <= 4 ? QString() : QStringLiteral("bad exception");
	}
	if (quint8(response[0]) != fc)
		return QStringLiteral("wrong function code");
	switch (fc) {
	case 0x01:
	case 0x02:
	case 0x03:
	case 0x04:
		return response.size() >= 3 && response.size() == 2 + quint8(response[1]) ? QString()
																				  : QStringLiteral("bad read answer");
	case 0x05:
	case 0x06:
	case 0x08:
	case 0x42:
		return response == requestPdu ? QString() : QStringLiteral("not an echo");
	case 0x0F:
	case 0x10:
		return response == requestPdu.left(5) ? QString() : QStringLiteral("bad write answer");
	default:
		return QStringLiteral("answered an unknown function");
	}
}

} // namespace

void TestSimFuzz::devices_data()
{
	QTest::addColumn<int>("kind");
	QTest::newRow("heizstab") << 0;
	QTest::newRow("pzem016") << 1;
	QTest::newRow("pzem017") << 2;
	QTest::newRow("sdm230") << 3;
	QTest::newRow("growatt") << 4;
}

void TestSimFuzz::devices()
{
	QFETCH(int, kind);
	std::unique_ptr<SimModbusDevice> device;
	switch (kind) {
	case 0:
		device = std::make_unique<HeizstabSim>();
		break;
	case 1:
		device = std::make_unique<Pzem016Sim>();
		break;
	case 2:
		device = std::make_unique<Pzem017Sim>();
		break;
	case 3:
		device = std::make_unique<Sdm230Sim>();
		break;
	default:
		device = std::make_unique<GrowattSim>();
		break;
	}
	QRandomGenerator random(quint32(1234 + kind));
	int normalAnswers = 0;
	for (int i = 0; i < Iterations; ++i) {
		const QByteArray pdu = randomPdu(random);
		const QByteArray response = device->handle(pdu);
		const QString problem = checkResponse(pdu, response);
		if (!problem.isEmpty())
			QFAIL(qPrintable(QStringLiteral("%1: %2 -> %3").arg(problem, pdu.toHex(' '), response.toHex(' '))));
		if (!response.isEmpty() && !(quint8(response[0]) & 0x80))
			++normalAnswers;
		if (i % 100 == 0)
			device->advance(std::chrono::milliseconds(random.bounded(400000)));
	}
	QVERIFY2(normalAnswers > 100, "the fuzzing never got past the request checks");
}

void TestSimFuzz::rtuFramer()
{
	QRandomGenerator random(99);
	SimRtuFramer framer;
	int embedded = 0;
	int recovered = 0;
	for (int i = 0; i < Iterations; ++i) {
		QByteArray chunk(int(random.bounded(40)), '\0');
		for (char &byte : chunk)
			byte = char(random.bounded(256));
		if (random.bounded(4) == 0) {
			// A valid request hidden in the noise.
			chunk += withModbusCrc(QByteArray::fromHex("2104000000") + char(random.bounded(1, 126)));
			++embedded;
		}
		QVector<SimRtuFramer::Frame> frames = framer.feed(chunk);
		if (random.bounded(3) == 0)
			frames += framer.silence();
		for (const SimRtuFramer::Frame &frame : frames) {
			QVERIFY(!frame.pdu.isEmpty());
			if (frame.unit == 0x21 && frame.pdu.size() == 5 && frame.pdu.startsWith(QByteArray::fromHex("04000000")))
				++recovered;
		}
	}
	framer.silence();
	QVERIFY(!framer.hasPending());
	QVERIFY(framer.droppedBytes() > 0);
	// Noise can swallow a frame (a junk byte that announces a long frame), but resynchronising finds most.
	QVERIFY2(recovered > embedded * 8 / 10, qPrintable(QStringLiteral("%1 of %2").arg(recovered).arg(embedded)));
}

void TestSimFuzz::mbapFramer()
{
	QRandomGenerator random(7);
	for (int i = 0; i < 1000; ++i) {
		SimMbapFramer framer;
		for (int j = 0; j < 10 && !framer.isBroken(); ++j) {
			QByteArray chunk(int(random.bounded(300)), '\0');
			for (char &byte : chunk)
				byte = char(random.bounded(256));
			for (const SimMbapFramer::Frame &frame : framer.feed(chunk))
				QVERIFY(!frame.pdu.isEmpty() && frame.pdu.size() <= 253);
		}
	}
}

QTEST_GUILESS_MAIN(TestSimFuzz)
#include "tst_sim_fuzz.moc"
