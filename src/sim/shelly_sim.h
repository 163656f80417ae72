#pragma once

#include "sim_http_server.h"

#include <QObject>
#include <QString>

#include <chrono>
#include <vector>

namespace pvrouter {

// What the simulated Shelly energy meters share: a real HTTP server on loopback answering the device's JSON
// (devices.md §6), its measuring channels (the phases of a three-phase meter), fault injection through the
// server, and energy counters that follow the power as time passes (advance()). Power is signed as the meters
// report it: positive drawn from the grid, negative returned. Subclasses add the routes of their generation.
class ShellySim : public QObject
{
	Q_OBJECT
public:
	enum class Quantity { VoltageV, CurrentA, PowerW, PowerFactor, FrequencyHz, EnergyForwardWh, EnergyReverseWh };

	~ShellySim() override;

	bool listen(QString *error) { return m_server.listen(error); }
	quint16 port() const { return m_server.port(); }
	SimHttpServer &server() { return m_server; }

	int channelCount() const { return int(m_channels.size()); }
	// Channel 0..channelCount()-1; out of range: ignored (set) or 0 (get).
	void set(int channel, Quantity quantity, double value);
	double get(int channel, Quantity quantity) const;
	// Integrates every channel's power into its energy counters.
	void advance(std::chrono::milliseconds elapsed);

	QString mac() const { return m_mac; }
	void setFirmwareVersion(const QString &version) { m_firmwareVersion = version; }

protected:
	struct Channel
	{
		double voltageV = 230.0;
		double currentA = 0.0;
		double powerW = 0.0;
		double powerFactor = 1.0;
		double frequencyHz = 50.0;
		double energyForwardWh = 0.0;
		double energyReverseWh = 0.0;
	};

	ShellySim(int channels, const QString &mac, const QString &firmwareVersion, QObject *parent);

	const Channel &channel(int index) const { return m_channels[size_t(index)]; }
	QString firmwareVersion() const { return m_firmwareVersion; }
	// The channel a gen2 request names with ?id=N, or -1.
	int requestedChannel(const SimHttpRequest &request) const;

	SimHttpServer m_server;

private:
	std::vector<Channel> m_channels;
	QString m_mac;
	QString m_firmwareVersion;
};

} // namespace pvrouter
