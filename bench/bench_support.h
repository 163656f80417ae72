#pragma once

#include <QString>

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

// Lets `ms` of real time pass with the event loop running (a benchmark measures over wall time).
void idle(int ms);

} // namespace pvrouter
