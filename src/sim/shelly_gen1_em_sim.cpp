#include "shelly_gen1_em_sim.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace pvrouter {

ShellyGen1EmSim::ShellyGen1EmSim(Model model, QObject *parent)
	: ShellySim(model == Model::Em3 ? 3 : 2,
		  model == Model::Em3 ? QStringLiteral("C45BBE6A3E01") : QStringLiteral("A4CF12B9F355"),
		  QStringLiteral("20230913-114150/v1.14.0-gcb84623"), parent),
	  m_model(model)
{
	m_server.setRealm(model == Model::Em3 ? "shellyem3" : "shellyem");
	m_server.route("GET", "/shelly", [this](const SimHttpRequest &) { return deviceInfo(); });
	m_server.route("GET", "/status", [this](const SimHttpRequest &) { return status(); });
	for (int i = 0; i < channelCount(); ++i) {
		m_server.route("GET", "/emeter/" + QByteArray::number(i), [this, i](const SimHttpRequest &) {
			return SimHttpResponse::json(QJsonDocument(emeter(i)).toJson(QJsonDocument::Compact));
		});
	}
}

void ShellyGen1EmSim::setCredentials(const QString &username, const QString &password)
{
	m_server.setAuth(username.isEmpty() ? SimHttpAuth::None : SimHttpAuth::Basic);
	m_server.setCredentials(username, password);
}

SimHttpResponse ShellyGen1EmSim::deviceInfo() const
{
	const QJsonObject info{
		{QStringLiteral("type"), m_model == Model::Em3 ? QStringLiteral("SHEM-3") : QStringLiteral("SHEM")},
		{QStringLiteral("mac"), mac()},
		{QStringLiteral("auth"), m_server.auth() != SimHttpAuth::None},
		{QStringLiteral("fw"), firmwareVersion()},
		{QStringLiteral("longid"), 1},
		{QStringLiteral("num_outputs"), 1},
		{QStringLiteral("num_meters"), 0},
		{QStringLiteral("num_emeters"), channelCount()},
	};
	return SimHttpResponse::json(QJsonDocument(info).toJson(QJsonDocument::Compact));
}

// devices.md §6.1: the EM reports reactive power; the 3EM current and power factor. total and total_returned
// are Wh.
QJsonObject ShellyGen1EmSim::emeter(int index) const
{
	const Channel &c = channel(index);
	QJsonObject e{
		{QStringLiteral("power"), c.powerW},
		{QStringLiteral("voltage"), c.voltageV},
		{QStringLiteral("is_valid"), true},
		{QStringLiteral("total"), c.energyForwardWh},
		{QStringLiteral("total_returned"), c.energyReverseWh},
	};
	if (m_model == Model::Em3) {
		e.insert(QStringLiteral("pf"), c.powerFactor);
		e.insert(QStringLiteral("current"), c.currentA);
	} else {
		const double pf = std::clamp(std::abs(c.powerFactor), 0.01, 1.0);
		e.insert(QStringLiteral("reactive"), std::round(std::abs(c.powerW) * std::tan(std::acos(pf)) * 100) / 100);
	}
	return e;
}

SimHttpResponse ShellyGen1EmSim::status() const
{
	QJsonArray emeters;
	double totalPowerW = 0;
	for (int i = 0; i < channelCount(); ++i) {
		emeters.append(emeter(i));
		totalPowerW += channel(i).powerW;
	}
	QJsonObject status{
		{QStringLiteral("emeters"), emeters},
		{QStringLiteral("mac"), mac()},
		{QStringLiteral("has_update"), false},
		{QStringLiteral("uptime"), 86400},
	};
	if (m_model == Model::Em3)
		status.insert(QStringLiteral("total_power"), totalPowerW);
	return SimHttpResponse::json(QJsonDocument(status).toJson(QJsonDocument::Compact));
}

} // namespace pvrouter
