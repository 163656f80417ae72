#pragma once

#include "http/http_client.h"
#include "modbus/error_budget.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <chrono>

namespace pvrouter {

// The life of one device with a web API: a poll every period, made of one or more requests in a row (never two
// in flight), each with a deadline of at most one period; failed polls counted in an error budget; lost after
// two failed polls in a row (the values invalid at once), then probed with a doubling back-off until it answers
// again. Drivers derive from it: poll() sends the poll's requests with get(), decodes the answers and ends the
// poll with pollSucceeded() or pollFailed(). A poll that comes due while one is still running starts as soon as
// that one ends, so a slow device is polled back to back rather than skipped.
class HttpDevice : public QObject
{
	Q_OBJECT
public:
	using Clock = std::chrono::steady_clock;

	struct Options
	{
		QUrl baseUrl; // "http://host[:port]"; request paths are appended
		QString name; // for the log, e.g. the config section; the URL when empty
		HttpCredentials credentials;
		std::chrono::milliseconds poll{1000};
		std::chrono::milliseconds timeout{2000}; // per request, and never longer than `poll`
		// Two failed polls in a row, of either kind, lose the device: an unreachable or confused meter shows
		// invalid values within two polls. Probed again after 1 s, doubling to 60 s.
		ErrorBudget::Limits budget{2, 2, std::chrono::seconds(1), std::chrono::seconds(60)};
	};

	// `client` is not owned and must outlive the device.
	HttpDevice(HttpClient *client, const Options &options, QObject *parent = nullptr);

	void start();
	bool isConnected() const { return m_connected; }
	const Options &options() const { return m_options; }
	// What made the last poll fail; empty after a good one.
	const QString &lastError() const { return m_lastError; }
	// The deadline each request gets: the configured timeout, or the poll period if shorter.
	std::chrono::milliseconds requestTimeout() const;

Q_SIGNALS:
	void connectedChanged(bool connected);
	// Every poll's end, for tests and status output.
	void pollFinished(bool ok);

protected:
	// Starts a poll: one get() (the next one from its handler, and so on), ending in pollSucceeded() or
	// pollFailed().
	virtual void poll() = 0;
	// The device was lost (or answered a whole poll for the first time): the model must show it.
	virtual void connectionChanged(bool connected) = 0;

	// GET baseUrl + pathAndQuery ("/rpc/EM.GetStatus?id=0"); one at a time, within a poll.
	void get(const QString &pathAndQuery, HttpRequest::Handler handler);
	void pollSucceeded();
	// `outcome`: Timeout for silence (no answer in time, no connection), ProtocolError for a wrong answer (an
	// HTTP error status, a malformed body, a field missing or of the wrong type).
	void pollFailed(ErrorBudget::Outcome outcome, const QString &error);
	// The same, for a request that failed.
	void pollFailed(const HttpResult &result);

private:
	void onTimer();
	void startPoll();
	void finishPoll(bool ok);
	void setConnected(bool connected);
	QString logName() const;

	HttpClient *m_client; // not owned: shared by every HTTP device
	Options m_options;
	ErrorBudget m_budget;
	QTimer m_timer;
	QString m_lastError;
	QString m_warned;        // the failure last logged as a warning, so an outage logs each cause once
	bool m_polling = false;  // a poll's requests are under way
	bool m_pollDue = false;  // the timer fired during that poll
	bool m_inFlight = false; // one request at a time
	bool m_connected = false;
};

} // namespace pvrouter
