#include "common/logging.h"
#include "http/http_client.h"
#include "sim/sim_http_server.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTest>

#include <memory>

using namespace pvrouter;
using namespace std::chrono_literals;
using Status = HttpResult::Status;

namespace {

// Every message logged while a test runs, to prove what never appears in it.
QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
	g_log.append(message);
	g_previousHandler(type, context, message);
}

} // namespace

// HttpClient against the simulator's HTTP server on loopback: what each way of failing becomes, the deadline,
// Basic authentication, keep-alive, and that credentials stay out of every log line.
class TestHttpClient : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void init();
	void cleanup();
	void getsAJsonBody();
	void keepsTheConnectionAlive();
	void oneRequestPerConnectionWhenTheServerCloses();
	void basicAuthentication();
	void faultsBecomeStatuses_data();
	void faultsBecomeStatuses();
	void noAnswerTimesOutAtTheDeadline();
	void slowAnswerWithinTheDeadline();
	void unreachable();
	void notFoundAndRedirects();
	void posts();
	void oversizedBodyIsRefused();
	void manyRequestsAtOnce();
	void handlerDroppedWhenItsContextIsGone();
	void proxyFromTheEnvironmentIsIgnored();
	void credentialsNeverLogged();

private:
	HttpResult fetch(HttpRequest request);
	HttpRequest request(const QByteArray &path, std::chrono::milliseconds timeout = 2s) const;

	std::unique_ptr<SimHttpServer> m_server;
	std::unique_ptr<HttpClient> m_client;
};

void TestHttpClient::init()
{
	m_server = std::make_unique<SimHttpServer>();
	m_server->route("GET", "/status",
		[](const SimHttpRequest &) { return SimHttpResponse::json(R"({"emeters":[{"power":12.5}]})"); });
	QString error;
	QVERIFY2(m_server->listen(&error), qPrintable(error));
	m_client = std::make_unique<HttpClient>();
}

void TestHttpClient::cleanup()
{
	m_client.reset();
	m_server.reset();
}

HttpRequest TestHttpClient::request(const QByteArray &path, std::chrono::milliseconds timeout) const
{
	HttpRequest r;
	r.url = QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(QString::fromLatin1(path)));
	r.timeout = timeout;
	return r;
}

HttpResult TestHttpClient::fetch(HttpRequest request)
{
	std::optional<HttpResult> result;
	request.handler = [&result](const HttpResult &r) {
		result = r;
	};
	m_client->send(std::move(request));
	if (!QTest::qWaitFor([&result] { return result.has_value(); }, 10000))
		qFatal("no result within 10 s: the deadline failed");
	return *result;
}

void TestHttpClient::getsAJsonBody()
{
	const HttpResult r = fetch(request("/status"));
	QVERIFY2(r.ok(), qPrintable(r.error));
	QCOMPARE(r.httpStatus, 200);
	QCOMPARE(r.body, QByteArray(R"({"emeters":[{"power":12.5}]})"));
	QVERIFY(r.error.isEmpty());
	QCOMPARE(m_client->pendingCount(), 0);
}

void TestHttpClient::keepsTheConnectionAlive()
{
	for (int i = 0; i < 5; ++i)
		QVERIFY(fetch(request("/status")).ok());
	QCOMPARE(m_server->requestCount(), 5);
	QCOMPARE(m_server->connectionCount(), 1); // the shared manager's pool keeps it open
}

void TestHttpClient::oneRequestPerConnectionWhenTheServerCloses()
{
	m_server->setKeepAlive(false);
	for (int i = 0; i < 5; ++i) {
		const HttpResult r = fetch(request("/status"));
		QVERIFY2(r.ok(), qPrintable(r.error));
	}
	QCOMPARE(m_server->connectionCount(), 5);
}

void TestHttpClient::basicAuthentication()
{
	m_server->setAuth(SimHttpAuth::Basic);
	m_server->setCredentials(QStringLiteral("admin"), QStringLiteral("pässword"));
	m_server->addOpenPath("/shelly");
	m_server->route("GET", "/shelly", [](const SimHttpRequest &) { return SimHttpResponse::json("{}"); });

	HttpRequest good = request("/status");
	good.credentials = {QStringLiteral("admin"), QStringLiteral("pässword")};
	QVERIFY(fetch(good).ok());

	HttpRequest wrong = request("/status");
	wrong.credentials = {QStringLiteral("admin"), QStringLiteral("guess")};
	HttpResult r = fetch(wrong);
	QCOMPARE(r.status, Status::Unauthorized);
	QCOMPARE(r.httpStatus, 401);
	QVERIFY2(
		r.error.endsWith(QLatin1String("HTTP 401: the device refuses the username and password")), qPrintable(r.error));

	r = fetch(request("/status"));
	QCOMPARE(r.status, Status::Unauthorized);
	QVERIFY2(
		r.error.endsWith(QLatin1String("the device refuses the request without credentials")), qPrintable(r.error));
	QVERIFY(!r.isSilence());

	QVERIFY(fetch(request("/shelly")).ok()); // an open path
}

