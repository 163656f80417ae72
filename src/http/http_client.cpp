#include "http_client.h"

#include "common/logging.h"

#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace pvrouter {

namespace {

// A device's status answer is a few kilobytes (devices.md §5.2, §6); anything near this is not a device API.
constexpr qint64 MaxBodyBytes = 1024 * 1024;

QByteArray basicAuthorization(const HttpCredentials &credentials)
{
	const QByteArray pair = credentials.username.toUtf8() + ':' + credentials.password.toUtf8();
	return "Basic " + pair.toBase64();
}

const char *methodName(HttpRequest::Method method)
{
	return method == HttpRequest::Method::Post ? "POST" : "GET";
}

} // namespace

HttpClient::HttpClient(QObject *parent) : QObject(parent)
{
	// Devices are on the LAN: a proxy named by the environment (http_proxy) must not stand between.
	m_manager.setProxy(QNetworkProxy::NoProxy);
	// A device API does not redirect; following one would poll something else than what the config names.
	m_manager.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

HttpClient::~HttpClient()
{
	// Handlers never run from the destructor: abort() would finish the replies synchronously.
	for (auto &[reply, pending] : m_pending) {
		reply->disconnect(this);
		reply->abort();
		reply->deleteLater();
	}
	m_pending.clear();
}

QString HttpClient::displayUrl(const QUrl &url)
{
	return url.toDisplayString(QUrl::RemoveUserInfo);
}

void HttpClient::get(const QUrl &url, const HttpCredentials &credentials, std::chrono::milliseconds timeout,
	QObject *context, HttpRequest::Handler handler)
{
	HttpRequest request;
	request.url = url;
	request.credentials = credentials;
	request.timeout = timeout;
	request.context = context;
	request.handler = std::move(handler);
	send(std::move(request));
}

void HttpClient::send(HttpRequest request)
{
	QUrl url = request.url;
	url.setUserInfo(QString()); // credentials travel in the header only, never in a URL that might be shown
	QNetworkRequest nr(url);
	nr.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
	nr.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
	nr.setRawHeader("Accept", "application/json");
	if (!request.credentials.isEmpty())
		nr.setRawHeader("Authorization", basicAuthorization(request.credentials));

	QNetworkReply *reply = nullptr;
	if (request.method == HttpRequest::Method::Post) {
		nr.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
		reply = m_manager.post(nr, request.body);
	} else {
		reply = m_manager.get(nr);
	}

	Pending pending;
	pending.hasContext = !request.context.isNull();
	pending.deadline = new QTimer(reply);
	pending.deadline->setSingleShot(true);
	pending.deadline->setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early: the device gets its time
	pending.deadline->setInterval(request.timeout);
	pending.request = std::move(request);
	connect(pending.deadline, &QTimer::timeout, this, [this, reply] { onDeadline(reply); });
	connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
	connect(reply, &QNetworkReply::downloadProgress, this,
		[this, reply](qint64 received, qint64) { onProgress(reply, received); });
	pending.deadline->start();
	m_pending.emplace(reply, std::move(pending));
}

void HttpClient::onDeadline(QNetworkReply *reply)
{
	const auto it = m_pending.find(reply);
	if (it == m_pending.end() || reply->isFinished())
		return; // its finished() is on its way: the answer made it in time
	it->second.timedOut = true;
	reply->abort(); // finished() follows, synchronously or from the event loop
}

void HttpClient::onProgress(QNetworkReply *reply, qint64 receivedBytes)
{
	const auto it = m_pending.find(reply);
	if (it == m_pending.end() || receivedBytes <= MaxBodyBytes || reply->isFinished())
		return;
	it->second.tooLarge = true;
	reply->abort();
}

void HttpClient::onFinished(QNetworkReply *reply)
{
	const auto it = m_pending.find(reply);
	if (it == m_pending.end())
		return;
	Pending pending = std::move(it->second);
	m_pending.erase(it);
	pending.deadline->stop();
	reply->deleteLater();

	const HttpResult result = resultOf(reply, pending);
	if (!result.ok())
		qCDebug(lcHttp).noquote() << result.error;
	// A handler whose context is gone is dropped; one sent without a context always runs.
	if (pending.request.handler && !(pending.hasContext && pending.request.context.isNull()))
		pending.request.handler(result);
}

HttpResult HttpClient::resultOf(QNetworkReply *reply, const Pending &pending)
{
	HttpResult r;
	r.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
	r.body = reply->isOpen() ? reply->readAll() : QByteArray(); // an aborted reply is closed
	const QString what =
		QStringLiteral("%1 %2").arg(QLatin1String(methodName(pending.request.method)), displayUrl(pending.request.url));
	auto fail = [&](HttpResult::Status status, const QString &why) {
		r.status = status;
		r.error = QStringLiteral("%1: %2").arg(what, why);
		return r;
	};

	if (pending.timedOut)
		return fail(HttpResult::Status::Timeout,
			QStringLiteral("no complete answer within %1 ms").arg(pending.request.timeout.count()));
	if (pending.tooLarge || r.body.size() > MaxBodyBytes) // cut off on the way, or arrived in one go
		return fail(HttpResult::Status::BadResponse, QStringLiteral("body larger than %1 bytes").arg(MaxBodyBytes));

	switch (reply->error()) {
	case QNetworkReply::NoError:
		if (r.httpStatus >= 200 && r.httpStatus < 300) {
			r.status = HttpResult::Status::Ok;
			return r;
		}
		if (r.httpStatus == 0)
			return fail(HttpResult::Status::BadResponse, QStringLiteral("no HTTP status line"));
		return fail(HttpResult::Status::HttpError, QStringLiteral("HTTP %1").arg(r.httpStatus));
	case QNetworkReply::AuthenticationRequiredError:
	case QNetworkReply::ContentAccessDenied:
		return fail(HttpResult::Status::Unauthorized,
			QStringLiteral("HTTP %1: the device refuses the %2")
				.arg(r.httpStatus)
				.arg(pending.request.credentials.isEmpty() ? QStringLiteral("request without credentials")
														   : QStringLiteral("username and password")));
	case QNetworkReply::RemoteHostClosedError:
		if (r.httpStatus != 0)
			return fail(HttpResult::Status::BadResponse,
				QStringLiteral("connection closed before the whole body arrived (HTTP %1, %2 bytes)")
					.arg(r.httpStatus)
					.arg(r.body.size()));
		return fail(HttpResult::Status::Unreachable, QStringLiteral("connection closed without an answer"));
	case QNetworkReply::ProtocolFailure:
	case QNetworkReply::ProtocolUnknownError:
	case QNetworkReply::ProtocolInvalidOperationError:
		return fail(
			HttpResult::Status::BadResponse, QStringLiteral("not a valid HTTP answer: %1").arg(reply->errorString()));
	default:
		break;
	}
	if (r.httpStatus >= 300)
		return fail(HttpResult::Status::HttpError, QStringLiteral("HTTP %1").arg(r.httpStatus));
	return fail(HttpResult::Status::Unreachable, reply->errorString());
}

} // namespace pvrouter
