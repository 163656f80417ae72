#pragma once

#include <QDBusMessage>
#include <QList>
#include <QString>
#include <QVariantMap>

namespace pvrouter::LocalSettings {

// Victron's localsettings, or our embedded stand-in under the same name.
inline const QString Service = QStringLiteral("com.victronenergy.settings");
inline const QString Interface = QStringLiteral("com.victronenergy.Settings");

// AddSettings on `group` ("/" takes absolute /Settings/... paths): each entry has path and default, and may
// have min, max and silent. localsettings takes each type from the default's D-Bus type.
QDBusMessage addSettingsCall(const QString &group, const QList<QVariantMap> &entries);

// The reply's [{path, error, value}] entries, unwrapped; empty for an error reply.
QList<QVariantMap> addSettingsResults(const QDBusMessage &reply);

} // namespace pvrouter::LocalSettings
