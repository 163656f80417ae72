#include "history/heater_history.h"

#include <QDateTime>
#include <QTest>

using namespace pvrouter;
using namespace std::chrono_literals;
using WallClock = HeaterHistory::WallClock;

namespace {

const QTimeZone Berlin(QByteArrayLiteral("Europe/Berlin"));

WallClock::time_point at(const char *isoUtc)
{
	const QDateTime t = QDateTime::fromString(QLatin1String(isoUtc), Qt::ISODate);
	Q_ASSERT(t.isValid());
	return WallClock::time_point(std::chrono::milliseconds(t.toMSecsSinceEpoch()));
}

WallClock::time_point atLocal(QDate date, QTime time, const QTimeZone &zone)
{
	return WallClock::time_point(std::chrono::milliseconds(QDateTime(date, time, zone).toMSecsSinceEpoch()));
}

// Records every minute from `from` for `duration` at `level` (× 500 W), as the control loop's records arrive.
void heat(HeaterHistory &history, WallClock::time_point from, std::chrono::minutes duration, int level)
{
	for (auto t = from; t <= from + duration; t += 1min)
		history.record(t, level * 500.0, level);
}

} // namespace

// HeaterHistory on explicit wall times: integration across hour and day boundaries, daylight-saving days, the
// windows of 24 h and 7 days, switches and hours per level, gaps and clock jumps, and its file format.
class TestHeaterHistory : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void energyIsSplitAtHourBoundaries();
	void hourlyIsOldestFirstAndEndsWithThisHour();
	void keepsEightDays();
	void daylightSavingDays_data();
	void daylightSavingDays();
	void todayStartsAtLocalMidnight();
	void switchesAndLevelHoursOfTheLast24h();
	void gapsAndClockJumpsAreNotIntegrated();
	void jsonRoundTrip();
	void malformedJson_data();
	void malformedJson();
};

void TestHeaterHistory::energyIsSplitAtHourBoundaries()
{
	HeaterHistory history;
	history.record(at("2026-06-01T10:30:00Z"), 1000, 2);
	history.record(at("2026-06-01T10:40:00Z"), 1000, 2); // 10 min at 1 kW
	history.record(at("2026-06-01T10:50:00Z"), 1000, 2);
	history.record(at("2026-06-01T11:00:00Z"), 2000, 4);
	history.record(at("2026-06-01T11:06:00Z"), 0, 0); // 6 min at 2 kW
	const HeaterHistory::Summary s = history.summary(at("2026-06-01T11:30:00Z"), Berlin);
	QCOMPARE(s.hourlyKWh.size(), 168);
	QCOMPARE(s.hourlyKWh.at(166), 0.5);
	QCOMPARE(s.hourlyKWh.at(167), 0.2);
	QCOMPARE(s.totalKWh, 0.7);
	QCOMPARE(s.last24hKWh, 0.7);
	QCOMPARE(s.last7dKWh, 0.7);
	QCOMPARE(s.todayKWh, 0.7);
}

void TestHeaterHistory::hourlyIsOldestFirstAndEndsWithThisHour()
{
	HeaterHistory history;
	heat(history, at("2026-06-01T08:00:00Z"), 60min, 2); // 1 kWh at 08:00
	heat(history, at("2026-06-03T09:00:00Z"), 30min, 4); // 1 kWh at 09:00 two days later
	const HeaterHistory::Summary s = history.summary(at("2026-06-03T09:59:00Z"), Berlin);
	QCOMPARE(s.hourlyKWh.at(167), 1.0);
	QCOMPARE(s.hourlyKWh.at(167 - 49), 1.0); // 49 hours before this one
	QCOMPARE(s.last24hKWh, 1.0);
	QCOMPARE(s.last7dKWh, 2.0);
	const QList<double> daily = {0, 0, 0, 0, 1, 0, 1};
	QCOMPARE(s.dailyKWh.size(), daily.size());
	for (int i = 0; i < daily.size(); ++i)
		QCOMPARE(s.dailyKWh.at(i), daily.at(i));
}

