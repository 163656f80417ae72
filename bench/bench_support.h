#pragma once

#include <QString>
#include <QtGlobal>

#include <functional>
#include <stdexcept>

namespace pvrouter {

// What the benchmarks share. A measurement that could not be made: main() reports it and exits non-zero.
class BenchError : public std::runtime_error
{
public:
	explicit BenchError(const QString &message) : std::runtime_error(message.toStdString()) {}
};

// One result line on stdout, flushed at once so a long run shows progress.
void print(const QString &line);

// Runs the event loop until done() holds; false after timeoutMs. done() is checked after every batch of
// events and at least every 10 ms.
bool waitFor(const std::function<bool()> &done, int timeoutMs);

// A process's memory from /proc/<pid>/status, in kB; -1 where the kernel does not report a field.
struct Memory
{
	qint64 rssKb = -1;
	qint64 anonKb = -1; // its own
	qint64 fileKb = -1; // pages of files, mostly shared libraries
	qint64 shmemKb = -1;
};
Memory readMemory(qint64 pid);

// Lets `ms` of real time pass with the event loop running (a benchmark measures over wall time).
void idle(int ms);

} // namespace pvrouter
