#include "sim_http_server.h"

#include "common/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace pvrouter {

namespace {

constexpr qsizetype MaxHeadBytes = 16 * 1024;
constexpr qsizetype MaxBodyBytes = 64 * 1024;

QByteArray reasonPhrase(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 413:
		return "Payload Too Large";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 501:
		return "Not Implemented";
	default:
		break;
	}
	return "Status";
}

QJsonValue numbersToStrings(const QJsonValue &value)
{
	if (value.isDouble())
		return QString::number(value.toDouble());
	if (value.isArray()) {
		QJsonArray out;
		for (const QJsonValue &v : value.toArray())
			out.append(numbersToStrings(v));
		return out;
	}
	if (value.isObject()) {
		const QJsonObject in = value.toObject();
		QJsonObject out;
		for (auto it = in.begin(); it != in.end(); ++it)
			out.insert(it.key(), numbersToStrings(it.value()));
		return out;
	}
	return value;
}

// The request in front of `buffer`, if it is complete: its head, and the bytes it takes. `status` is set for a
// request that cannot be served (and the connection is then closed).
struct Parsed
{
	SimHttpRequest request;
	qsizetype length = 0;
	bool keepAlive = true;
	int status = 0; // non-zero: refuse with this
};

std::optional<Parsed> parseRequest(const QByteArray &buffer)
{
	const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
	Parsed p;
	if (headEnd < 0) {
		if (buffer.size() > MaxHeadBytes) {
			p.status = 431;
			return p;
		}
		return std::nullopt;
	}
	const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
	const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
	if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.") || !requestLine[1].startsWith('/')) {
		p.status = 400;
		return p;
	}
	SimHttpRequest &r = p.request;
	r.method = requestLine[0];
	const QByteArray target = requestLine[1];
	const qsizetype q = target.indexOf('?');
	r.path = q < 0 ? target : target.left(q);
	if (q >= 0)
		r.query = QUrlQuery(QString::fromUtf8(target.mid(q + 1)));
	for (qsizetype i = 1; i < lines.size(); ++i) {
		const QByteArray line = lines[i].trimmed();
		const qsizetype colon = line.indexOf(':');
		if (colon <= 0) {
			p.status = 400;
			return p;
		}
		r.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
	}
	const bool http10 = requestLine[2] == "HTTP/1.0";
	const QByteArray connection = r.headers.value("connection").toLower();
	p.keepAlive = http10 ? connection == "keep-alive" : connection != "close";
	if (r.headers.contains("transfer-encoding")) {
		p.status = 501;
		return p;
	}
	bool ok = true;
	const qsizetype bodyLength =
		r.headers.contains("content-length") ? r.headers.value("content-length").toLongLong(&ok) : 0;
	if (!ok || bodyLength < 0 || bodyLength > MaxBodyBytes) {
		p.status = ok && bodyLength > MaxBodyBytes ? 413 : 400;
		return p;
	}
	if (buffer.size() < headEnd + 4 + bodyLength)
		return std::nullopt;
	r.body = buffer.mid(headEnd + 4, bodyLength);
	p.length = headEnd + 4 + bodyLength;
	return p;
}

} // namespace

SimHttpResponse SimHttpResponse::json(const QByteArray &body, int status)
{
	SimHttpResponse r;
	r.status = status;
	r.body = body;
	return r;
}

SimHttpServer::SimHttpServer(QObject *parent) : QObject(parent)
{}

SimHttpServer::~SimHttpServer()
{
	close();
}

bool SimHttpServer::listen(QString *error)
{
	if (!m_server) {
		m_server = new QTcpServer(this);
		connect(m_server, &QTcpServer::newConnection, this, &SimHttpServer::onNewConnection);
	}
	if (m_server->isListening())
		return true;
	if (!m_server->listen(QHostAddress::LocalHost, 0)) {
		if (error)
			*error = QStringLiteral("HTTP simulator: cannot listen on 127.0.0.1: %1").arg(m_server->errorString());
		return false;
	}
	m_requests = 0;
	m_connectionsAccepted = 0;
	qCInfo(lcSim) << "HTTP simulator on 127.0.0.1 port" << m_server->serverPort();
	return true;
}

quint16 SimHttpServer::port() const
{
	return m_server && m_server->isListening() ? m_server->serverPort() : 0;
}

void SimHttpServer::close()
{
	for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it) {
		it.key()->disconnect(this);
		it.key()->abort();
		it.key()->deleteLater();
	}
	m_connections.clear();
	delete m_server;
	m_server = nullptr;
}

void SimHttpServer::route(const QByteArray &method, const QByteArray &path, Handler handler)
{
	m_routes[{method, path}] = std::move(handler);
}

void SimHttpServer::setCredentials(const QString &username, const QString &password)
{
	m_expectedAuthorization = basicAuthorization(username, password);
}

QByteArray SimHttpServer::basicAuthorization(const QString &username, const QString &password)
{
	return "Basic " + (username.toUtf8() + ':' + password.toUtf8()).toBase64();
}

QByteArray SimHttpServer::numbersToStrings(const QByteArray &json)
{
	const QJsonDocument doc = QJsonDocument::fromJson(json);
	if (doc.isObject())
		return QJsonDocument(pvrouter::numbersToStrings(doc.object()).toObject()).toJson(QJsonDocument::Compact);
	if (doc.isArray())
		return QJsonDocument(pvrouter::numbersToStrings(doc.array()).toArray()).toJson(QJsonDocument::Compact);
	return json;
}

