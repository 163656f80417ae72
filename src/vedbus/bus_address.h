#pragma once

#include <QDBusConnection>
#include <QString>

#include <optional>

namespace pvrouter {

// Which bus to use, as given on the command line: "system", "session" or a D-Bus address
// ("unix:path=/run/dbus/system_bus_socket").
class BusAddress
{
public:
	static std::optional<BusAddress> parse(const QString &spec);

	// Opens a new, private connection under `connectionName` (Qt reuses a connection of the same name, so
	// every exported service passes its own). Check isConnected() on the result.
	QDBusConnection connect(const QString &connectionName) const;
	QString toString() const { return m_spec; }

private:
	enum class Kind { System, Session, Address };
	BusAddress(Kind kind, const QString &spec) : m_kind(kind), m_spec(spec) {}

	Kind m_kind;
	QString m_spec;
};

} // namespace pvrouter
