#pragma once

#include <QByteArray>
#include <QList>
#include <QTimeZone>

#include <array>
#include <chrono>
#include <optional>

namespace pvrouter {

// What the water heater did, for the GX page and VRM: energy per hour for the last 8 days, the switches of the
// last 24 h, and the time spent at each level. Pure: time comes in with each record (wall time, as history is
// about the calendar), and nothing is read or written here but the JSON the store keeps.
//
// Hours are UTC hours, so daylight-saving changes neither lose nor double one; days are the local days of the
// given time zone, each holding the hours that start in it (23 or 25 on a change).
class HeaterHistory
{
public:
	using WallClock = std::chrono::system_clock;
	static constexpr int Levels = 8;
	static constexpr int HoursKept = 8 * 24;
	static constexpr int FileVersion = 1;
	// Longer without a record is a gap (the daemon was down, the clock jumped): it is not integrated.
	static constexpr std::chrono::minutes MaxGap{10};

	struct Summary
	{
		double totalKWh = 0;
		double todayKWh = 0;
		double last24hKWh = 0;   // this hour and the 23 before it
		double last7dKWh = 0;    // this hour and the 167 before it
		QList<double> hourlyKWh; // 168 values, oldest first, the last one this hour so far
		QList<double> dailyKWh;  // 7 values, oldest first, the last one today so far
		int switchesLast24h = 0;
		std::array<double, Levels> levelHoursLast24h{}; // this hour and the 23 before it
	};

	// The heater drew `powerW` at `level` from now on; what it drew since the last record is counted with the
	// previous values (the relays hold a level between records). A level change is a switch.
	void record(WallClock::time_point now, double powerW, int level);

	double totalKWh() const { return m_totalWh / 1000; }
	Summary summary(WallClock::time_point now, const QTimeZone &zone) const;

	QByteArray toJson() const;
	// Null with `problem` set when the data is not a history of this version.
	static std::optional<HeaterHistory> fromJson(const QByteArray &json, QString *problem);

private:
	struct Hour
	{
		qint64 index = 0; // hours since the epoch, UTC
		double energyWh = 0;
		std::array<double, Levels> levelSeconds{};
	};

	Hour &hour(qint64 index);
	void integrate(WallClock::time_point from, WallClock::time_point to);
	void prune(WallClock::time_point now);

	QList<Hour> m_hours;      // ascending by index, at most HoursKept
	QList<qint64> m_switches; // ms since the epoch, the last 24 h
	double m_totalWh = 0;
	std::optional<WallClock::time_point> m_last;
	double m_lastPowerW = 0;
	int m_lastLevel = 0;
};

} // namespace pvrouter