void SimHttpServer::onNewConnection()
{
	while (QTcpSocket *socket = m_server->nextPendingConnection()) {
		++m_connectionsAccepted;
		m_connections.insert(socket, Connection());
		connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
		connect(socket, &QTcpSocket::disconnected, this, [this, socket] { onDisconnected(socket); });
	}
}

void SimHttpServer::onDisconnected(QTcpSocket *socket)
{
	m_connections.remove(socket);
	socket->deleteLater();
}

void SimHttpServer::onReadyRead(QTcpSocket *socket)
{
	const auto it = m_connections.find(socket);
	if (it == m_connections.end())
		return;
	if (it->stalled) {
		socket->readAll(); // a hung device reads nothing more
		return;
	}
	it->buffer.append(socket->readAll());
	serve(socket);
}

void SimHttpServer::serve(QTcpSocket *socket)
{
	while (true) {
		const auto it = m_connections.find(socket);
		if (it == m_connections.end() || it->busy || it->stalled)
			return;
		const std::optional<Parsed> parsed = parseRequest(it->buffer);
		if (!parsed)
			return; // incomplete: wait for more
		if (parsed->status) {
			refuse(socket, parsed->status);
			return;
		}
		it->buffer.remove(0, parsed->length);
		++m_requests;
		const SimHttpRequest &request = parsed->request;
		const bool keepAlive = m_keepAlive && parsed->keepAlive;

		SimHttpResponse response;
		bool truncate = false;
		switch (m_fault) {
		case SimHttpFault::NoAnswer:
			it->stalled = true;
			it->buffer.clear();
			Q_EMIT requestHandled(request.method, request.path, 0);
			return;
		case SimHttpFault::Unauthorized:
			response = SimHttpResponse::json("{\"code\":401,\"message\":\"unauthorized\"}", 401);
			response.headers.append({"WWW-Authenticate", "Basic realm=\"" + m_realm + "\""});
			break;
		case SimHttpFault::ServerError:
			response = SimHttpResponse::json("{\"code\":500,\"message\":\"internal error\"}", 500);
			break;
		default:
			response = dispatch(request);
			break;
		}
		if (response.status == 200) {
			if (m_fault == SimHttpFault::MalformedJson)
				response.body.truncate(response.body.size() / 2);
			else if (m_fault == SimHttpFault::WrongTypes)
				response.body = numbersToStrings(response.body);
			else if (m_fault == SimHttpFault::TruncatedBody)
				truncate = true;
		}
		Q_EMIT requestHandled(request.method, request.path, response.status);

		if (m_fault == SimHttpFault::Slow) {
			it->busy = true;
			const QPointer<QTcpSocket> guard(socket);
			QTimer::singleShot(m_slowDelay, this, [this, guard, response, keepAlive, truncate] {
				if (!guard || !m_connections.contains(guard.data()))
					return; // the client gave up
				m_connections[guard.data()].busy = false;
				write(guard.data(), response, keepAlive, truncate);
				if (guard && m_connections.contains(guard.data()))
					serve(guard.data());
			});
			return;
		}
		write(socket, response, keepAlive, truncate);
		if (!keepAlive || truncate)
			return;
	}
}

SimHttpResponse SimHttpServer::dispatch(const SimHttpRequest &request) const
{
	if (!isAuthorized(request)) {
		SimHttpResponse r = SimHttpResponse::json("{\"code\":401,\"message\":\"unauthorized\"}", 401);
		if (m_auth == SimHttpAuth::Digest) {
			// Shelly gen2's challenge (RFC 7616 with SHA-256; the realm is the device id).
			r.headers.append({"WWW-Authenticate",
				"Digest qop=\"auth\", realm=\"" + m_realm + "\", nonce=\"" +
					QByteArray::number(quint64(m_requests) * 7919u + 104729u, 16) + "\", algorithm=SHA-256"});
		} else {
			r.headers.append({"WWW-Authenticate", "Basic realm=\"" + m_realm + "\""});
		}
		return r;
	}
	const auto route = m_routes.find({request.method, request.path});
	if (route != m_routes.end())
		return route->second(request);
	for (const auto &[key, handler] : m_routes) {
		if (key.second == request.path)
			return SimHttpResponse::json("{\"code\":405,\"message\":\"method not allowed\"}", 405);
	}
	return SimHttpResponse::json("{\"code\":404,\"message\":\"not found\"}", 404);
}

bool SimHttpServer::isAuthorized(const SimHttpRequest &request) const
{
	if (m_auth == SimHttpAuth::None || m_openPaths.contains(request.path))
		return true;
	if (m_auth == SimHttpAuth::Digest)
		return false;
	return request.headers.value("authorization") == m_expectedAuthorization;
}

void SimHttpServer::write(QTcpSocket *socket, const SimHttpResponse &response, bool keepAlive, bool truncate)
{
	QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
	out += "Content-Type: " + response.contentType + "\r\n";
	out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
	out += keepAlive && !truncate ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
	for (const auto &[name, value] : response.headers)
		out += name + ": " + value + "\r\n";
	out += "\r\n";
	out += truncate ? response.body.left(response.body.size() / 2) : response.body;
	socket->write(out);
	if (keepAlive && !truncate)
		return;
	const auto it = m_connections.find(socket);
	if (it != m_connections.end()) {
		it->stalled = true; // nothing more is served on a connection being closed
		it->buffer.clear();
	}
	socket->disconnectFromHost(); // after the bytes are out; disconnected() cleans up
}

void SimHttpServer::refuse(QTcpSocket *socket, int status)
{
	SimHttpResponse r;
	r.status = status;
	r.contentType = "text/plain";
	r.body = reasonPhrase(status);
	write(socket, r, false, false);
}

} // namespace pvrouter
