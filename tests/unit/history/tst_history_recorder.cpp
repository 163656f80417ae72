#include "history/history_recorder.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace pvrouter;
using namespace std::chrono_literals;
using WallClock = HeaterHistory::WallClock;

namespace {

const QTimeZone Utc = QTimeZone::utc();
const WallClock::time_point Start = WallClock::time_point(std::chrono::hours(24 * 20600)); // a day in 2026

} // namespace

// HistoryRecorder with a real file in a temporary directory and explicit wall times: when it writes (at most
// every 5 minutes, and when it goes), what a restart finds, and a file it cannot read.
class TestHistoryRecorder : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void init();
	void writesEveryFiveMinutesAndAtTheEnd();
	void aRestartContinuesTheHistory();
	void aKillLosesAtMostOneInterval();
	void corruptFileIsMovedAside_data();
	void corruptFileIsMovedAside();
	void summaryAtMostOnceAMinuteAndOnSwitches();

private:
	QString file() const { return m_dir->filePath(QStringLiteral("heater-history.json")); }
	std::unique_ptr<QTemporaryDir> m_dir;
};

void TestHistoryRecorder::init()
{
	m_dir = std::make_unique<QTemporaryDir>();
	QVERIFY(m_dir->isValid());
}

void TestHistoryRecorder::writesEveryFiveMinutesAndAtTheEnd()
{
	auto recorder = std::make_unique<HistoryRecorder>(file(), Utc);
	recorder->load();
	for (auto t = Start; t < Start + 5min; t += 1s)
		recorder->record(t, 2000);
	QVERIFY2(!QFile::exists(file()), "written before five minutes passed");
	recorder->record(Start + 5min, 2000);
	QVERIFY(QFile::exists(file()));
	const QDateTime written = QFileInfo(file()).lastModified();
	const qint64 size = QFileInfo(file()).size();

	for (auto t = Start + 5min + 1s; t < Start + 9min; t += 1s)
		recorder->record(t, 2000);
	QCOMPARE(QFileInfo(file()).size(), size); // not again before another five minutes
	QCOMPARE(QFileInfo(file()).lastModified(), written);
	recorder.reset(); // shutdown
	HistoryRecorder after(file(), Utc);
	after.load();
	after.record(Start + 9min, 0);
	QCOMPARE(after.summary().totalKWh, 2.0 * (9 * 60 - 1) / 3600); // up to the last record, 8:59
}

void TestHistoryRecorder::aRestartContinuesTheHistory()
{
	{
		HistoryRecorder recorder(file(), Utc);
		recorder.load();
		for (auto t = Start; t <= Start + 30min; t += 10s)
			recorder.record(t, t < Start + 10min ? 1500 : 0);
	}
	HistoryRecorder recorder(file(), Utc);
	recorder.load();
	recorder.record(Start + 40min, 0); // a gap of 10 min is not integrated: nothing is invented meanwhile
	const HeaterHistory::Summary &s = recorder.summary();
	QCOMPARE(s.totalKWh, 0.25);
	QCOMPARE(s.last24hKWh, 0.25);
	QCOMPARE(s.switchesLast24h, 1);
	QCOMPARE(s.levelHoursLast24h[3], 10.0 / 60);
}

void TestHistoryRecorder::aKillLosesAtMostOneInterval()
{
	// A recorder that never gets to its destructor (SIGKILL, power cut) leaves what it last wrote.
	auto *killed = new HistoryRecorder(file(), Utc);
	killed->load();
	for (auto t = Start; t <= Start + 12min; t += 1s)
		killed->record(t, 3000); // written at 5 and 10 minutes
	HistoryRecorder recorder(file(), Utc);
	recorder.load();
	recorder.record(Start + 20min, 0);
	QCOMPARE(recorder.summary().totalKWh, 3.0 * 10 / 60); // the last 2 of 12 minutes are lost
	QFile::remove(file());                                // so the leak's destructor, if it ever ran, could not matter
	Q_UNUSED(killed);                                     // leaked on purpose: its destructor would write
}

void TestHistoryRecorder::corruptFileIsMovedAside_data()
{
	QTest::addColumn<QByteArray>("content");
	QTest::newRow("truncated") << QByteArray("{\"version\":1,\"totalWh\":12.5,\"hours\":[[4920");
	QTest::newRow("empty") << QByteArray();
	QTest::newRow("another format") << QByteArray("{\"version\":7}");
}

void TestHistoryRecorder::corruptFileIsMovedAside()
{
	QFETCH(QByteArray, content);
	QFile f(file());
	QVERIFY(f.open(QIODevice::WriteOnly));
	f.write(content);
	f.close();
	QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot read .*heater-history.json")));
	HistoryRecorder recorder(file(), Utc);
	recorder.load();
	QVERIFY(!QFile::exists(file()));
	const QStringList aside = QDir(m_dir->path()).entryList({QStringLiteral("heater-history.json.corrupt-*")});
	QCOMPARE(aside.size(), 1);
	QFile kept(m_dir->filePath(aside.first()));
	QVERIFY(kept.open(QIODevice::ReadOnly));
	QCOMPARE(kept.readAll(), content); // kept for inspection as it was
	recorder.record(Start, 500);
	recorder.record(Start + 6min, 500);
	QCOMPARE(recorder.summary().totalKWh, 0.05); // and the daemon runs on with a fresh history
	QVERIFY(QFile::exists(file()));
}

void TestHistoryRecorder::summaryAtMostOnceAMinuteAndOnSwitches()
{
	HistoryRecorder recorder(QString(), Utc); // in memory only
	QSignalSpy changed(&recorder, &HistoryRecorder::summaryChanged);
	for (auto t = Start; t < Start + 3min; t += 1s)
		recorder.record(t, 1000);
	QCOMPARE(changed.size(), 3);                 // at 0, 1 and 2 minutes
	recorder.record(Start + 3min - 500ms, 1500); // a switch: at once
	QCOMPARE(changed.size(), 4);
	QCOMPARE(recorder.summary().switchesLast24h, 1);
}

QTEST_GUILESS_MAIN(TestHistoryRecorder)
#include "tst_history_recorder.moc"
