#include "unix_signals.h"

#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace pvrouter {

namespace {

int g_pipe[2] = {-1, -1};

// Only async-signal-safe calls here: write the signal number and let the event loop do the rest.
void onSignal(int signal)
{
	const unsigned char byte = static_cast<unsigned char>(signal);
	[[maybe_unused]] const ssize_t n = ::write(g_pipe[1], &byte, 1);
}

} // namespace

UnixSignals::UnixSignals(QObject *parent) : QObject(parent)
{
	if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		qFatal("cannot create the signal pipe");
	m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
	connect(m_notifier, &QSocketNotifier::activated, this, &UnixSignals::onReadable);
	struct sigaction action = {};
	action.sa_handler = onSignal;
	sigemptyset(&action.sa_mask);
	action.sa_flags = SA_RESTART;
	::sigaction(SIGTERM, &action, nullptr);
	::sigaction(SIGINT, &action, nullptr);
}

UnixSignals::~UnixSignals()
{
	::signal(SIGTERM, SIG_DFL);
	::signal(SIGINT, SIG_DFL);
	::close(g_pipe[0]);
	::close(g_pipe[1]);
}

void UnixSignals::onReadable()
{
	unsigned char byte = 0;
	while (::read(g_pipe[0], &byte, 1) == 1)
		Q_EMIT terminationRequested(byte);
}

} // namespace pvrouter
