#include "shelly_sim.h"

namespace pvrouter {

ShellySim::ShellySim(int channels, const QString &mac, const QString &firmwareVersion, QObject *parent)
	: QObject(parent), m_channels(size_t(channels)), m_mac(mac), m_firmwareVersion(firmwareVersion)
{
	// Every Shelly answers /shelly without authentication (devices.md §6; SHD "Authentication").
	m_server.addOpenPath("/shelly");
}

ShellySim::~ShellySim() = default;

void ShellySim::set(int channel, Quantity quantity, double value)
{
	if (channel < 0 || channel >= channelCount())
		return;
	Channel &c = m_channels[size_t(channel)];
	switch (quantity) {
	case Quantity::VoltageV:
		c.voltageV = value;
		break;
	case Quantity::CurrentA:
		c.currentA = value;
		break;
	case Quantity::PowerW:
		c.powerW = value;
		break;
	case Quantity::PowerFactor:
		c.powerFactor = value;
		break;
	case Quantity::FrequencyHz:
		c.frequencyHz = value;
		break;
	case Quantity::EnergyForwardWh:
		c.energyForwardWh = value;
		break;
	case Quantity::EnergyReverseWh:
		c.energyReverseWh = value;
		break;
	}
}

double ShellySim::get(int channel, Quantity quantity) const
{
	if (channel < 0 || channel >= channelCount())
		return 0;
	const Channel &c = m_channels[size_t(channel)];
	switch (quantity) {
	case Quantity::VoltageV:
		return c.voltageV;
	case Quantity::CurrentA:
		return c.currentA;
	case Quantity::PowerW:
		return c.powerW;
	case Quantity::PowerFactor:
		return c.powerFactor;
	case Quantity::FrequencyHz:
		return c.frequencyHz;
	case Quantity::EnergyForwardWh:
		return c.energyForwardWh;
	case Quantity::EnergyReverseWh:
		break;
	}
	return c.energyReverseWh;
}

void ShellySim::advance(std::chrono::milliseconds elapsed)
{
	const double hours = double(elapsed.count()) / 3.6e6;
	for (Channel &c : m_channels) {
		if (c.powerW >= 0)
			c.energyForwardWh += c.powerW * hours;
		else
			c.energyReverseWh -= c.powerW * hours;
	}
}

int ShellySim::requestedChannel(const SimHttpRequest &request) const
{
	bool ok = false;
	const int id = request.query.queryItemValue(QStringLiteral("id")).toInt(&ok);
	return ok && id >= 0 && id < channelCount() ? id : -1;
}

} // namespace pvrouter
