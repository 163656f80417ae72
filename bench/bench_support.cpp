#include "bench_support.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>

namespace pvrouter {

void print(const QString &line)
{
	std::printf("%s\n", qPrintable(line));
	std::fflush(stdout);
}

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
	QElapsedTimer clock;
	clock.start();
	QTimer wake;
	wake.start(10);
	while (!done()) {
		if (clock.elapsed() >= timeoutMs)
			return false;
		QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
	}
	return true;
}

void idle(int ms)
{
	QEventLoop loop;
	QTimer::singleShot(ms, &loop, &QEventLoop::quit);
	loop.exec();
}

} // namespace pvrouter
