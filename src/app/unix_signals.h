#pragma once

#include <QObject>

class QSocketNotifier;

namespace pvrouter {

// Turns SIGTERM and SIGINT (daemontools' svc -d, Ctrl-C) into a Qt signal, so the daemon leaves through
// the event loop and everything is flushed and released. One instance per process.
class UnixSignals : public QObject
{
	Q_OBJECT
public:
	explicit UnixSignals(QObject *parent = nullptr);
	~UnixSignals() override;

Q_SIGNALS:
	void terminationRequested(int signal);

private:
	void onReadable();

	QSocketNotifier *m_notifier = nullptr;
};

} // namespace pvrouter
