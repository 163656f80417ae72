#pragma once

#include <QByteArray>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <chrono>
#include <functional>

namespace pvrouter {

// What a device's web server wants to see before it answers. Only HTTP Basic is sent (preemptively, so a poll
// costs one round trip); the password never appears in a log line, an error message or a URL.
struct HttpCredentials
{
	QString username; // empty: no authentication
	QString password;

	bool isEmpty() const { return username.isEmpty(); }
};

// What became of one request.
struct HttpResult
{
	enum class Status {
		Ok,           // a 2xx status with its whole body
		Timeout,      // no complete answer within the request's timeout (a hung or slow device)
		Unreachable,  // no connection: refused, host unknown, network down, closed before any answer
		Unauthorized, // 401 or 403: credentials missing or wrong
		HttpError,    // any other status outside 2xx (404, 500, a redirect)
		BadResponse,  // an answer that is not valid HTTP, or a body cut short of its announced length
	};

	Status status = Status::Ok;
	int httpStatus = 0; // 0 when no status line arrived
	QByteArray body;    // the whole body for Ok, else what arrived (for the log)
	QString error;      // for the log: names the URL (never credentials) and what went wrong

	bool ok() const { return status == Status::Ok; }
	// Silence (Timeout, Unreachable) rather than a wrong answer: a device's error budget counts them apart.
	bool isSilence() const { return status == Status::Timeout || status == Status::Unreachable; }
};

// One request. The handler runs exactly once, from the event loop (never from inside send()), unless the
// context object is gone by then.
struct HttpRequest
{
	enum class Method { Get, Post };
	using Handler = std::function<void(const HttpResult &)>;

	Method method = Method::Get;
	QUrl url;               // without user info: credentials go in `credentials`
	QByteArray body;        // Post only
	QByteArray contentType; // Post only, e.g. "application/x-www-form-urlencoded"
	HttpCredentials credentials;
	std::chrono::milliseconds timeout{2000}; // for the whole exchange: connect, send, the full answer
	QPointer<QObject> context;
	Handler handler;
};

} // namespace pvrouter