void TestHttpClient::faultsBecomeStatuses_data()
{
	QTest::addColumn<SimHttpFault>("fault");
	QTest::addColumn<Status>("status");
	QTest::addColumn<int>("httpStatus");
	QTest::addColumn<QString>("error");
	QTest::newRow("401") << SimHttpFault::Unauthorized << Status::Unauthorized << 401 << "HTTP 401";
	QTest::newRow("500") << SimHttpFault::ServerError << Status::HttpError << 500 << "HTTP 500";
	QTest::newRow("truncated") << SimHttpFault::TruncatedBody << Status::BadResponse << 200
							   << "connection closed before the whole body arrived";
	// Whole HTTP answers: what the body says is the decoder's business.
	QTest::newRow("malformed JSON") << SimHttpFault::MalformedJson << Status::Ok << 200 << "";
	QTest::newRow("wrong types") << SimHttpFault::WrongTypes << Status::Ok << 200 << "";
}

void TestHttpClient::faultsBecomeStatuses()
{
	QFETCH(SimHttpFault, fault);
	QFETCH(Status, status);
	QFETCH(int, httpStatus);
	QFETCH(QString, error);
	m_server->setFault(fault);
	const HttpResult r = fetch(request("/status"));
	QCOMPARE(r.status, status);
	QCOMPARE(r.httpStatus, httpStatus);
	QVERIFY2(r.error.contains(error), qPrintable(r.error));
	if (!error.isEmpty())
		QVERIFY2(r.error.startsWith(QStringLiteral("GET http://127.0.0.1:%1/status: ").arg(m_server->port())),
			qPrintable(r.error));
	if (fault == SimHttpFault::WrongTypes)
		QCOMPARE(r.body, QByteArray(R"({"emeters":[{"power":"12.5"}]})"));
	if (fault == SimHttpFault::MalformedJson)
		QCOMPARE(r.body, QByteArray(R"({"emeters":[{"power":12.5}]})").left(14)); // cut in half

	// The next request, on a fresh or the same connection, is served as usual.
	m_server->setFault(SimHttpFault::None);
	QVERIFY(fetch(request("/status")).ok());
}

void TestHttpClient::noAnswerTimesOutAtTheDeadline()
{
	m_server->setFault(SimHttpFault::NoAnswer);
	QElapsedTimer elapsed;
	elapsed.start();
	const HttpResult r = fetch(request("/status", 150ms));
	QCOMPARE(r.status, Status::Timeout);
	QVERIFY(r.isSilence());
	QVERIFY(elapsed.elapsed() >= 150);
	QVERIFY2(r.error.endsWith(QLatin1String("no complete answer within 150 ms")), qPrintable(r.error));
	QCOMPARE(m_client->pendingCount(), 0);
}

void TestHttpClient::slowAnswerWithinTheDeadline()
{
	m_server->setFault(SimHttpFault::Slow);
	m_server->setSlowDelay(50ms);
	QVERIFY(fetch(request("/status", 5s)).ok());
	m_server->setSlowDelay(2s);
	QCOMPARE(fetch(request("/status", 100ms)).status, Status::Timeout); // slower than the deadline
}

void TestHttpClient::unreachable()
{
	const HttpRequest r = request("/status");
	m_server->close(); // nothing listens on that port any more
	const HttpResult result = fetch(r);
	QCOMPARE(result.status, Status::Unreachable);
	QVERIFY(result.isSilence());
	QCOMPARE(result.httpStatus, 0);
}

void TestHttpClient::notFoundAndRedirects()
{
	HttpResult r = fetch(request("/nothing"));
	QCOMPARE(r.status, Status::HttpError);
	QCOMPARE(r.httpStatus, 404);
	m_server->route("GET", "/moved", [](const SimHttpRequest &) {
		SimHttpResponse response = SimHttpResponse::json("", 302);
		response.headers.append(qMakePair(QByteArray("Location"), QByteArray("/status")));
		return response;
	});
	r = fetch(request("/moved"));
	QCOMPARE(r.status, Status::HttpError); // not followed: the config names what is polled
	QCOMPARE(r.httpStatus, 302);
}

