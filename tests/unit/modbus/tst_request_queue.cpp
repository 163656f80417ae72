#include "modbus/request_queue.h"

#include <QTest>

using namespace pvrouter;

class TestRequestQueue : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void controlGoesFirst();
	void pollsTakeTurnsBetweenUnits();
	void takeAllEmptiesInOrder();

private:
	static ModbusRequest poll(quint8 unit, quint16 address)
	{
		ModbusRequest r;
		r.unit = unit;
		r.data = QModbusDataUnit(QModbusDataUnit::InputRegisters, address, 1);
		return r;
	}
	static ModbusRequest control(quint8 unit, quint16 address)
	{
		ModbusRequest r = poll(unit, address);
		r.kind = ModbusRequest::Kind::Write;
		r.priority = ModbusRequest::Priority::Control;
		return r;
	}
	static QString drain(RequestQueue &queue)
	{
		QStringList order;
		while (std::optional<ModbusRequest> r = queue.pop())
			order.append(QStringLiteral("%1%2:%3")
							 .arg(r->priority == ModbusRequest::Priority::Control ? QStringLiteral("w") : QString())
							 .arg(r->unit)
							 .arg(r->data.startAddress()));
		return order.join(QLatin1Char(' '));
	}
};

void TestRequestQueue::controlGoesFirst()
{
	RequestQueue queue;
	queue.push(poll(1, 0));
	queue.push(poll(1, 1));
	queue.push(control(33, 0));
	queue.push(control(2, 5));
	QCOMPARE(queue.size(), 4);
	QCOMPARE(drain(queue), QStringLiteral("w33:0 w2:5 1:0 1:1"));
	QVERIFY(queue.isEmpty());
}

void TestRequestQueue::pollsTakeTurnsBetweenUnits()
{
	RequestQueue queue;
	for (quint16 a = 0; a < 4; ++a)
		queue.push(poll(1, a)); // a device with many blocks
	queue.push(poll(2, 0));
	queue.push(poll(3, 0));
	queue.push(poll(3, 1));
	QCOMPARE(queue.pop()->unit, 1);
	// A setpoint arriving mid-cycle still goes next.
	queue.push(control(33, 0));
	QCOMPARE(drain(queue), QStringLiteral("w33:0 2:0 3:0 1:1 3:1 1:2 1:3"));
}

void TestRequestQueue::takeAllEmptiesInOrder()
{
	RequestQueue queue;
	queue.push(poll(1, 0));
	queue.push(poll(2, 0));
	queue.push(control(1, 9));
	const QList<ModbusRequest> all = queue.takeAll();
	QCOMPARE(all.size(), 3);
	QCOMPARE(all.at(0).priority, ModbusRequest::Priority::Control);
	QVERIFY(queue.isEmpty());
	QVERIFY(!queue.pop());
}

QTEST_GUILESS_MAIN(TestRequestQueue)
#include "tst_request_queue.moc"
