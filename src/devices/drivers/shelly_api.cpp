#include "shelly_api.h"

#include "http/json_reader.h"

namespace pvrouter {

namespace {

using Q = AcMeterModel::Quantity;

enum class Need { Required, Optional };

// One number of an answer and where it goes: model value = JSON value × factor.
struct NumberField
{
	const char *key;
	Q quantity;
	double factor;
	Need need;
};

constexpr double WhToKWh = 0.001;

// One element of gen1 /status emeters[] (devices.md §6.1). total and total_returned count Wh. The 3EM sends
// current and pf; the two-channel EM has no current, and its pf is not confirmed, so both are optional.
const NumberField Gen1EmeterFields[] = {
	{"power", Q::PowerW, 1, Need::Required},
	{"voltage", Q::VoltageV, 1, Need::Required},
	{"current", Q::CurrentA, 1, Need::Optional},
	{"pf", Q::PowerFactor, 1, Need::Optional},
	{"total", Q::EnergyForwardKWh, WhToKWh, Need::Required},
	{"total_returned", Q::EnergyReverseKWh, WhToKWh, Need::Required},
};

// EM.GetStatus (devices.md §6.2): each phase's fields carry its prefix a_, b_ or c_. Only newer firmware sends
// the frequency; the power factor is optional as well, as it is for EM1.
const NumberField EmPhaseFields[] = {
	{"act_power", Q::PowerW, 1, Need::Required},
	{"voltage", Q::VoltageV, 1, Need::Required},
	{"current", Q::CurrentA, 1, Need::Required},
	{"pf", Q::PowerFactor, 1, Need::Optional},
	{"freq", Q::FrequencyHz, 1, Need::Optional},
};
const NumberField EmTotalFields[] = {
	{"total_act_power", Q::PowerW, 1, Need::Required},
};

// EMData.GetStatus (§6.2), Wh: per phase with its prefix, and the totals.
const NumberField EmDataPhaseFields[] = {
	{"total_act_energy", Q::EnergyForwardKWh, WhToKWh, Need::Required},
	{"total_act_ret_energy", Q::EnergyReverseKWh, WhToKWh, Need::Required},
};
const NumberField EmDataTotalFields[] = {
	{"total_act", Q::EnergyForwardKWh, WhToKWh, Need::Required},
	{"total_act_ret", Q::EnergyReverseKWh, WhToKWh, Need::Required},
};

// EM1.GetStatus and EM1Data.GetStatus (§6.2): one channel.
const NumberField Em1Fields[] = {
	{"act_power", Q::PowerW, 1, Need::Required},
	{"voltage", Q::VoltageV, 1, Need::Required},
	{"current", Q::CurrentA, 1, Need::Required},
	{"pf", Q::PowerFactor, 1, Need::Optional},
	{"freq", Q::FrequencyHz, 1, Need::Optional},
};
const NumberField Em1DataFields[] = {
	{"total_act_energy", Q::EnergyForwardKWh, WhToKWh, Need::Required},
	{"total_act_ret_energy", Q::EnergyReverseKWh, WhToKWh, Need::Required},
};

const char *const PhasePrefixes[] = {"a_", "b_", "c_"};

// Product names by gen1 type and gen2 app (devices.md §6; the JSON of /shelly as the devices send it).
struct ProductName
{
	const char *id;
	const char *name;
};
const ProductName Gen1Products[] = {{"SHEM", "Shelly EM"}, {"SHEM-3", "Shelly 3EM"}};
const ProductName Gen2Products[] = {{"Pro3EM", "Shelly Pro 3EM"}, {"ProEM", "Shelly Pro EM"}};

template <size_t N>
QString productName(const ProductName (&table)[N], const QString &id)
{
	for (const ProductName &p : table) {
		if (id == QLatin1String(p.id))
			return QLatin1String(p.name);
	}
	return QStringLiteral("Shelly ") + id;
}

// Reads `fields` (each key behind `prefix`) into phase `phase` of the reading.
template <size_t N>
void readFields(JsonReader &json, const NumberField (&fields)[N], const char *prefix, int phase, ShellyReading *reading)
{
	for (const NumberField &f : fields) {
		const QByteArray key = QByteArray(prefix) + f.key;
		const std::optional<double> v =
			f.need == Need::Required ? json.number(QLatin1String(key)) : json.optionalNumber(QLatin1String(key));
		reading->values[size_t(phase)][size_t(f.quantity)] = v ? QVariant(*v * f.factor) : QVariant();
	}
}

// Meter-wide sums of the phases' power and energies, for meters that give no totals of their own (gen1 3EM).
void sumPhases(ShellyReading *reading)
{
	for (Q q : {Q::PowerW, Q::EnergyForwardKWh, Q::EnergyReverseKWh}) {
		double sum = 0;
		for (int phase = 1; phase <= reading->phaseCount; ++phase)
			sum += reading->value(phase, q).toDouble();
		reading->values[0][size_t(q)] = sum;
	}
}

bool finish(const JsonReader &json, QString *error)
{
	if (!json.ok())
		*error = json.error();
	return json.ok();
}

} // namespace

std::optional<ShellyDeviceInfo> ShellyApi::decodeDeviceInfo(const QByteArray &body, QString *error)
{
	JsonReader json = JsonReader::parse(body);
	ShellyDeviceInfo info;
	if (json.has(QLatin1String("gen"))) { // gen2 and later (Shelly.GetDeviceInfo)
		const std::optional<double> gen = json.number(QLatin1String("gen"));
		const std::optional<QString> app = json.string(QLatin1String("app"));
		const std::optional<QString> mac = json.string(QLatin1String("mac"));
		const std::optional<QString> version = json.optionalString(QLatin1String("ver"));
		const std::optional<QString> profile = json.optionalString(QLatin1String("profile"));
		const std::optional<bool> auth = json.optionalBoolean(QLatin1String("auth_en"));
		if (gen && *gen < 2)
			json.fail(QStringLiteral("field 'gen' is %1, expected 2 or more").arg(*gen));
		if (!finish(json, error))
			return std::nullopt;
		info.generation = int(*gen);
		info.productName = productName(Gen2Products, *app);
		info.serial = *mac;
		info.firmwareVersion = version.value_or(QString());
		info.authEnabled = auth.value_or(false);
		// Pro 3EM firmware before 1.1.0 has no profiles and is three-phase only (SHD Pro 3EM page).
		if (profile == QLatin1String("triphase") || (!profile && *app == QLatin1String("Pro3EM"))) {
			info.layout = ShellyDeviceInfo::Layout::Gen2Em;
		} else if (!profile || *profile == QLatin1String("monophase")) {
			info.layout = ShellyDeviceInfo::Layout::Gen2Em1;
		} else {
			*error = QStringLiteral("not a Shelly energy meter: %1 in profile '%2'").arg(info.productName, *profile);
			return std::nullopt;
		}
		return info;
	}
	// gen1 (devices.md §6.1): no "gen"; "type" names the model.
	const std::optional<QString> type = json.string(QLatin1String("type"));
	const std::optional<QString> mac = json.string(QLatin1String("mac"));
	const std::optional<double> meters = json.optionalNumber(QLatin1String("num_emeters"));
	const std::optional<QString> fw = json.optionalString(QLatin1String("fw"));
	const std::optional<bool> auth = json.optionalBoolean(QLatin1String("auth"));
	if (!finish(json, error))
		return std::nullopt;
	info.productName = productName(Gen1Products, *type);
	if (!meters || *meters < 1 || *meters > AcMeterModel::MaxPhases) {
		*error = QStringLiteral("not a Shelly energy meter: type '%1' has no emeters").arg(*type);
		return std::nullopt;
	}
	info.meters = int(*meters);
	info.serial = *mac;
	info.firmwareVersion = fw.value_or(QString());
	info.authEnabled = auth.value_or(false);
	return info;
}

std::optional<int> ShellyApi::resolveChannel(
	const ShellyDeviceInfo &info, std::optional<int> configured, QString *error)
{
	if (info.generation >= 2 && info.authEnabled) {
		*error = QStringLiteral("authentication is enabled on this %1: gen2 devices want HTTP Digest with SHA-256, "
								"which pvrouter cannot answer (Qt 6.4 does MD5 digest only); disable it in the "
								"device's settings")
					 .arg(info.productName);
		return std::nullopt;
	}
	if (info.isThreePhase()) {
		if (configured) {
			*error = QStringLiteral("key 'channel' does not apply to the %1: it is a three-phase meter")
						 .arg(info.productName);
			return std::nullopt;
		}
		return AllPhases;
	}
	const int channel = configured.value_or(0);
	if (info.layout == ShellyDeviceInfo::Layout::Gen1Emeters && channel >= info.meters) {
		*error = QStringLiteral("channel %1 does not exist: the %2 has channels 0 to %3")
					 .arg(channel)
					 .arg(info.productName)
					 .arg(info.meters - 1);
		return std::nullopt;
	}
	return channel; // a gen2 channel that does not exist: the device refuses the status request
}

QString ShellyApi::statusPath(const ShellyDeviceInfo &info, int channel)
{
	switch (info.layout) {
	case ShellyDeviceInfo::Layout::Gen2Em:
		return QStringLiteral("/rpc/EM.GetStatus?id=0");
	case ShellyDeviceInfo::Layout::Gen2Em1:
		return QStringLiteral("/rpc/EM1.GetStatus?id=%1").arg(channel);
	case ShellyDeviceInfo::Layout::Gen1Emeters:
		break;
	}
	return QStringLiteral("/status");
}

QString ShellyApi::energyPath(const ShellyDeviceInfo &info, int channel)
{
	switch (info.layout) {
	case ShellyDeviceInfo::Layout::Gen2Em:
		return QStringLiteral("/rpc/EMData.GetStatus?id=0");
	case ShellyDeviceInfo::Layout::Gen2Em1:
		return QStringLiteral("/rpc/EM1Data.GetStatus?id=%1").arg(channel);
	case ShellyDeviceInfo::Layout::Gen1Emeters:
		break;
	}
	return QString(); // the gen1 status has the counters
}

bool ShellyApi::decodeGen1Status(
	const QByteArray &body, const ShellyDeviceInfo &info, int channel, ShellyReading *reading, QString *error)
{
	JsonReader json = JsonReader::parse(body);
	const std::optional<int> size = json.arraySize(QLatin1String("emeters"));
	if (size && *size < info.meters)
		json.fail(QStringLiteral("field 'emeters' has %1 elements, expected %2").arg(*size).arg(info.meters));
	const bool allPhases = channel == AllPhases;
	reading->phaseCount = allPhases ? info.meters : 1;
	for (int i = allPhases ? 0 : channel; i < (allPhases ? info.meters : channel + 1) && json.ok(); ++i) {
		JsonReader meter = json.arrayObject(QLatin1String("emeters"), i);
		const int phase = allPhases ? i + 1 : 0;
		readFields(meter, Gen1EmeterFields, "", phase, reading);
		// The meter's own check of its readings: a poll of values it disowns has failed.
		const std::optional<bool> valid = meter.boolean(QLatin1String("is_valid"));
		if (valid && !*valid)
			meter.fail(QStringLiteral("%1 is false: the meter disowns its readings")
						   .arg(meter.describe(QLatin1String("is_valid"))));
	}
	if (allPhases && json.ok())
		sumPhases(reading);
	return finish(json, error);
}

bool ShellyApi::decodeEmStatus(const QByteArray &body, ShellyReading *reading, QString *error)
{
	JsonReader json = JsonReader::parse(body);
	reading->phaseCount = 3;
	for (int phase = 1; phase <= 3; ++phase)
		readFields(json, EmPhaseFields, PhasePrefixes[phase - 1], phase, reading);
	readFields(json, EmTotalFields, "", 0, reading);
	// One frequency for the meter: phase A's, as systemcalc shows one per grid.
	reading->values[0][size_t(Q::FrequencyHz)] = reading->value(1, Q::FrequencyHz);
	return finish(json, error);
}

bool ShellyApi::decodeEmData(const QByteArray &body, ShellyReading *reading, QString *error)
{
	JsonReader json = JsonReader::parse(body);
	for (int phase = 1; phase <= 3; ++phase)
		readFields(json, EmDataPhaseFields, PhasePrefixes[phase - 1], phase, reading);
	readFields(json, EmDataTotalFields, "", 0, reading);
	return finish(json, error);
}

bool ShellyApi::decodeEm1Status(const QByteArray &body, ShellyReading *reading, QString *error)
{
	JsonReader json = JsonReader::parse(body);
	reading->phaseCount = 1;
	readFields(json, Em1Fields, "", 0, reading);
	return finish(json, error);
}

bool ShellyApi::decodeEm1Data(const QByteArray &body, ShellyReading *reading, QString *error)
{
	JsonReader json = JsonReader::parse(body);
	readFields(json, Em1DataFields, "", 0, reading);
	return finish(json, error);
}

} // namespace pvrouter