void TestHttpClient::posts()
{
	QByteArray seenBody, seenType;
	m_server->route("POST", "/api/limit/config", [&](const SimHttpRequest &r) {
		seenBody = r.body;
		seenType = r.headers.value("content-type");
		return SimHttpResponse::json(R"({"type":"success"})");
	});
	HttpRequest post = request("/api/limit/config");
	post.method = HttpRequest::Method::Post;
	post.contentType = "application/x-www-form-urlencoded";
	post.body = "data={\"serial\":\"1\",\"limit_value\":600}";
	const HttpResult r = fetch(post);
	QVERIFY2(r.ok(), qPrintable(r.error));
	QCOMPARE(seenBody, post.body);
	QCOMPARE(seenType, QByteArray("application/x-www-form-urlencoded"));
	QCOMPARE(fetch(request("/api/limit/config")).httpStatus, 405); // GET on a POST route
}

void TestHttpClient::oversizedBodyIsRefused()
{
	m_server->route("GET", "/huge",
		[](const SimHttpRequest &) { return SimHttpResponse::json(QByteArray(2 * 1024 * 1024, ' ') + "{}"); });
	const HttpResult r = fetch(request("/huge", 10s));
	QCOMPARE(r.status, Status::BadResponse);
	QVERIFY2(r.error.contains(QLatin1String("body larger than")), qPrintable(r.error));
}

void TestHttpClient::manyRequestsAtOnce()
{
	m_server->setFault(SimHttpFault::Slow);
	m_server->setSlowDelay(20ms);
	int done = 0, ok = 0;
	for (int i = 0; i < 20; ++i) {
		HttpRequest r = request("/status");
		r.handler = [&](const HttpResult &result) {
			++done;
			ok += result.ok();
		};
		m_client->send(std::move(r));
	}
	QCOMPARE(m_client->pendingCount(), 20);
	QTRY_COMPARE_WITH_TIMEOUT(done, 20, 10000);
	QCOMPARE(ok, 20);
}

void TestHttpClient::handlerDroppedWhenItsContextIsGone()
{
	m_server->setFault(SimHttpFault::Slow);
	m_server->setSlowDelay(50ms);
	bool called = false;
	auto context = std::make_unique<QObject>();
	HttpRequest r = request("/status");
	r.context = context.get();
	r.handler = [&called](const HttpResult &) {
		called = true;
	};
	m_client->send(std::move(r));
	context.reset();
	QTRY_COMPARE(m_client->pendingCount(), 0);
	QVERIFY(!called);
}

void TestHttpClient::proxyFromTheEnvironmentIsIgnored()
{
	qputenv("http_proxy", "http://127.0.0.1:9"); // the discard port: nothing useful there
	m_client = std::make_unique<HttpClient>();
	const HttpResult r = fetch(request("/status"));
	qunsetenv("http_proxy");
	QVERIFY2(r.ok(), qPrintable(r.error));
}

void TestHttpClient::credentialsNeverLogged()
{
	const QString password = QStringLiteral("s3cr3t-Pa55");
	const QByteArray token = SimHttpServer::basicAuthorization(QStringLiteral("admin"), password);
	QLoggingCategory::setFilterRules(QStringLiteral("pvrouter.*.debug=true"));
	g_log.clear();
	g_previousHandler = qInstallMessageHandler(captureMessage);

	m_server->setAuth(SimHttpAuth::Basic);
	m_server->setCredentials(QStringLiteral("admin"), password);
	for (SimHttpFault fault : {SimHttpFault::None, SimHttpFault::Unauthorized, SimHttpFault::ServerError,
			 SimHttpFault::TruncatedBody, SimHttpFault::NoAnswer}) {
		m_server->setFault(fault);
		for (const QString &tried : {password, QStringLiteral("wrong-") + password}) {
			HttpRequest r = request("/status", 100ms);
			r.credentials = {QStringLiteral("admin"), tried};
			// Credentials written into the URL as well: they must not travel or show there either.
			r.url.setUserInfo(QStringLiteral("admin:") + tried);
			const HttpResult result = fetch(r);
			QVERIFY(!result.error.contains(password));
		}
	}
	qInstallMessageHandler(g_previousHandler);
	QVERIFY2(!g_log.isEmpty(), "the failures were logged");
	for (const QString &line : std::as_const(g_log)) {
		QVERIFY2(!line.contains(password), qPrintable(line));
		QVERIFY2(!line.contains(QString::fromLatin1(token.mid(6))), qPrintable(line));
	}
}

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_http_client.moc"
