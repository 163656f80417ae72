#include "sim/shelly_gen2_em_sim.h"
#include "sim/sim_http_server.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace pvrouter;
using namespace std::chrono_literals;

// The simulators' HTTP/1.1 server, spoken to byte by byte: what a raw client sends and gets back, including
// what no well-behaved client sends.
class TestSimHttpServer : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void init();
	void cleanup();
	void answersARoute();
	void pipelinedRequestsInOrder();
	void bodyInTwoParts();
	void http10ClosesAfterTheAnswer();
	void refusesWhatItCannotServe_data();
	void refusesWhatItCannotServe();
	void noAnswerKeepsSilent();
	void digestChallengeOfAGen2Device();
	void numbersToStrings();

private:
	// Connects, sends `bytes` (in pieces, if several), and reads until the peer closes or `until` holds.
	QByteArray exchange(const QList<QByteArray> &pieces, const std::function<bool(const QByteArray &)> &until);

	std::unique_ptr<SimHttpServer> m_server;
	std::unique_ptr<QTcpSocket> m_socket;
};

namespace {

// A complete answer (Content-Length satisfied) count in `data`.
int answers(const QByteArray &data)
{
	int count = 0;
	qsizetype at = 0;
	while (true) {
		const qsizetype head = data.indexOf("\r\n\r\n", at);
		if (head < 0)
			return count;
		const qsizetype length = data.indexOf("Content-Length: ", at);
		const qsizetype lengthEnd = data.indexOf("\r\n", length);
		const qsizetype body = data.mid(length + 16, lengthEnd - length - 16).toLongLong();
		if (data.size() < head + 4 + body)
			return count;
		++count;
		at = head + 4 + body;
	}
}

} // namespace

void TestSimHttpServer::init()
{
	m_server = std::make_unique<SimHttpServer>();
	m_server->route("GET", "/a", [](const SimHttpRequest &r) {
		return SimHttpResponse::json("{\"id\":\"" + r.query.queryItemValue(QStringLiteral("id")).toUtf8() + "\"}");
	});
	m_server->route("POST", "/echo", [](const SimHttpRequest &r) { return SimHttpResponse::json(r.body); });
	QString error;
	QVERIFY2(m_server->listen(&error), qPrintable(error));
}

void TestSimHttpServer::cleanup()
{
	m_socket.reset();
	m_server.reset();
}

QByteArray TestSimHttpServer::exchange(
	const QList<QByteArray> &pieces, const std::function<bool(const QByteArray &)> &until)
{
	m_socket = std::make_unique<QTcpSocket>();
	m_socket->connectToHost(QHostAddress::LocalHost, m_server->port());
	QByteArray received;
	connect(m_socket.get(), &QTcpSocket::readyRead, this, [&] { received += m_socket->readAll(); });
	QTest::qWaitFor([this] { return m_socket->state() == QAbstractSocket::ConnectedState; }, 2000);
	for (const QByteArray &piece : pieces) {
		m_socket->write(piece);
		QTest::qWaitFor([this] { return m_socket->bytesToWrite() == 0; }, 2000);
	}
	QTest::qWaitFor([&] { return until(received) || m_socket->state() == QAbstractSocket::UnconnectedState; }, 5000);
	m_socket->disconnect(this); // `received` ends here
	return received;
}

void TestSimHttpServer::answersARoute()
{
	const QByteArray r =
		exchange({"GET /a?id=7 HTTP/1.1\r\nHost: x\r\n\r\n"}, [](const QByteArray &d) { return answers(d) == 1; });
	QVERIFY2(r.startsWith("HTTP/1.1 200 OK\r\n"), r.constData());
	QVERIFY(r.contains("Content-Type: application/json\r\n"));
	QVERIFY(r.contains("Connection: keep-alive\r\n"));
	QVERIFY(r.endsWith("\r\n\r\n{\"id\":\"7\"}"));
	QCOMPARE(m_socket->state(), QAbstractSocket::ConnectedState);
	QCOMPARE(m_server->requestCount(), 1);
}

void TestSimHttpServer::pipelinedRequestsInOrder()
{
	const QByteArray r = exchange({"GET /a?id=1 HTTP/1.1\r\n\r\nGET /a?id=2 HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n"},
		[](const QByteArray &d) { return answers(d) == 3; });
	QCOMPARE(answers(r), 3);
	QVERIFY(r.indexOf("{\"id\":\"1\"}") < r.indexOf("{\"id\":\"2\"}"));
	QVERIFY(r.contains("HTTP/1.1 404 Not Found"));
}

void TestSimHttpServer::bodyInTwoParts()
{
	const QByteArray r = exchange({"POST /echo HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello", " world"},
		[](const QByteArray &d) { return answers(d) == 1; });
	QVERIFY2(r.endsWith("\r\n\r\nhello world"), r.constData());
	QCOMPARE(exchange({"GET /echo HTTP/1.1\r\n\r\n"}, [](const QByteArray &d) { return answers(d) == 1; }).left(12),
		QByteArray("HTTP/1.1 405"));
}

