#pragma once

#include <QModbusDataUnit>
#include <QModbusPdu>
#include <QPointer>
#include <QString>

#include <chrono>
#include <functional>
#include <optional>

namespace pvrouter {

// What became of one transaction.
struct ModbusResult
{
	enum class Status {
		Ok,
		Timeout,      // no (valid) answer in time: the device is silent, or its frames were corrupt
		Exception,    // the device answered with an exception code
		Garbage,      // an answer that is not a valid reply to the request
		NoConnection, // the port or the TCP endpoint is not open
	};
	Status status = Status::Ok;
	QModbusDataUnit data;     // reads: the values
	QModbusResponse response; // the raw reply (custom function codes)
	QModbusPdu::ExceptionCode exception = QModbusPdu::ExtendedException;
	QString error; // for the log

	bool ok() const { return status == Status::Ok; }
};

// One queued transaction. Control requests (setpoints) go before every poll; polls take turns between units.
struct ModbusRequest
{
	enum class Kind { Read, Write, Raw };
	enum class Priority { Control, Poll };
	using Handler = std::function<void(const ModbusResult &)>;

	quint8 unit = 1;
	Kind kind = Kind::Read;
	Priority priority = Priority::Poll;
	QModbusDataUnit data;                             // Read, Write
	QModbusRequest pdu;                               // Raw
	std::optional<std::chrono::milliseconds> timeout; // else the line's
	QPointer<QObject> context;                        // the handler is dropped when this is gone
	Handler handler;
};

} // namespace pvrouter
