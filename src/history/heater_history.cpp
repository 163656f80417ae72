#include "heater_history.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace pvrouter {

namespace {

constexpr qint64 HourMs = 3600 * 1000;
constexpr qint64 DayMs = 24 * HourMs;
constexpr int MaxSwitches = 10000; // a day of a relay chattering every 9 s; beyond it the oldest go

qint64 msOf(HeaterHistory::WallClock::time_point t)
{
	return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

qint64 hourOf(qint64 ms)
{
	return ms >= 0 ? ms / HourMs : (ms - HourMs + 1) / HourMs;
}

bool isCount(const QJsonValue &v)
{
	return v.isDouble() && std::isfinite(v.toDouble()) && v.toDouble() >= 0;
}

} // namespace

void HeaterHistory::record(WallClock::time_point now, double powerW, int level)
{
	level = std::clamp(level, 0, Levels - 1);
	if (m_last) {
		// A clock that went back (NTP after a boot without RTC) or a long gap is not integrated: better a
		// missing hour than an invented one.
		if (now >= *m_last && now - *m_last <= MaxGap)
			integrate(*m_last, now);
		if (level != m_lastLevel) {
			m_switches.append(msOf(now));
			if (m_switches.size() > MaxSwitches)
				m_switches.removeFirst();
		}
	}
	m_last = now;
	m_lastPowerW = std::max(0.0, powerW);
	m_lastLevel = level;
	prune(now);
}

HeaterHistory::Hour &HeaterHistory::hour(qint64 index)
{
	if (!m_hours.isEmpty() && m_hours.last().index == index)
		return m_hours.last();
	const auto at =
		std::lower_bound(m_hours.begin(), m_hours.end(), index, [](const Hour &h, qint64 i) { return h.index < i; });
	if (at != m_hours.end() && at->index == index)
		return *at;
	Hour h;
	h.index = index;
	return *m_hours.insert(at, h);
}

void HeaterHistory::integrate(WallClock::time_point from, WallClock::time_point to)
{
	qint64 a = msOf(from);
	const qint64 b = msOf(to);
	while (a < b) {
		const qint64 index = hourOf(a);
		const qint64 end = std::min(b, (index + 1) * HourMs);
		const double seconds = double(end - a) / 1000;
		const double energyWh = m_lastPowerW * seconds / 3600;
		Hour &h = hour(index);
		h.energyWh += energyWh;
		h.levelSeconds[m_lastLevel] += seconds;
		m_totalWh += energyWh;
		a = end;
	}
}

// Keeps the hours of the last 8 days and the switches of the last 24 h, as seen from `now`: what lies in its
// future was recorded under a wrong clock.
void HeaterHistory::prune(WallClock::time_point now)
{
	const qint64 nowMs = msOf(now);
	const qint64 newest = hourOf(nowMs);
	m_hours.removeIf([newest](const Hour &h) { return h.index > newest || h.index <= newest - HoursKept; });
	m_switches.removeIf([nowMs](qint64 ms) { return ms > nowMs || ms <= nowMs - DayMs; });
}

HeaterHistory::Summary HeaterHistory::summary(WallClock::time_point now, const QTimeZone &zone) const
{
	constexpr int Hours = 168;
	constexpr int Days = 7;
	Summary s;
	s.totalKWh = totalKWh();
	s.hourlyKWh = QList<double>(Hours, 0.0);
	s.dailyKWh = QList<double>(Days, 0.0);
	const qint64 nowMs = msOf(now);
	const qint64 newest = hourOf(nowMs);
	// The local days, oldest first, by when they start (startOfDay knows zones whose midnight a DST change skips).
	const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs, zone).date();
	std::array<qint64, Days> dayStartMs;
	for (int day = 0; day < Days; ++day)
		dayStartMs[day] = today.addDays(day - (Days - 1)).startOfDay(zone).toMSecsSinceEpoch();

