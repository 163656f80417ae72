#include "modbus/error_budget.h"
#include "modbus/register_schedule.h"

#include <QTest>

using namespace pvrouter;
using namespace std::chrono_literals;
using Outcome = ErrorBudget::Outcome;

// The error budget and the read schedule, on a fake clock.
class TestErrorBudget : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void silentDeviceIsLostAfterThreeTimeouts();
	void oneGoodAnswerResetsTheCount();
	void timeoutsAndProtocolErrorsAreCountedApart();
	void backoffDoublesUpToAMinute();
	void recoversOnTheFirstGoodProbe();
	void scheduleReadsEachValueByItsAge();

private:
	const ErrorBudget::Clock::time_point t0{};
};

void TestErrorBudget::silentDeviceIsLostAfterThreeTimeouts()
{
	ErrorBudget budget;
	QVERIFY(!budget.record(Outcome::Timeout, t0));
	QVERIFY(!budget.record(Outcome::Timeout, t0 + 1s));
	QVERIFY(budget.record(Outcome::Timeout, t0 + 2s)); // changed: now offline
	QVERIFY(!budget.isOnline());
	QVERIFY(!budget.mayProbe(t0 + 2s));
	QVERIFY(budget.mayProbe(t0 + 3s));
}

void TestErrorBudget::oneGoodAnswerResetsTheCount()
{
	ErrorBudget budget;
	for (int i = 0; i < 10; ++i) {
		QVERIFY(!budget.record(Outcome::Timeout, t0));
		QVERIFY(!budget.record(Outcome::Timeout, t0));
		QVERIFY(!budget.record(Outcome::Ok, t0));
	}
	QVERIFY(budget.isOnline());
}

void TestErrorBudget::timeoutsAndProtocolErrorsAreCountedApart()
{
	ErrorBudget budget;
	// Alternating failures never reach either limit on their own count... until one of them does.
	for (int i = 0; i < 2; ++i) {
		budget.record(Outcome::Timeout, t0);
		budget.record(Outcome::ProtocolError, t0);
	}
	QVERIFY(budget.isOnline());
	for (int i = 0; i < 2; ++i)
		budget.record(Outcome::ProtocolError, t0);
	QVERIFY(budget.isOnline());                         // four protocol errors
	QVERIFY(budget.record(Outcome::ProtocolError, t0)); // the fifth
	QVERIFY(!budget.isOnline());
}

void TestErrorBudget::backoffDoublesUpToAMinute()
{
	ErrorBudget budget;
	for (int i = 0; i < 3; ++i)
		budget.record(Outcome::Timeout, t0);
	QList<long> backoffs{long(budget.backoff().count())};
	auto now = t0;
	for (int i = 0; i < 8; ++i) {
		now += budget.backoff();
		QVERIFY(budget.mayProbe(now));
		QVERIFY(!budget.record(Outcome::Timeout, now)); // the probe failed
		QVERIFY(!budget.mayProbe(now));
		backoffs.append(long(budget.backoff().count()));
	}
	QCOMPARE(backoffs, (QList<long>{1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000}));
}

void TestErrorBudget::recoversOnTheFirstGoodProbe()
{
	ErrorBudget budget;
	for (int i = 0; i < 3; ++i)
		budget.record(Outcome::Timeout, t0);
	QVERIFY(budget.record(Outcome::Ok, t0 + 1s));
	QVERIFY(budget.isOnline());
	QCOMPARE(budget.backoff(), 0ms);
	// And a later loss starts again from the first back-off.
	for (int i = 0; i < 3; ++i)
		budget.record(Outcome::Timeout, t0 + 5s);
	QCOMPARE(budget.backoff(), 1000ms);
}

void TestErrorBudget::scheduleReadsEachValueByItsAge()
{
	constexpr auto In = ModbusTable::InputRegister;
	RegisterSchedule schedule({{"power", In, 0, RegisterType::U16, 1, "W", 1s},
		{"energy", In, 1, RegisterType::U32LowWordFirst, 1, "Wh", 10s},
		{"type", In, 20, RegisterType::U16, 1, "", 24h}});
	QCOMPARE(schedule.blocks().size(), 2);
	QCOMPARE(schedule.due(t0), (QList<int>{0, 1})); // nothing read yet
	schedule.markRead(0, t0);
	schedule.markRead(1, t0);
	QCOMPARE(schedule.due(t0 + 500ms), QList<int>{});
	QCOMPARE(schedule.due(t0 + 1s), QList<int>{0}); // power is stale; the identity block is not
	schedule.markRead(0, t0 + 1s);
	QCOMPARE(schedule.due(t0 + 1500ms), QList<int>{});
	schedule.reset();
	QCOMPARE(schedule.due(t0 + 1500ms), (QList<int>{0, 1}));
}

QTEST_GUILESS_MAIN(TestErrorBudget)
#include "tst_error_budget.moc"