void TestSimHttpServer::http10ClosesAfterTheAnswer()
{
	const QByteArray r = exchange({"GET /a HTTP/1.0\r\n\r\n"}, [](const QByteArray &) { return false; });
	QVERIFY2(r.contains("Connection: close\r\n"), r.constData());
	QCOMPARE(answers(r), 1);
	QCOMPARE(m_socket->state(), QAbstractSocket::UnconnectedState);
}

void TestSimHttpServer::refusesWhatItCannotServe_data()
{
	QTest::addColumn<QByteArray>("request");
	QTest::addColumn<QByteArray>("status");
	QTest::newRow("not HTTP") << QByteArray("\x01\x02garbage\r\n\r\n") << QByteArray("400");
	QTest::newRow("no target") << QByteArray("GET HTTP/1.1\r\n\r\n") << QByteArray("400");
	QTest::newRow("header without colon") << QByteArray("GET /a HTTP/1.1\r\nbroken\r\n\r\n") << QByteArray("400");
	QTest::newRow("head too large") << QByteArray("GET /a HTTP/1.1\r\nX: " + QByteArray(20000, 'x'))
									<< QByteArray("431");
	QTest::newRow("chunked") << QByteArray(
									"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
							 << QByteArray("501");
	QTest::newRow("body too large") << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: 999999\r\n\r\n")
									<< QByteArray("413");
	QTest::newRow("bad length") << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: -3\r\n\r\n") << QByteArray("400");
}

void TestSimHttpServer::refusesWhatItCannotServe()
{
	QFETCH(QByteArray, request);
	QFETCH(QByteArray, status);
	const QByteArray r = exchange({request}, [](const QByteArray &) { return false; });
	QVERIFY2(r.startsWith("HTTP/1.1 " + status), r.constData());
	QCOMPARE(m_socket->state(), QAbstractSocket::UnconnectedState); // and the connection is closed
	// The server still serves others.
	QCOMPARE(answers(exchange({"GET /a HTTP/1.1\r\n\r\n"}, [](const QByteArray &d) { return answers(d) == 1; })), 1);
}

void TestSimHttpServer::noAnswerKeepsSilent()
{
	m_server->setFault(SimHttpFault::NoAnswer);
	QSignalSpy handled(m_server.get(), &SimHttpServer::requestHandled);
	m_socket = std::make_unique<QTcpSocket>();
	m_socket->connectToHost(QHostAddress::LocalHost, m_server->port());
	m_socket->write("GET /a HTTP/1.1\r\n\r\n");
	QVERIFY(handled.wait(2000));
	QCOMPARE(handled.at(0).at(2).toInt(), 0); // read, never answered
	QSignalSpy readable(m_socket.get(), &QTcpSocket::readyRead);
	QVERIFY(!readable.wait(300)); // silence, on an open connection
	QCOMPARE(m_socket->state(), QAbstractSocket::ConnectedState);
}

void TestSimHttpServer::digestChallengeOfAGen2Device()
{
	ShellyGen2EmSim sim(ShellyGen2EmSim::Model::Pro3Em);
	sim.setAuthEnabled(true);
	QString error;
	QVERIFY2(sim.listen(&error), qPrintable(error));
	m_socket = std::make_unique<QTcpSocket>();
	m_socket->connectToHost(QHostAddress::LocalHost, sim.port());
	QByteArray received;
	connect(m_socket.get(), &QTcpSocket::readyRead, this, [&] { received += m_socket->readAll(); });
	m_socket->write("GET /rpc/EM.GetStatus?id=0 HTTP/1.1\r\nAuthorization: Basic YWRtaW46cHc=\r\n\r\n"
					"GET /shelly HTTP/1.1\r\n\r\n");
	QTRY_COMPARE(answers(received), 2);
	QVERIFY2(received.startsWith("HTTP/1.1 401"), received.constData());
	QVERIFY(received.contains("WWW-Authenticate: Digest qop=\"auth\", realm=\"shellypro3em-fce8c0dba900\", nonce=\""));
	QVERIFY(received.contains("algorithm=SHA-256"));
	QVERIFY(received.contains("\"auth_en\":true")); // /shelly stays open
	QVERIFY(received.contains("\"auth_domain\":\"shellypro3em-fce8c0dba900\""));
}

void TestSimHttpServer::numbersToStrings()
{
	QCOMPARE(SimHttpServer::numbersToStrings(R"({"a":1.5,"b":[2,{"c":-3}],"d":"x","e":null,"f":true})"),
		QByteArray(R"({"a":"1.5","b":["2",{"c":"-3"}],"d":"x","e":null,"f":true})"));
	QCOMPARE(SimHttpServer::numbersToStrings("not json"), QByteArray("not json"));
}

QTEST_GUILESS_MAIN(TestSimHttpServer)
#include "tst_sim_http_server.moc"
