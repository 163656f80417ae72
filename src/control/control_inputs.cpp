#include "control_inputs.h"

#include "vedbus/ve_import.h"

namespace pvrouter {

namespace {

const QString SystemService = QStringLiteral("com.victronenergy.system");
const QString GridClass = QStringLiteral("com.victronenergy.grid");
const QString BatteryClass = QStringLiteral("com.victronenergy.battery");
constexpr std::chrono::seconds QuietLimit{1};

} // namespace

ControlInputs::ControlInputs(const QDBusConnection &bus, QObject *parent)
	: QObject(parent), m_import(new VeImport(bus, {SystemService, GridClass, BatteryClass}, this))
{}

void ControlInputs::start()
{
	m_import->start();
}

ImportedService *ControlInputs::system() const
{
	ImportedService *s = m_import->service(SystemService);
	return s && s->isOnline() ? s : nullptr;
}

ImportedService *ControlInputs::lowestInstance(const QString &serviceClass) const
{
	ImportedService *best = nullptr;
	int bestInstance = 0;
	for (ImportedService *s : m_import->services()) {
		if (!s->isOnline() || !s->name().startsWith(serviceClass + QLatin1Char('.')))
			continue;
		const QVariant instance = s->value(QStringLiteral("/DeviceInstance"));
		if (instance.isValid() && (!best || instance.toInt() < bestInstance)) {
			best = s;
			bestInstance = instance.toInt();
		}
	}
	return best;
}

QList<ImportedItem *> ControlInputs::gridItems() const
{
	if (ImportedService *s = system()) {
		return {s->item(QStringLiteral("/Ac/Grid/L1/Power")), s->item(QStringLiteral("/Ac/Grid/L2/Power")),
			s->item(QStringLiteral("/Ac/Grid/L3/Power"))};
	}
	if (ImportedService *meter = lowestInstance(GridClass))
		return {meter->item(QStringLiteral("/Ac/Power"))};
	return {};
}

ImportedItem *ControlInputs::batteryItem(const QString &systemPath, const QString &batteryPath) const
{
	if (ImportedService *s = system())
		return s->item(systemPath);
	if (ImportedService *battery = lowestInstance(BatteryClass))
		return battery->item(batteryPath);
	return nullptr;
}

// The sum of the valid items (phases a system does not have are invalid), as old as the oldest of them.
ControlInputs::Reading ControlInputs::read(const QList<ImportedItem *> &items)
{
	Reading reading;
	for (const ImportedItem *item : items) {
		if (!item || !item->isValid())
			continue;
		reading.value = reading.value.value_or(0) + item->value().toDouble();
		if (reading.confirmedAt == Time() || item->confirmedAt() < reading.confirmedAt)
			reading.confirmedAt = item->confirmedAt();
	}
	return reading;
}

ControlInputs::Reading ControlInputs::gridPowerW() const
{
	return read(gridItems());
}

ControlInputs::Reading ControlInputs::batteryPowerW() const
{
	return read({batteryItem(QStringLiteral("/Dc/Battery/Power"), QStringLiteral("/Dc/0/Power"))});
}

ControlInputs::Reading ControlInputs::batterySocPercent() const
{
	return read({batteryItem(QStringLiteral("/Dc/Battery/Soc"), QStringLiteral("/Soc"))});
}

QString ControlInputs::source() const
{
	if (system())
		return SystemService;
	const ImportedService *meter = lowestInstance(GridClass);
	const ImportedService *battery = lowestInstance(BatteryClass);
	return QStringLiteral("grid %1, battery %2")
		.arg(meter ? meter->name() : QStringLiteral("none"), battery ? battery->name() : QStringLiteral("none"));
}

void ControlInputs::refresh()
{
	const Time now = std::chrono::steady_clock::now();
	if (now - m_lastRefresh < QuietLimit / 2)
		return; // the simulator steps many times a second; the answers take milliseconds
	m_lastRefresh = now;
	QList<ImportedItem *> items = gridItems();
	items << batteryItem(QStringLiteral("/Dc/Battery/Power"), QStringLiteral("/Dc/0/Power"))
		  << batteryItem(QStringLiteral("/Dc/Battery/Soc"), QStringLiteral("/Soc"));
	for (ImportedItem *item : std::as_const(items)) {
		// Invalid values (phases a system does not have) are not worth a call a second.
		if (item && item->isValid() && now - item->confirmedAt() >= QuietLimit)
			m_import->refresh(static_cast<ImportedService *>(item->parent()), item->path());
	}
}

} // namespace pvrouter
