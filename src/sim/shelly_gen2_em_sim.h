#pragma once

#include "shelly_sim.h"

namespace pvrouter {

// A Shelly Pro EM (two channels: EM1, EM1Data) or Pro 3EM (three phases: EM, EMData; or, in the monophase
// profile, three EM1 channels), answering GET /shelly (Shelly.GetDeviceInfo) and the RPC methods over HTTP GET
// (/rpc/<Method>?id=N) with the fields devices.md §6.2 lists. With authentication on, every request but /shelly
// gets the Digest challenge of a real gen2 device.
class ShellyGen2EmSim : public ShellySim
{
	Q_OBJECT
public:
	enum class Model { ProEm, Pro3Em };
	// The Pro 3EM's profile (since firmware 1.1.0); Legacy: older firmware, three-phase without a profile field.
	enum class Profile { Triphase, Monophase, Legacy };

	explicit ShellyGen2EmSim(Model model, QObject *parent = nullptr);

	Model model() const { return m_model; }
	// Pro 3EM only.
	void setProfile(Profile profile) { m_profile = profile; }
	void setAuthEnabled(bool enabled);

private:
	bool isTriphase() const { return m_model == Model::Pro3Em && m_profile != Profile::Monophase; }
	QString deviceId() const;
	SimHttpResponse deviceInfo() const;
	SimHttpResponse emStatus() const;
	SimHttpResponse emData() const;
	SimHttpResponse em1Status(const SimHttpRequest &request) const;
	SimHttpResponse em1Data(const SimHttpRequest &request) const;
	static SimHttpResponse rpcError(int code, const QString &message, int httpStatus);

	Model m_model;
	Profile m_profile = Profile::Triphase;
};

} // namespace pvrouter
