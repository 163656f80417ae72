#pragma once

#include <QDBusConnection>
#include <QObject>

#include <chrono>
#include <optional>

namespace pvrouter {

class ImportedItem;
class ImportedService;
class VeImport;

// Where the controller's grid and battery readings come from, as every Venus consumer finds them
// (architecture.md §1): com.victronenergy.system (/Ac/Grid/L1..3/Power, /Dc/Battery/Power, /Dc/Battery/Soc)
// while it runs; otherwise the grid meter and the battery with the lowest /DeviceInstance, systemcalc's rule.
// Values that do not change are read again (GetValue) when they have been quiet for a second, so a reading's
// age says how long ago its service last vouched for it.
class ControlInputs : public QObject
{
	Q_OBJECT
public:
	using Time = std::chrono::steady_clock::time_point;

	struct Reading
	{
		std::optional<double> value; // nullopt: invalid, or no source
		Time confirmedAt;            // meaningless without a value
	};

	explicit ControlInputs(const QDBusConnection &bus, QObject *parent = nullptr);

	void start();
	Reading gridPowerW() const;        // + import, all phases
	Reading batteryPowerW() const;     // + charging; no value without a battery
	Reading batterySocPercent() const; // no value without a battery
	// The services read now, for the log and the status line: "com.victronenergy.system" or the two fallbacks.
	QString source() const;
	// Re-reads what has been quiet; call once per control step.
	void refresh();

private:
	ImportedService *system() const;
	ImportedService *lowestInstance(const QString &serviceClass) const;
	QList<ImportedItem *> gridItems() const;
	ImportedItem *batteryItem(const QString &systemPath, const QString &batteryPath) const;
	static Reading read(const QList<ImportedItem *> &items);

	VeImport *m_import; // child
	Time m_lastRefresh;
};

} // namespace pvrouter
