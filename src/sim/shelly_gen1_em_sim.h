#pragma once

#include "shelly_sim.h"

namespace pvrouter {

// A first-generation Shelly EM (two channels, type SHEM) or 3EM (three phases, type SHEM-3): GET /shelly,
// GET /status with emeters[] and GET /emeter/<i>, as devices.md §6.1 describes them. Optional HTTP Basic
// authentication on everything but /shelly, as gen1 devices do it.
class ShellyGen1EmSim : public ShellySim
{
	Q_OBJECT
public:
	enum class Model { Em, Em3 };

	explicit ShellyGen1EmSim(Model model, QObject *parent = nullptr);

	Model model() const { return m_model; }
	// Empty username: no authentication (the default).
	void setCredentials(const QString &username, const QString &password);

private:
	SimHttpResponse deviceInfo() const;
	SimHttpResponse status() const;
	QJsonObject emeter(int index) const;

	Model m_model;
};

} // namespace pvrouter
