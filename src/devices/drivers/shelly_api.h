#pragma once

#include "devices/ac_meter_model.h"

#include <QByteArray>
#include <QString>

#include <array>
#include <optional>

namespace pvrouter {

// What GET /shelly tells about a Shelly (gen1: type, mac, fw, num_emeters; gen2 and later: the answer of
// Shelly.GetDeviceInfo, with gen, app, profile, ver, auth_en), and so how its meter is read.
struct ShellyDeviceInfo
{
	enum class Layout {
		Gen1Emeters, // gen1 EM (2 channels) and 3EM (3 phases): GET /status, emeters[] (devices.md §6.1)
		Gen2Em,      // gen2+ three-phase (Pro 3EM, triphase profile): EM.GetStatus, EMData.GetStatus (§6.2)
		Gen2Em1,     // gen2+ channels (Pro EM; Pro 3EM in the monophase profile): EM1.GetStatus, EM1Data.GetStatus
	};

	int generation = 1;
	Layout layout = Layout::Gen1Emeters;
	int meters = 0; // gen1: num_emeters; 0 where /shelly does not say
	bool authEnabled = false;
	QString productName; // "Shelly 3EM", "Shelly Pro EM", ...
	QString serial;      // the MAC address, as Victron's Shelly drivers show it (devices.md §6.3)
	QString firmwareVersion;

	bool isThreePhase() const { return layout == Layout::Gen2Em || (layout == Layout::Gen1Emeters && meters == 3); }
};

// One poll's values, [phase][quantity] as in AcMeterModel: phase 0 holds the meter-wide values (for a
// single-channel reading, its only ones); invalid where the meter does not report a quantity.
struct ShellyReading
{
	int phaseCount = 1;
	std::array<std::array<QVariant, AcMeterModel::QuantityCount>, AcMeterModel::MaxPhases + 1> values;

	QVariant value(int phase, AcMeterModel::Quantity q) const { return values[size_t(phase)][size_t(q)]; }
};

// The Shelly energy meters' HTTP API as data (devices.md §6): which requests a poll makes, and the decoding of
// every answer with type checks. A field the meter must send that is missing or of the wrong type fails the
// decode with a message naming it; fields some models or firmware leave out are optional (missing or null:
// the quantity is invalid). Pure functions: the unit tests feed them recorded answers.
class ShellyApi
{
public:
	// Channel of a meter with independent channels, or AllPhases for a three-phase meter.
	static constexpr int AllPhases = -1;

	static std::optional<ShellyDeviceInfo> decodeDeviceInfo(const QByteArray &body, QString *error);
	// The channel to read: `configured` (0-based) on a meter with channels, 0 when not configured; AllPhases on a
	// three-phase meter, where configuring one is an error. Also refuses what pvrouter cannot read (gen2
	// authentication).
	static std::optional<int> resolveChannel(
		const ShellyDeviceInfo &info, std::optional<int> configured, QString *error);

	// The requests of one poll, in order: the status, then (gen2) the energy counters.
	static QString statusPath(const ShellyDeviceInfo &info, int channel);
	static QString energyPath(const ShellyDeviceInfo &info, int channel); // empty for gen1

	// GET /status of a gen1 meter: one channel, or the three phases (channel AllPhases).
	static bool decodeGen1Status(
		const QByteArray &body, const ShellyDeviceInfo &info, int channel, ShellyReading *reading, QString *error);
	// EM.GetStatus and EMData.GetStatus of a three-phase gen2 meter.
	static bool decodeEmStatus(const QByteArray &body, ShellyReading *reading, QString *error);
	static bool decodeEmData(const QByteArray &body, ShellyReading *reading, QString *error);
	// EM1.GetStatus and EM1Data.GetStatus of one channel of a gen2 meter.
	static bool decodeEm1Status(const QByteArray &body, ShellyReading *reading, QString *error);
	static bool decodeEm1Data(const QByteArray &body, ShellyReading *reading, QString *error);
};

} // namespace pvrouter
