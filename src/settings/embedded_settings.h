#pragma once

#include "setting_def.h"
#include "vedbus/ve_service.h"

#include <QHash>
#include <QObject>

namespace pvrouter {

// A stand-in for Victron's localsettings (com.victronenergy.settings) where none runs, e.g. on a desktop.
// It implements what pvrouter and the GX GUI use, with localsettings' semantics (victron-dbus.md §2):
// AddSetting, AddSettings, RemoveSettings on com.victronenergy.Settings; GetValue, SetValue, GetText,
// GetMin, GetMax, GetDefault and GetItems on com.victronenergy.BusItem; PropertiesChanged on every change
// and never ItemsChanged; SetValue converts to the setting's type and answers -1 when it cannot or when the
// value is out of range; device instances (/Settings/Devices/<uid>/ClassAndVrmInstance) are kept unique.
//
// Settings persist in a JSON file, rewritten atomically after every change. A file that cannot be read is
// moved aside with a warning and the stand-in starts empty.
class EmbeddedSettings : public QObject
{
	Q_OBJECT
public:
	explicit EmbeddedSettings(const QString &filePath, QObject *parent = nullptr);
	~EmbeddedSettings() override;

	void registerOn(const BusAddress &bus);
	QVariant value(const QString &path) const { return m_service.value(path); }

	// AddSetting error codes, as localsettings answers them.
	enum Error : int {
		NoError = 0,
		UnderscorePrefix = -2,
		UnknownType = -3,
		InvalidPath = -4,
		TypeDiffer = -5,
		InvalidDefault = -6,
		DefaultOutOfRange = -7,
		IsGroup = -8,
		NotInSettings = -9,
	};

Q_SIGNALS:
	void registered();
	void registrationFailed(const QString &error);

private:
	struct Attributes
	{
		SettingType type;
		bool silent;
	};

	bool onMethod(const QDBusMessage &message, const QDBusConnection &bus);
	int onSetValue(const QString &path, const QVariant &value);
	// SetValue's checks and conversion; `announce` logs the change (not when loading the file).
	int store(const QString &path, const QVariant &value, bool announce);
	int addSetting(const QString &path, const QVariant &defaultValue, SettingType type, const QVariant &min,
		const QVariant &max, bool silent);
	QVariantMap addFromEntry(const QString &group, const QVariantMap &entry);
	int removeSetting(const QString &path);
	// For ClassAndVrmInstance: `wanted` if no other device holds it, else the next free instance of its class.
	QString freeInstance(const QString &path, const QString &wanted) const;
	void load();
	void scheduleSave();
	void save();

	VeService m_service;
	QHash<QString, Attributes> m_attributes;
	QString m_file;
	bool m_saveQueued = false;
};

} // namespace pvrouter
