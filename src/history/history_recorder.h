#pragma once

#include "heater_history.h"

#include <QObject>
#include <QString>

namespace pvrouter {

// Keeps the heater's history in the data directory, crash-safe and kind to flash: loaded at start (a truncated or
// corrupt file is moved aside with a warning, and the history starts empty), written atomically at most once per
// SaveInterval and once more when the recorder goes (at shutdown), so SIGKILL loses at most one interval. It is
// the model the heater's service publishes: summary() with summaryChanged() at most once a minute of wall time,
// and at once when the heater switches.
class HistoryRecorder : public QObject
{
	Q_OBJECT
public:
	static constexpr std::chrono::minutes SaveInterval{5};
	static constexpr std::chrono::minutes SummaryInterval{1};

	// `filePath` empty: kept in memory only. `zone`: for local days.
	HistoryRecorder(const QString &filePath, const QTimeZone &zone, QObject *parent = nullptr);
	~HistoryRecorder() override;

	void load();
	// The heater draws `powerW` from `now` on (wall time); its level is taken from the power, so FORCE ON and a
	// relay that does not follow count as what they are.
	void record(HeaterHistory::WallClock::time_point now, double powerW);
	// Writes now, if anything was recorded since the last write.
	void save();

	const HeaterHistory::Summary &summary() const { return m_summary; }

Q_SIGNALS:
	void summaryChanged();

private:
	QString m_filePath;
	QTimeZone m_zone;
	HeaterHistory m_history;
	HeaterHistory::Summary m_summary;
	std::optional<HeaterHistory::WallClock::time_point> m_lastSave;
	std::optional<HeaterHistory::WallClock::time_point> m_lastSummary;
	int m_lastLevel = 0;
	bool m_dirty = false;
};

} // namespace pvrouter
