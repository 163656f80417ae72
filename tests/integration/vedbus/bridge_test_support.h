#pragma once

#include "settings/embedded_settings.h"
#include "vedbus/device_bridge.h"
#include "vedbus/ve_value.h"

#include <QDBusMessage>
#include <QObject>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <memory>

namespace pvrouter::bridgetest {

// What the bridge tests share: the embedded localsettings on the test's private bus, which gives the bridges
// their device instances, and a GX's view of a service, read by another connection.
class BridgeTest : public QObject
{
protected:
	// The devices' product and connection, the same for every identity the test builds.
	BridgeTest(const QString &productName, const QString &connection)
		: m_productName(productName), m_connection(connection)
	{}

	// Registers the settings on the bus, for the whole test case; false if the name never appears.
	bool startSettings()
	{
		m_settings = std::make_unique<EmbeddedSettings>(m_dir.filePath(QStringLiteral("settings.json")));
		QSignalSpy registered(m_settings.get(), &EmbeddedSettings::registered);
		m_settings->registerOn(m_bus);
		return registered.wait(5000);
	}

	// Calls a BusItem method on a path: its value, or the name of the D-Bus error.
	static QVariant get(const QString &service, const QString &path, const QString &method = QStringLiteral("GetValue"))
	{
		const QDBusMessage reply = QDBusConnection::sessionBus().call(
			QDBusMessage::createMethodCall(service, path, QStringLiteral("com.victronenergy.BusItem"), method),
			QDBus::BlockWithGui);
		if (reply.type() == QDBusMessage::ErrorMessage)
			return reply.errorName();
		return VeValue::fromDbus(reply.arguments().value(0));
	}

	DeviceBridge::Identity identity(const QString &uid, const QString &deviceClass) const
	{
		DeviceBridge::Identity id;
		id.uid = uid;
		id.deviceClass = deviceClass;
		id.productName = m_productName;
		id.connection = m_connection;
		return id;
	}

	const BusAddress m_bus = *BusAddress::parse(QStringLiteral("session"));

private:
	QString m_productName;
	QString m_connection;
	QTemporaryDir m_dir;
	std::unique_ptr<EmbeddedSettings> m_settings;
};

} // namespace pvrouter::bridgetest