void TestHeaterHistory::keepsEightDays()
{
	HeaterHistory history;
	heat(history, at("2026-06-01T08:00:00Z"), 60min, 2);
	QCOMPARE(history.summary(at("2026-06-08T07:59:00Z"), Berlin).last7dKWh, 1.0); // the oldest of 168 hours
	QCOMPARE(history.summary(at("2026-06-08T08:00:00Z"), Berlin).last7dKWh, 0.0);
	history.record(at("2026-06-09T07:59:00Z"), 0, 0);
	const QByteArray kept = history.toJson();
	history.record(at("2026-06-09T09:00:00Z"), 0, 0); // 193 hours later: the hour is dropped
	QVERIFY(history.toJson().size() < kept.size());
	QCOMPARE(history.totalKWh(), 1.0); // the counter keeps it
}

void TestHeaterHistory::daylightSavingDays_data()
{
	QTest::addColumn<QDate>("day");
	QTest::addColumn<double>("kWh");
	QTest::newRow("spring forward: 23 hours") << QDate(2026, 3, 29) << 23.0;
	QTest::newRow("an ordinary day") << QDate(2026, 6, 1) << 24.0;
	QTest::newRow("fall back: 25 hours") << QDate(2026, 10, 25) << 25.0;
}

void TestHeaterHistory::daylightSavingDays()
{
	// 1 kW all the local day long: the day holds as many kWh as it has hours, and no hour is lost or doubled.
	QFETCH(QDate, day);
	QFETCH(double, kWh);
	HeaterHistory history;
	const WallClock::time_point start = atLocal(day, QTime(0, 0), Berlin);
	const WallClock::time_point end = atLocal(day.addDays(1), QTime(0, 0), Berlin);
	for (auto t = start; t <= end; t += 1min)
		history.record(t, 1000, 2);
	const HeaterHistory::Summary s = history.summary(end - 1s, Berlin);
	QCOMPARE(s.todayKWh, kWh);
	QCOMPARE(s.totalKWh, kWh);
	const HeaterHistory::Summary next = history.summary(end + 1h, Berlin);
	QCOMPARE(next.dailyKWh.at(5), kWh);
	QCOMPARE(next.todayKWh, 0.0);
}

void TestHeaterHistory::todayStartsAtLocalMidnight()
{
	// 23:30 to 00:30 Berlin summer time (21:30 to 22:30 UTC): half yesterday, half today.
	HeaterHistory history;
	heat(history, atLocal(QDate(2026, 6, 1), QTime(23, 0), Berlin), 120min, 2);
	const HeaterHistory::Summary s = history.summary(atLocal(QDate(2026, 6, 2), QTime(8, 0), Berlin), Berlin);
	QCOMPARE(s.todayKWh, 1.0);
	QCOMPARE(s.dailyKWh.at(5), 1.0);
}

void TestHeaterHistory::switchesAndLevelHoursOfTheLast24h()
{
	HeaterHistory history;
	history.record(at("2026-06-01T10:00:00Z"), 0, 0);
	history.record(at("2026-06-01T10:05:00Z"), 1500, 3); // a switch; then 3 hours at level 3
	for (auto t = at("2026-06-01T10:10:00Z"); t <= at("2026-06-01T13:05:00Z"); t += 5min)
		history.record(t, 1500, 3);
	history.record(at("2026-06-01T13:05:00Z"), 0, 0); // a switch
	history.record(at("2026-06-01T13:10:00Z"), 0, 0);
	HeaterHistory::Summary s = history.summary(at("2026-06-01T14:00:00Z"), Berlin);
	QCOMPARE(s.switchesLast24h, 2);
	QCOMPARE(s.levelHoursLast24h[3], 3.0);
	QCOMPARE(s.levelHoursLast24h[0], 10.0 / 60);
	QCOMPARE(s.last24hKWh, 4.5);

	s = history.summary(at("2026-06-02T10:07:00Z"), Berlin); // the first switch is older than 24 h
	QCOMPARE(s.switchesLast24h, 1);
	s = history.summary(at("2026-06-02T11:10:00Z"), Berlin); // 10:00 and 11:00 are more than 23 hours back
	QCOMPARE(s.levelHoursLast24h[3], 1.0 + 5.0 / 60);
}

