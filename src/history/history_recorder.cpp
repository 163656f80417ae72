#include "history_recorder.h"

#include "common/atomic_file.h"
#include "common/logging.h"

#include <QFile>

#include <cmath>

namespace pvrouter {

HistoryRecorder::HistoryRecorder(const QString &filePath, const QTimeZone &zone, QObject *parent)
	: QObject(parent), m_filePath(filePath), m_zone(zone)
{}

HistoryRecorder::~HistoryRecorder()
{
	save();
}

void HistoryRecorder::load()
{
	QFile file(m_filePath);
	if (m_filePath.isEmpty() || !file.exists())
		return;
	QString problem;
	if (!file.open(QIODevice::ReadOnly)) {
		problem = file.errorString();
	} else if (std::optional<HeaterHistory> history = HeaterHistory::fromJson(file.readAll(), &problem)) {
		m_history = *history;
		qCInfo(lcHistory).noquote() << "loaded" << m_filePath
									<< QStringLiteral("(%1 kWh in all)").arg(m_history.totalKWh());
		return;
	}
	file.close();
	const QString aside = moveAside(m_filePath);
	qCWarning(lcHistory).noquote() << "cannot read" << m_filePath << "(" + problem + "); moved it to" << aside
								   << "and starting an empty history";
}

void HistoryRecorder::record(HeaterHistory::WallClock::time_point now, double powerW)
{
	const int level = std::clamp(int(std::lround(powerW / 500)), 0, HeaterHistory::Levels - 1);
	m_history.record(now, powerW, level);
	m_dirty = true;
	if (!m_lastSave) {
		m_lastSave = now; // the first write comes one interval after the start
	} else if (now - *m_lastSave >= SaveInterval || now < *m_lastSave) {
		save();
		m_lastSave = now; // after a failed write too: the next try comes an interval later
	}
	if (!m_lastSummary || now - *m_lastSummary >= SummaryInterval || now < *m_lastSummary || level != m_lastLevel) {
		m_summary = m_history.summary(now, m_zone);
		m_lastSummary = now;
		Q_EMIT summaryChanged();
	}
	m_lastLevel = level;
}

void HistoryRecorder::save()
{
	if (!m_dirty || m_filePath.isEmpty())
		return;
	const QString error = writeFileAtomically(m_filePath, m_history.toJson());
	if (!error.isEmpty()) {
		qCWarning(lcHistory).noquote() << error; // kept in memory; the next interval tries again
		return;
	}
	m_dirty = false;
}

} // namespace pvrouter
