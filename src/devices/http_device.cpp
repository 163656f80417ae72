#include "http_device.h"

#include "common/logging.h"

namespace pvrouter {

HttpDevice::HttpDevice(HttpClient *client, const Options &options, QObject *parent)
	: QObject(parent), m_client(client), m_options(options), m_budget(options.budget)
{
	m_timer.setInterval(m_options.poll);
	connect(&m_timer, &QTimer::timeout, this, &HttpDevice::onTimer);
}

std::chrono::milliseconds HttpDevice::requestTimeout() const
{
	// Within the poll period, so that two failed polls take no longer than two periods.
	return std::min(m_options.timeout, m_options.poll);
}

QString HttpDevice::logName() const
{
	return m_options.name.isEmpty() ? HttpClient::displayUrl(m_options.baseUrl) : m_options.name;
}

void HttpDevice::start()
{
	m_timer.start();
	onTimer();
}

void HttpDevice::onTimer()
{
	if (m_polling) {
		m_pollDue = true; // started as soon as the running poll ends
		return;
	}
	if (!m_budget.mayProbe(Clock::now()))
		return; // a lost device's back-off runs
	startPoll();
}

void HttpDevice::startPoll()
{
	m_polling = true;
	m_pollDue = false;
	poll();
}

void HttpDevice::get(const QString &pathAndQuery, HttpRequest::Handler handler)
{
	Q_ASSERT(m_polling && !m_inFlight);
	m_inFlight = true;
	m_client->get(m_options.baseUrl.resolved(QUrl(pathAndQuery)), m_options.credentials, requestTimeout(), this,
		[this, handler = std::move(handler)](const HttpResult &result) {
			m_inFlight = false;
			handler(result);
		});
}

void HttpDevice::pollSucceeded()
{
	m_budget.record(ErrorBudget::Outcome::Ok, Clock::now());
	m_lastError.clear();
	m_warned.clear();
	setConnected(true);
	finishPoll(true);
}

void HttpDevice::pollFailed(const HttpResult &result)
{
	pollFailed(result.isSilence() ? ErrorBudget::Outcome::Timeout : ErrorBudget::Outcome::ProtocolError, result.error);
}

void HttpDevice::pollFailed(ErrorBudget::Outcome outcome, const QString &error)
{
	m_lastError = error;
	m_budget.record(outcome, Clock::now());
	qCDebug(lcHttp).noquote() << logName() << "poll failed:" << error;
	if (!m_budget.isOnline()) {
		// Once per cause and outage: a device that never answers (a wrong address, an unsupported model) says
		// why, without a line every probe.
		if (error != m_warned) {
			qCWarning(lcHttp).noquote()
				<< logName() << (m_connected ? "lost:" : "not answering:") << error
				<< QStringLiteral("(probing every %1 ms or more)").arg(m_budget.backoff().count());
			m_warned = error;
		}
		setConnected(false);
	}
	finishPoll(false);
}

void HttpDevice::finishPoll(bool ok)
{
	m_polling = false;
	Q_EMIT pollFinished(ok);
	if (m_pollDue && !m_polling && m_budget.mayProbe(Clock::now()))
		startPoll();
}

void HttpDevice::setConnected(bool connected)
{
	if (connected == m_connected)
		return;
	m_connected = connected;
	if (connected)
		qCInfo(lcHttp).noquote() << logName() << "answering";
	connectionChanged(connected);
	Q_EMIT connectedChanged(connected);
}

} // namespace pvrouter
