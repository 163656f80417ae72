#include "shelly_meter.h"

namespace pvrouter {

namespace {
const QString DeviceInfoPath = QStringLiteral("/shelly");
}

ShellyMeter::ShellyMeter(HttpClient *client, const Options &options, std::optional<int> channel, QObject *parent)
	: HttpDevice(client, options, parent), m_configuredChannel(channel)
{}

void ShellyMeter::poll()
{
	if (!m_info) {
		get(DeviceInfoPath, [this](const HttpResult &r) { onDeviceInfo(r); });
		return;
	}
	readStatus();
}

void ShellyMeter::decodeFailed(const QString &path, const QString &error)
{
	const QString url = HttpClient::displayUrl(options().baseUrl.resolved(QUrl(path)));
	pollFailed(ErrorBudget::Outcome::ProtocolError, QStringLiteral("GET %1: %2").arg(url, error));
}

void ShellyMeter::onDeviceInfo(const HttpResult &result)
{
	if (!result.ok()) {
		pollFailed(result);
		return;
	}
	QString error;
	const std::optional<ShellyDeviceInfo> info = ShellyApi::decodeDeviceInfo(result.body, &error);
	const std::optional<int> channel =
		info ? ShellyApi::resolveChannel(*info, m_configuredChannel, &error) : std::nullopt;
	if (!info || !channel) {
		decodeFailed(DeviceInfoPath, error);
		return;
	}
	m_info = info;
	m_channel = *channel;
	m_model.setProductName(info->productName);
	m_model.setSerial(info->serial);
	m_model.setFirmwareVersion(info->firmwareVersion);
	readStatus();
}

void ShellyMeter::readStatus()
{
	m_reading = ShellyReading();
	get(ShellyApi::statusPath(*m_info, m_channel), [this](const HttpResult &r) { onStatus(r); });
}

void ShellyMeter::onStatus(const HttpResult &result)
{
	if (!result.ok()) {
		pollFailed(result);
		return;
	}
	QString error;
	bool ok = false;
	switch (m_info->layout) {
	case ShellyDeviceInfo::Layout::Gen1Emeters:
		ok = ShellyApi::decodeGen1Status(result.body, *m_info, m_channel, &m_reading, &error);
		break;
	case ShellyDeviceInfo::Layout::Gen2Em:
		ok = ShellyApi::decodeEmStatus(result.body, &m_reading, &error);
		break;
	case ShellyDeviceInfo::Layout::Gen2Em1:
		ok = ShellyApi::decodeEm1Status(result.body, &m_reading, &error);
		break;
	}
	if (!ok) {
		decodeFailed(ShellyApi::statusPath(*m_info, m_channel), error);
		return;
	}
	const QString energy = ShellyApi::energyPath(*m_info, m_channel);
	if (energy.isEmpty()) {
		publish();
		return;
	}
	get(energy, [this](const HttpResult &r) { onEnergy(r); });
}

void ShellyMeter::onEnergy(const HttpResult &result)
{
	if (!result.ok()) {
		pollFailed(result);
		return;
	}
	QString error;
	const bool ok = m_info->layout == ShellyDeviceInfo::Layout::Gen2Em
		? ShellyApi::decodeEmData(result.body, &m_reading, &error)
		: ShellyApi::decodeEm1Data(result.body, &m_reading, &error);
	if (!ok) {
		decodeFailed(ShellyApi::energyPath(*m_info, m_channel), error);
		return;
	}
	publish();
}

void ShellyMeter::publish()
{
	m_model.setPhaseCount(m_reading.phaseCount);
	for (int phase = 0; phase <= AcMeterModel::MaxPhases; ++phase) {
		for (int q = 0; q < AcMeterModel::QuantityCount; ++q)
			m_model.setValue(phase, AcMeterModel::Quantity(q), m_reading.values[size_t(phase)][size_t(q)]);
	}
	pollSucceeded();
}

void ShellyMeter::connectionChanged(bool connected)
{
	m_model.setConnected(connected);
	if (!connected)
		m_info.reset(); // identified again when it answers: it may be another device, or another firmware
}

} // namespace pvrouter
