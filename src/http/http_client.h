#pragma once

#include "http_request.h"

#include <QNetworkAccessManager>
#include <QObject>

#include <unordered_map>

class QNetworkReply;
class QTimer;

namespace pvrouter {

// The one HTTP transport of the process: a single QNetworkAccessManager (one connection pool, keep-alive per
// host) shared by every HTTP device. Each request has a deadline for the whole exchange, sends Basic
// authentication when it has credentials, goes to the device directly (never through a proxy from the
// environment), does not follow redirects, and ends in exactly one HttpResult whose status says what went wrong.
// Devices keep to one request in flight each (HttpDevice); the client itself serves any number.
class HttpClient : public QObject
{
	Q_OBJECT
public:
	explicit HttpClient(QObject *parent = nullptr);
	~HttpClient() override;

	void send(HttpRequest request);
	void get(const QUrl &url, const HttpCredentials &credentials, std::chrono::milliseconds timeout, QObject *context,
		HttpRequest::Handler handler);

	// Requests sent whose handler has not run yet.
	int pendingCount() const { return int(m_pending.size()); }

	// "http://host:port/path?query", without user info: what logs and errors may show of a URL.
	static QString displayUrl(const QUrl &url);

private:
	struct Pending
	{
		HttpRequest request;
		QTimer *deadline = nullptr; // child of the reply
		bool hasContext = false;
		bool timedOut = false;
		bool tooLarge = false;
	};

	void onFinished(QNetworkReply *reply);
	void onDeadline(QNetworkReply *reply);
	void onProgress(QNetworkReply *reply, qint64 receivedBytes);
	static HttpResult resultOf(QNetworkReply *reply, const Pending &pending);

	QNetworkAccessManager m_manager;
	std::unordered_map<QNetworkReply *, Pending> m_pending;
};

} // namespace pvrouter