void TestHeaterHistory::gapsAndClockJumpsAreNotIntegrated()
{
	HeaterHistory history;
	history.record(at("2026-06-01T10:00:00Z"), 3500, 7);
	history.record(at("2026-06-01T10:30:00Z"), 3500, 7); // 30 min without a record: the daemon was down
	QCOMPARE(history.totalKWh(), 0.0);
	history.record(at("2026-06-01T10:40:00Z"), 3500, 7); // 10 min: counted
	QCOMPARE(history.totalKWh(), 3500.0 / 6 / 1000);

	// The clock set an hour ahead, then back: nothing is integrated across either jump, and what was recorded
	// in the wrong future is dropped.
	history.record(at("2026-06-01T11:41:00Z"), 3500, 7);
	history.record(at("2026-06-01T11:46:00Z"), 3500, 7);
	QCOMPARE(history.summary(at("2026-06-01T11:46:00Z"), Berlin).hourlyKWh.at(167), 3500.0 * 5 / 60 / 1000);
	history.record(at("2026-06-01T10:45:00Z"), 3500, 7);
	history.record(at("2026-06-01T10:46:00Z"), 0, 0);
	const HeaterHistory::Summary s = history.summary(at("2026-06-01T10:50:00Z"), Berlin);
	QCOMPARE(s.last24hKWh, 3500.0 * 11 / 60 / 1000);
}

void TestHeaterHistory::jsonRoundTrip()
{
	HeaterHistory history;
	heat(history, at("2026-06-01T08:00:00Z"), 90min, 5);
	history.record(at("2026-06-01T09:31:00Z"), 0, 0);
	QString problem;
	const std::optional<HeaterHistory> loaded = HeaterHistory::fromJson(history.toJson(), &problem);
	QVERIFY2(loaded, qPrintable(problem));
	const auto now = at("2026-06-01T12:00:00Z");
	const HeaterHistory::Summary a = history.summary(now, Berlin), b = loaded->summary(now, Berlin);
	QCOMPARE(b.totalKWh, a.totalKWh);
	QCOMPARE(b.hourlyKWh, a.hourlyKWh);
	QCOMPARE(b.switchesLast24h, a.switchesLast24h);
	QCOMPARE(b.levelHoursLast24h, a.levelHoursLast24h);
	QCOMPARE(loaded->toJson(), history.toJson());
}

void TestHeaterHistory::malformedJson_data()
{
	QTest::addColumn<QByteArray>("json");
	QTest::addColumn<QString>("problem");
	const QByteArray hour = "[492000, 100.5, [0,0,0,0,0,3600,0,0]]";
	const auto file = [](const QByteArray &hours, const QByteArray &switches = "[]", int version = 1) {
		return "{\"version\":" + QByteArray::number(version) + ",\"totalWh\":100.5,\"hours\":" + hours +
			",\"switches\":" + switches + "}";
	};
	const QString notOurs = QStringLiteral("not a pvrouter heater history of version 1");
	QTest::newRow("empty") << QByteArray() << "at offset 0"; // after Qt's words for it
	QTest::newRow("truncated") << file("[" + hour + "]").left(40) << "at offset 40";
	QTest::newRow("not an object") << QByteArray("[1,2]") << notOurs;
	QTest::newRow("another version") << file("[]", "[]", 2) << notOurs;
	QTest::newRow("hours not an array") << file("{}") << notOurs;
	QTest::newRow("negative energy") << file("[[492000, -1, [0,0,0,0,0,0,0,0]]]") << "hour 0 is malformed";
	QTest::newRow("energy as a string") << file("[[492000, \"1\", [0,0,0,0,0,0,0,0]]]") << "hour 0 is malformed";
	QTest::newRow("seven levels") << file("[[492000, 1, [0,0,0,0,0,0,0]]]") << "hour 0 is malformed";
	QTest::newRow("hours out of order") << file("[" + hour + "," + hour + "]") << "hour 1 is malformed";
	QTest::newRow("switch time as text") << file("[]", "[\"noon\"]") << "a switch time is malformed";
	QByteArray many = "[";
	for (int i = 0; i < HeaterHistory::HoursKept + 1; ++i)
		many += (i ? "," : "") + QByteArray("[") + QByteArray::number(i) + ",0,[0,0,0,0,0,0,0,0]]";
	QTest::newRow("more hours than kept") << file(many + "]") << "more entries than a history keeps";
}

void TestHeaterHistory::malformedJson()
{
	QFETCH(QByteArray, json);
	QFETCH(QString, problem);
	QString actual;
	QVERIFY(!HeaterHistory::fromJson(json, &actual));
	QVERIFY2(actual == problem || (problem.startsWith(QLatin1String("at offset")) && actual.endsWith(problem)),
		qPrintable(actual));
}

QTEST_GUILESS_MAIN(TestHeaterHistory)
#include "tst_heater_history.moc"
