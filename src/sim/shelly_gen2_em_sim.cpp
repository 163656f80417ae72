#include "shelly_gen2_em_sim.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace pvrouter {

namespace {

QByteArray compact(const QJsonObject &object)
{
	return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

const char *const PhasePrefixes[] = {"a_", "b_", "c_"};

} // namespace

ShellyGen2EmSim::ShellyGen2EmSim(Model model, QObject *parent)
	: ShellySim(model == Model::Pro3Em ? 3 : 2,
		  model == Model::Pro3Em ? QStringLiteral("FCE8C0DBA900") : QStringLiteral("08F9E0E5A1B4"),
		  QStringLiteral("1.4.4"), parent),
	  m_model(model)
{
	m_server.setRealm(deviceId().toUtf8());
	m_server.addOpenPath("/rpc/Shelly.GetDeviceInfo");
	m_server.route("GET", "/shelly", [this](const SimHttpRequest &) { return deviceInfo(); });
	m_server.route("GET", "/rpc/Shelly.GetDeviceInfo", [this](const SimHttpRequest &) { return deviceInfo(); });
	m_server.route("GET", "/rpc/EM.GetStatus", [this](const SimHttpRequest &r) {
		return isTriphase() ? (requestedChannel(r) == 0 ? emStatus() : rpcError(-105, QStringLiteral("Bad id"), 404))
							: rpcError(404, QStringLiteral("No handler for EM.GetStatus"), 404);
	});
	m_server.route("GET", "/rpc/EMData.GetStatus", [this](const SimHttpRequest &r) {
		return isTriphase() ? (requestedChannel(r) == 0 ? emData() : rpcError(-105, QStringLiteral("Bad id"), 404))
							: rpcError(404, QStringLiteral("No handler for EMData.GetStatus"), 404);
	});
	m_server.route("GET", "/rpc/EM1.GetStatus", [this](const SimHttpRequest &r) { return em1Status(r); });
	m_server.route("GET", "/rpc/EM1Data.GetStatus", [this](const SimHttpRequest &r) { return em1Data(r); });
}

void ShellyGen2EmSim::setAuthEnabled(bool enabled)
{
	m_server.setAuth(enabled ? SimHttpAuth::Digest : SimHttpAuth::None);
}

QString ShellyGen2EmSim::deviceId() const
{
	return (m_model == Model::Pro3Em ? QStringLiteral("shellypro3em-") : QStringLiteral("shellyproem50-")) +
		mac().toLower();
}

// GET /shelly = Shelly.GetDeviceInfo (SHD "Shelly" service; the Pro 3EM's answer as devices send it).
SimHttpResponse ShellyGen2EmSim::deviceInfo() const
{
	const bool auth = m_server.auth() != SimHttpAuth::None;
	QJsonObject info{
		{QStringLiteral("name"), QJsonValue::Null},
		{QStringLiteral("id"), deviceId()},
		{QStringLiteral("mac"), mac()},
		{QStringLiteral("slot"), 1},
		{QStringLiteral("model"),
			m_model == Model::Pro3Em ? QStringLiteral("SPEM-003CEBEU") : QStringLiteral("SPEM-002CEBEU50")},
		{QStringLiteral("gen"), 2},
		{QStringLiteral("fw_id"), QStringLiteral("20241011-114455/%1-g6d2a586").arg(firmwareVersion())},
		{QStringLiteral("ver"), firmwareVersion()},
		{QStringLiteral("app"), m_model == Model::Pro3Em ? QStringLiteral("Pro3EM") : QStringLiteral("ProEM")},
		{QStringLiteral("auth_en"), auth},
		{QStringLiteral("auth_domain"), auth ? QJsonValue(deviceId()) : QJsonValue(QJsonValue::Null)},
	};
	if (m_model == Model::Pro3Em && m_profile != Profile::Legacy)
		info.insert(QStringLiteral("profile"),
			m_profile == Profile::Monophase ? QStringLiteral("monophase") : QStringLiteral("triphase"));
	return SimHttpResponse::json(compact(info));
}

// EM.GetStatus (devices.md §6.2): per phase a_/b_/c_ current, voltage, act_power, aprt_power, pf, freq; the
// neutral current null (no neutral clamp), the totals.
SimHttpResponse ShellyGen2EmSim::emStatus() const
{
	QJsonObject s{{QStringLiteral("id"), 0}};
	double totalCurrentA = 0, totalPowerW = 0, totalApparentVA = 0;
	for (int i = 0; i < 3; ++i) {
		const Channel &c = channel(i);
		const QString p = QLatin1String(PhasePrefixes[i]);
		const double apparentVA = std::round(std::abs(c.voltageV * c.currentA) * 10) / 10;
		s.insert(p + QStringLiteral("current"), c.currentA);
		s.insert(p + QStringLiteral("voltage"), c.voltageV);
		s.insert(p + QStringLiteral("act_power"), c.powerW);
		s.insert(p + QStringLiteral("aprt_power"), apparentVA);
		s.insert(p + QStringLiteral("pf"), c.powerFactor);
		s.insert(p + QStringLiteral("freq"), c.frequencyHz);
		totalCurrentA += c.currentA;
		totalPowerW += c.powerW;
		totalApparentVA += apparentVA;
	}
	s.insert(QStringLiteral("n_current"), QJsonValue::Null);
	s.insert(QStringLiteral("total_current"), totalCurrentA);
	s.insert(QStringLiteral("total_act_power"), totalPowerW);
	s.insert(QStringLiteral("total_aprt_power"), totalApparentVA);
	s.insert(QStringLiteral("user_calibrated_phase"), QJsonArray());
	return SimHttpResponse::json(compact(s));
}

// EMData.GetStatus (§6.2), Wh.
SimHttpResponse ShellyGen2EmSim::emData() const
{
	QJsonObject s{{QStringLiteral("id"), 0}};
	double forwardWh = 0, reverseWh = 0;
	for (int i = 0; i < 3; ++i) {
		const Channel &c = channel(i);
		const QString p = QLatin1String(PhasePrefixes[i]);
		s.insert(p + QStringLiteral("total_act_energy"), c.energyForwardWh);
		s.insert(p + QStringLiteral("total_act_ret_energy"), c.energyReverseWh);
		forwardWh += c.energyForwardWh;
		reverseWh += c.energyReverseWh;
	}
	s.insert(QStringLiteral("total_act"), forwardWh);
	s.insert(QStringLiteral("total_act_ret"), reverseWh);
	return SimHttpResponse::json(compact(s));
}

// EM1.GetStatus (§6.2): one channel.
SimHttpResponse ShellyGen2EmSim::em1Status(const SimHttpRequest &request) const
{
	if (isTriphase())
		return rpcError(404, QStringLiteral("No handler for EM1.GetStatus"), 404);
	const int id = requestedChannel(request);
	if (id < 0)
		return rpcError(-105, QStringLiteral("Bad id=%1").arg(request.query.queryItemValue(QStringLiteral("id"))), 404);
	const Channel &c = channel(id);
	const QJsonObject s{
		{QStringLiteral("id"), id},
		{QStringLiteral("current"), c.currentA},
		{QStringLiteral("voltage"), c.voltageV},
		{QStringLiteral("act_power"), c.powerW},
		{QStringLiteral("aprt_power"), std::round(std::abs(c.voltageV * c.currentA) * 10) / 10},
		{QStringLiteral("pf"), c.powerFactor},
		{QStringLiteral("freq"), c.frequencyHz},
		{QStringLiteral("calibration"), QStringLiteral("factory")},
	};
	return SimHttpResponse::json(compact(s));
}

// EM1Data.GetStatus (§6.2), Wh.
SimHttpResponse ShellyGen2EmSim::em1Data(const SimHttpRequest &request) const
{
	if (isTriphase())
		return rpcError(404, QStringLiteral("No handler for EM1Data.GetStatus"), 404);
	const int id = requestedChannel(request);
	if (id < 0)
		return rpcError(-105, QStringLiteral("Bad id=%1").arg(request.query.queryItemValue(QStringLiteral("id"))), 404);
	const Channel &c = channel(id);
	const QJsonObject s{
		{QStringLiteral("id"), id},
		{QStringLiteral("total_act_energy"), c.energyForwardWh},
		{QStringLiteral("total_act_ret_energy"), c.energyReverseWh},
	};
	return SimHttpResponse::json(compact(s));
}

// An RPC error as the body (SHD "Common errors": code and message). The HTTP status a device sends with it over
// GET is not documented; 404 is this simulator's choice, and the driver takes any status outside 2xx as failure.
SimHttpResponse ShellyGen2EmSim::rpcError(int code, const QString &message, int httpStatus)
{
	return SimHttpResponse::json(
		compact(QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}), httpStatus);
}

} // namespace pvrouter
