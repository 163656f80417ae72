#pragma once

#include "devices/ac_meter_model.h"
#include "devices/http_device.h"
#include "shelly_api.h"

#include <optional>

namespace pvrouter {

// A Shelly energy meter over its local HTTP API (devices.md §6): the first poll asks /shelly what the device is
// (generation, three phases or channels, serial, firmware), every poll then reads the status and, on gen2, the
// energy counters (two requests in a row), decoded with type checks. The model shows the whole poll or, after
// two failed polls, nothing. A meter that comes back is identified again, since another device may answer there
// now. States (one request in flight at a time):
//
//   Identify --/shelly ok--> Status --ok, gen1--> done
//      ^                       |  \--ok, gen2--> Energy --ok--> done
//      |                       any failure ends the poll (two in a row: lost)
//      +-- lost ---------------+
class ShellyMeter : public HttpDevice
{
	Q_OBJECT
public:
	// `channel`: which channel of a meter with independent channels; empty for the default (0, or all phases
	// of a three-phase meter). `client` is not owned.
	ShellyMeter(HttpClient *client, const Options &options, std::optional<int> channel, QObject *parent = nullptr);

	AcMeterModel *model() { return &m_model; }
	// What /shelly said; empty until the meter has been identified (and again while it is lost).
	const std::optional<ShellyDeviceInfo> &deviceInfo() const { return m_info; }

protected:
	void poll() override;
	void connectionChanged(bool connected) override;

private:
	void onDeviceInfo(const HttpResult &result);
	void readStatus();
	void onStatus(const HttpResult &result);
	void onEnergy(const HttpResult &result);
	// Ends the poll with a decode error, naming the request.
	void decodeFailed(const QString &path, const QString &error);
	void publish();

	std::optional<int> m_configuredChannel;
	std::optional<ShellyDeviceInfo> m_info;
	int m_channel = 0;       // ShellyApi::AllPhases for a three-phase meter
	ShellyReading m_reading; // this poll's, published when it is whole
	AcMeterModel m_model;
};

} // namespace pvrouter
