#include "bus_address.h"

namespace pvrouter {

std::optional<BusAddress> BusAddress::parse(const QString &spec)
{
	if (spec == QLatin1String("system"))
		return BusAddress(Kind::System, spec);
	if (spec == QLatin1String("session"))
		return BusAddress(Kind::Session, spec);
	// A D-Bus address is transport:key=value[,key=value]; anything else is a typo, not an address.
	if (spec.contains(QLatin1Char(':')) && spec.contains(QLatin1Char('=')))
		return BusAddress(Kind::Address, spec);
	return std::nullopt;
}

QDBusConnection BusAddress::connect(const QString &connectionName) const
{
	switch (m_kind) {
	case Kind::System:
		return QDBusConnection::connectToBus(QDBusConnection::SystemBus, connectionName);
	case Kind::Session:
		return QDBusConnection::connectToBus(QDBusConnection::SessionBus, connectionName);
	case Kind::Address:
		break;
	}
	return QDBusConnection::connectToBus(m_spec, connectionName);
}

} // namespace pvrouter