	for (const Hour &h : m_hours) {
		if (h.index > newest)
			break; // recorded after `now`: not part of this summary
		const double kWh = h.energyWh / 1000;
		if (h.index > newest - Hours)
			s.hourlyKWh[int(h.index - (newest - Hours + 1))] = kWh;
		if (h.index > newest - 24) {
			s.last24hKWh += kWh;
			for (int level = 0; level < Levels; ++level)
				s.levelHoursLast24h[level] += h.levelSeconds[level] / 3600;
		}
		// A local day holds the hours that start in it.
		const qint64 startMs = h.index * HourMs;
		for (int day = Days - 1; day >= 0; --day) {
			if (startMs >= dayStartMs[day]) {
				s.dailyKWh[day] += kWh;
				break;
			}
		}
	}
	for (double kWh : std::as_const(s.hourlyKWh))
		s.last7dKWh += kWh;
	s.todayKWh = s.dailyKWh.last();
	s.switchesLast24h =
		int(std::count_if(m_switches.cbegin(), m_switches.cend(), [nowMs](qint64 ms) { return ms > nowMs - DayMs; }));
	return s;
}

QByteArray HeaterHistory::toJson() const
{
	QJsonArray hours;
	for (const Hour &h : m_hours) {
		QJsonArray levels;
		for (double seconds : h.levelSeconds)
			levels.append(seconds);
		hours.append(QJsonArray{h.index, h.energyWh, levels});
	}
	QJsonArray switches;
	for (qint64 ms : m_switches)
		switches.append(ms);
	const QJsonObject root{{QStringLiteral("version"), FileVersion}, {QStringLiteral("totalWh"), m_totalWh},
		{QStringLiteral("hours"), hours}, {QStringLiteral("switches"), switches}};
	return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

std::optional<HeaterHistory> HeaterHistory::fromJson(const QByteArray &json, QString *problem)
{
	QJsonParseError error;
	const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
	if (error.error != QJsonParseError::NoError) {
		*problem = QStringLiteral("%1 at offset %2").arg(error.errorString()).arg(error.offset);
		return std::nullopt;
	}
	const QJsonObject root = doc.object();
	if (!doc.isObject() || root[QLatin1String("version")].toInt() != FileVersion ||
		!isCount(root[QLatin1String("totalWh")]) || !root[QLatin1String("hours")].isArray() ||
		!root[QLatin1String("switches")].isArray()) {
		*problem = QStringLiteral("not a pvrouter heater history of version %1").arg(FileVersion);
		return std::nullopt;
	}
	HeaterHistory history;
	history.m_totalWh = root[QLatin1String("totalWh")].toDouble();
	const QJsonArray hours = root[QLatin1String("hours")].toArray();
	const QJsonArray switches = root[QLatin1String("switches")].toArray();
	if (hours.size() > HoursKept || switches.size() > MaxSwitches) {
		*problem = QStringLiteral("more entries than a history keeps");
		return std::nullopt;
	}
	for (const QJsonValue &v : hours) {
		const QJsonArray a = v.toArray();
		const QJsonArray levels = a.at(2).toArray();
		Hour h;
		h.index = a.at(0).toInteger(-1);
		bool ok = a.size() == 3 && h.index >= 0 && isCount(a.at(1)) && levels.size() == Levels &&
			(history.m_hours.isEmpty() || history.m_hours.last().index < h.index);
		h.energyWh = a.at(1).toDouble();
		for (int level = 0; ok && level < Levels; ++level) {
			ok = isCount(levels.at(level));
			h.levelSeconds[level] = levels.at(level).toDouble();
		}
		if (!ok) {
			*problem = QStringLiteral("hour %1 is malformed").arg(history.m_hours.size());
			return std::nullopt;
		}
		history.m_hours.append(h);
	}
	for (const QJsonValue &v : switches) {
		if (!isCount(v)) {
			*problem = QStringLiteral("a switch time is malformed");
			return std::nullopt;
		}
		history.m_switches.append(v.toInteger());
	}
	return history;
}

} // namespace pvrouter
