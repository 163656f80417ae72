#include "bench_support.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
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

Memory readMemory(qint64 pid)
{
	QFile file(QStringLiteral("/proc/%1/status").arg(pid));
	if (!file.open(QIODevice::ReadOnly))
		throw BenchError(QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
	Memory memory;
	const QList<QByteArray> lines = file.readAll().split('\n');
	for (const QByteArray &line : lines) {
		const auto field = [&line](const char *name, qint64 *kb) {
			if (line.startsWith(name))
				*kb = line.mid(qstrlen(name)).simplified().split(' ').constFirst().toLongLong();
		};
		field("VmRSS:", &memory.rssKb);
		field("RssAnon:", &memory.anonKb);
		field("RssFile:", &memory.fileKb);
		field("RssShmem:", &memory.shmemKb);
	}
	if (memory.rssKb < 0)
		throw BenchError(QStringLiteral("no VmRSS in %1").arg(file.fileName()));
	return memory;
}

} // namespace pvrouter
