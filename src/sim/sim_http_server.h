#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QUrlQuery>

#include <chrono>
#include <functional>
#include <map>

class QTcpServer;
class QTcpSocket;

namespace pvrouter {

// One HTTP/1.1 request as a route handler sees it.
struct SimHttpRequest
{
	QByteArray method; // "GET", "POST"
	QByteArray path;   // without the query: "/rpc/EM.GetStatus"
	QUrlQuery query;
	QHash<QByteArray, QByteArray> headers; // names in lower case
	QByteArray body;
};

// A route handler's answer.
struct SimHttpResponse
{
	int status = 200;
	QByteArray contentType = "application/json";
	QByteArray body;
	QList<QPair<QByteArray, QByteArray>> headers; // beyond Content-Type, Content-Length and Connection

	static SimHttpResponse json(const QByteArray &body, int status = 200);
};

// What goes wrong between a client and a simulated web device; applied by SimHttpServer to every route.
enum class SimHttpFault {
	None,
	NoAnswer,      // reads the request and never answers (a hung device); the connection stays open
	Slow,          // answers after slowDelay()
	Unauthorized,  // 401 whatever the credentials
	ServerError,   // 500
	TruncatedBody, // announces the whole body, sends half of it, closes the connection
	MalformedJson, // 200 with the body cut in half: a complete HTTP answer whose JSON does not parse
	WrongTypes,    // 200 with every number of the JSON body turned into a string
};

// How a simulated device guards its routes (other than its open paths).
enum class SimHttpAuth {
	None,
	Basic,  // HTTP Basic with the configured username and password; anything else gets 401
	Digest, // a 401 with a SHA-256 Digest challenge (RFC 7616) for every request: Shelly gen2 with authentication
			// on. Answers to the challenge are not checked, as pvrouter does not send them.
};

// A small HTTP/1.1 server on 127.0.0.1 (port chosen by the system) for device simulators: exact-path routes per
// method, Basic authentication, keep-alive or one request per connection, fault injection. Sequential per
// connection (pipelined requests wait their turn); request heads up to 16 KiB, bodies by Content-Length up to
// 64 KiB (chunked request bodies are refused with 501). Unknown paths get 404, unknown methods 405.
class SimHttpServer : public QObject
{
	Q_OBJECT
public:
	using Handler = std::function<SimHttpResponse(const SimHttpRequest &)>;

	explicit SimHttpServer(QObject *parent = nullptr);
	~SimHttpServer() override;

	bool listen(QString *error);
	quint16 port() const;
	// Stops listening and drops every connection.
	void close();

	void route(const QByteArray &method, const QByteArray &path, Handler handler);

	void setAuth(SimHttpAuth auth) { m_auth = auth; }
	SimHttpAuth auth() const { return m_auth; }
	void setCredentials(const QString &username, const QString &password);
	// Served without authentication, e.g. "/shelly" (every Shelly generation answers it openly).
	void addOpenPath(const QByteArray &path) { m_openPaths.append(path); }
	// The realm of the 401 challenges.
	void setRealm(const QByteArray &realm) { m_realm = realm; }

	// false: "Connection: close" and one request per connection.
	void setKeepAlive(bool keepAlive) { m_keepAlive = keepAlive; }

	void setFault(SimHttpFault fault) { m_fault = fault; }
	SimHttpFault fault() const { return m_fault; }
	void setSlowDelay(std::chrono::milliseconds delay) { m_slowDelay = delay; }
	std::chrono::milliseconds slowDelay() const { return m_slowDelay; }

	// Requests read (whatever became of them) and connections accepted, since listen().
	int requestCount() const { return m_requests; }
	int connectionCount() const { return m_connectionsAccepted; }

	// "Basic …" authorization header for these credentials, for tests.
	static QByteArray basicAuthorization(const QString &username, const QString &password);
	// Every number of a JSON document turned into a string (the WrongTypes fault); other bodies unchanged.
	static QByteArray numbersToStrings(const QByteArray &json);

Q_SIGNALS:
	// A request was read and dispatched; `status` is what it was answered with (0: no answer).
	void requestHandled(const QByteArray &method, const QByteArray &path, int status);

private:
	struct Connection
	{
		QByteArray buffer;
		bool busy = false;    // an answer is delayed (Slow); later requests wait
		bool stalled = false; // NoAnswer: nothing more is read or answered
	};

	void onNewConnection();
	void onReadyRead(QTcpSocket *socket);
	void onDisconnected(QTcpSocket *socket);
	// Serves the complete requests in the socket's buffer, one after the other.
	void serve(QTcpSocket *socket);
	SimHttpResponse dispatch(const SimHttpRequest &request) const;
	bool isAuthorized(const SimHttpRequest &request) const;
	void write(QTcpSocket *socket, const SimHttpResponse &response, bool keepAlive, bool truncate);
	void refuse(QTcpSocket *socket, int status);

	QTcpServer *m_server = nullptr; // child
	QHash<QTcpSocket *, Connection> m_connections;
	std::map<std::pair<QByteArray, QByteArray>, Handler> m_routes; // (method, path)
	QList<QByteArray> m_openPaths;
	SimHttpAuth m_auth = SimHttpAuth::None;
	QByteArray m_expectedAuthorization;
	QByteArray m_realm = "simulator";
	SimHttpFault m_fault = SimHttpFault::None;
	std::chrono::milliseconds m_slowDelay{1500};
	bool m_keepAlive = true;
	int m_requests = 0;
	int m_connectionsAccepted = 0;
};

} // namespace pvrouter
