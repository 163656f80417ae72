#include "embedded_settings.h"

#include "common/atomic_file.h"
#include "common/logging.h"
#include "vedbus/local_settings.h"
#include "vedbus/ve_value.h"

#include <QDBusArgument>
#include <QDBusMessage>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace pvrouter {

namespace {

const QString InstanceSuffix = QStringLiteral("/ClassAndVrmInstance");
const QString DevicesPrefix = QStringLiteral("/Settings/Devices/");
constexpr int FileVersion = 1;

QString joinPath(const QString &group, QString relative)
{
	while (relative.startsWith(QLatin1Char('/')))
		relative.remove(0, 1);
	if (relative.isEmpty())
		return group;
	return (group == QLatin1String("/") ? group : group + QLatin1Char('/')) + relative;
}

bool isValidPath(const QString &path)
{
	static const QRegularExpression re(QStringLiteral("^(/[A-Za-z0-9_]+)+$"));
	return re.match(path).hasMatch();
}

// min = max = 0 means "no limits" to localsettings.
bool hasLimits(const QVariant &min, const QVariant &max)
{
	return !(min.toDouble() == 0 && max.toDouble() == 0);
}

bool inRange(const QVariant &value, const QVariant &min, const QVariant &max, SettingType type)
{
	if (type == SettingType::String || !hasLimits(min, max))
		return true;
	return value.toDouble() >= min.toDouble() && value.toDouble() <= max.toDouble();
}

bool splitInstance(const QString &value, QString *cls, int *instance)
{
	const int colon = value.lastIndexOf(QLatin1Char(':'));
	bool ok = false;
	*cls = value.left(colon);
	*instance = value.mid(colon + 1).toInt(&ok);
	return colon > 0 && ok;
}

QString introspection()
{
	return QStringLiteral("  <interface name=\"com.victronenergy.Settings\">\n"
						  "    <method name=\"AddSetting\">\n"
						  "      <arg direction=\"in\" type=\"s\" name=\"group\"/>\n"
						  "      <arg direction=\"in\" type=\"s\" name=\"name\"/>\n"
						  "      <arg direction=\"in\" type=\"v\" name=\"defaultValue\"/>\n"
						  "      <arg direction=\"in\" type=\"s\" name=\"itemType\"/>\n"
						  "      <arg direction=\"in\" type=\"v\" name=\"minimum\"/>\n"
						  "      <arg direction=\"in\" type=\"v\" name=\"maximum\"/>\n"
						  "      <arg direction=\"out\" type=\"i\"/>\n"
						  "    </method>\n"
						  "    <method name=\"AddSettings\">\n"
						  "      <arg direction=\"in\" type=\"aa{sv}\" name=\"settings\"/>\n"
						  "      <arg direction=\"out\" type=\"aa{sv}\"/>\n"
						  "    </method>\n"
						  "    <method name=\"RemoveSettings\">\n"
						  "      <arg direction=\"in\" type=\"as\" name=\"settings\"/>\n"
						  "      <arg direction=\"out\" type=\"ai\"/>\n"
						  "    </method>\n"
						  "  </interface>\n");
}

} // namespace

EmbeddedSettings::EmbeddedSettings(const QString &filePath, QObject *parent)
	: QObject(parent), m_service(LocalSettings::Service), m_file(filePath)
{
	m_service.setItemsChangedEnabled(false);
	m_service.setMethodHandler(
		[this](const QDBusMessage &m, const QDBusConnection &bus) { return onMethod(m, bus); }, introspection());
	m_service.setSetValueHandler([this](const QString &path, const QVariant &v) { return onSetValue(path, v); });
	connect(&m_service, &VeService::registered, this, &EmbeddedSettings::registered);
	connect(&m_service, &VeService::registrationFailed, this, &EmbeddedSettings::registrationFailed);
	load();
}

EmbeddedSettings::~EmbeddedSettings()
{
	if (m_saveQueued)
		save();
}

void EmbeddedSettings::registerOn(const BusAddress &bus)
{
	m_service.registerOn(bus);
}

bool EmbeddedSettings::onMethod(const QDBusMessage &message, const QDBusConnection &bus)
{
	if (message.interface() != LocalSettings::Interface)
		return false;
	const QString member = message.member();
	const QVariantList args = message.arguments();
	const QString group = message.path();
	QVariant answer;
	if ((member == QLatin1String("AddSetting") || member == QLatin1String("AddSilentSetting")) && args.size() == 6) {
		SettingType type;
		const QString path = joinPath(joinPath(group, args.at(0).toString()), args.at(1).toString());
		answer = SettingTypes::fromLetter(args.at(3).toString(), &type)
			? addSetting(path, VeValue::fromDbus(args.at(2)), type, VeValue::fromDbus(args.at(4)),
				  VeValue::fromDbus(args.at(5)), member == QLatin1String("AddSilentSetting"))
			: int(UnknownType);
	} else if (member == QLatin1String("AddSettings") && args.size() == 1) {
		QDBusArgument results;
		results.beginArray(QMetaType::fromType<QVariantMap>());
		const QVariantList entries = VeValue::fromDbus(args.at(0)).toList();
		for (const QVariant &entry : entries)
			results << VeValue::toDbus(addFromEntry(group, entry.toMap())).toMap();
		results.endArray();
		answer = QVariant::fromValue(results);
	} else if (member == QLatin1String("RemoveSettings") && args.size() == 1) {
		QList<int> results;
		const QStringList paths = args.at(0).toStringList();
		for (const QString &relative : paths)
			results.append(removeSetting(joinPath(group, relative)));
		answer = QVariant::fromValue(results);
	}
	if (answer.isValid())
		bus.send(message.createReply(answer));
	else
		bus.send(message.createErrorReply(QDBusError::UnknownMethod,
			QStringLiteral("No method %1 with signature '%2'").arg(member, message.signature())));
	return true;
}

QVariantMap EmbeddedSettings::addFromEntry(const QString &group, const QVariantMap &entry)
{
	const QString relative = entry.value(QStringLiteral("path")).toString();
	const QString path = joinPath(group, relative);
	const QVariant def = entry.value(QStringLiteral("default"));
	// localsettings takes the type from the default's D-Bus type; a bool is not a setting type.
	int error = UnknownType;
	switch (def.typeId()) {
	case QMetaType::Int:
	case QMetaType::LongLong:
		error = addSetting(path, def, SettingType::Int, entry.value(QStringLiteral("min")),
			entry.value(QStringLiteral("max")), entry.value(QStringLiteral("silent")).toBool());
		break;
	case QMetaType::Double:
		error = addSetting(path, def, SettingType::Double, entry.value(QStringLiteral("min")),
			entry.value(QStringLiteral("max")), entry.value(QStringLiteral("silent")).toBool());
		break;
	case QMetaType::QString:
		error = addSetting(path, def, SettingType::String, {}, {}, entry.value(QStringLiteral("silent")).toBool());
		break;
	default:
		break;
	}
	QVariantMap result{{QStringLiteral("path"), relative}, {QStringLiteral("error"), error}};
	if (error == NoError)
		result.insert(QStringLiteral("value"), m_service.value(path));
	return result;
}

int EmbeddedSettings::addSetting(const QString &path, const QVariant &defaultValue, SettingType type,
	const QVariant &minValue, const QVariant &maxValue, bool silent)
{
	if (path.contains(QLatin1String("/_")))
		return UnderscorePrefix;
	if (!isValidPath(path))
		return InvalidPath;
	if (!path.startsWith(QLatin1String("/Settings/")))
		return NotInSettings;
	if (!m_service.hasPath(path) && m_service.isNode(path))
		return IsGroup;
	const QVariant def = SettingTypes::convert(defaultValue, type);
	if (!def.isValid())
		return InvalidDefault;
	const bool numeric = type != SettingType::String;
	const QVariant min = numeric ? SettingTypes::convert(minValue.isValid() ? minValue : 0, type) : QVariant(0);
	const QVariant max = numeric ? SettingTypes::convert(maxValue.isValid() ? maxValue : 0, type) : QVariant(0);
	if (!min.isValid() || !max.isValid())
		return InvalidDefault;
	if (!inRange(def, min, max, type))
		return DefaultOutOfRange;

	const auto existing = m_attributes.constFind(path);
	if (existing != m_attributes.cend() && existing->type != type)
		return TypeDiffer;
	QVariant initial = def;
	if (path.startsWith(DevicesPrefix) && path.endsWith(InstanceSuffix))
		initial = freeInstance(path, def.toString());
	VeItem &item = m_service.addPath(path, initial); // an existing setting keeps its value
	item.setRange(min, max).setDefault(def);
	m_attributes.insert(path, {type, silent});
	if (existing == m_attributes.cend())
		qCDebug(lcSettings) << "added" << path << "=" << item.value();
	scheduleSave();
	return NoError;
}

int EmbeddedSettings::onSetValue(const QString &path, const QVariant &value)
{
	return store(path, value, true);
}

int EmbeddedSettings::store(const QString &path, const QVariant &value, bool announce)
{
	const auto attributes = m_attributes.constFind(path);
	const VeItem *item = m_service.item(path);
	if (attributes == m_attributes.cend() || !item)
		return -1;
	QVariant v = SettingTypes::convert(value, attributes->type);
	if (!v.isValid() || !inRange(v, item->min(), item->max(), attributes->type))
		return -1;
	if (path.endsWith(InstanceSuffix) && path.startsWith(DevicesPrefix))
		v = freeInstance(path, v.toString());
	if (v.typeId() == item->value().typeId() && v == item->value())
		return 0;
	if (announce && !attributes->silent)
		qCInfo(lcSettings) << path << "changed to" << v;
	m_service.setValue(path, v);
	scheduleSave();
	return 0;
}

int EmbeddedSettings::removeSetting(const QString &path)
{
	if (!m_attributes.remove(path))
		return -1;
	m_service.setValue(path, {}); // consumers see it go invalid before it disappears
	m_service.flush();
	m_service.removePath(path);
	scheduleSave();
	return 0;
}

QString EmbeddedSettings::freeInstance(const QString &path, const QString &wanted) const
{
	QString cls;
	int instance = 0;
	if (!splitInstance(wanted, &cls, &instance))
		return wanted;
	QSet<int> taken;
	for (auto it = m_attributes.cbegin(); it != m_attributes.cend(); ++it) {
		QString otherCls;
		int other = 0;
		if (it.key() != path && it.key().startsWith(DevicesPrefix) && it.key().endsWith(InstanceSuffix) &&
			splitInstance(m_service.value(it.key()).toString(), &otherCls, &other) && otherCls == cls)
			taken.insert(other);
	}
	while (taken.contains(instance))
		++instance;
	return cls + QLatin1Char(':') + QString::number(instance);
}

void EmbeddedSettings::load()
{
	QFile file(m_file);
	if (!file.exists())
		return;
	QString problem;
	QJsonObject settings;
	if (!file.open(QIODevice::ReadOnly)) {
		problem = file.errorString();
	} else {
		QJsonParseError error;
		const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
		file.close();
		if (error.error != QJsonParseError::NoError)
			problem = QStringLiteral("%1 at offset %2").arg(error.errorString()).arg(error.offset);
		else if (!doc.isObject() || doc[QLatin1String("version")].toInt() != FileVersion ||
			!doc[QLatin1String("settings")].isObject())
			problem = QStringLiteral("not a pvrouter settings file of version %1").arg(FileVersion);
		else
			settings = doc[QLatin1String("settings")].toObject();
	}
	for (auto it = settings.constBegin(); problem.isEmpty() && it != settings.constEnd(); ++it) {
		const QJsonObject s = it.value().toObject();
		SettingType type;
		if (!SettingTypes::fromLetter(s[QLatin1String("type")].toString(), &type) ||
			addSetting(it.key(), s[QLatin1String("default")].toVariant(), type, s[QLatin1String("min")].toVariant(),
				s[QLatin1String("max")].toVariant(), s[QLatin1String("silent")].toBool()) != NoError ||
			store(it.key(), s[QLatin1String("value")].toVariant(), false) != 0)
			problem = QStringLiteral("setting %1 is invalid").arg(it.key());
	}
	if (problem.isEmpty()) {
		qCInfo(lcSettings) << "loaded" << settings.size() << "settings from" << m_file;
		m_saveQueued = false;
		return;
	}
	// Keep the broken file for inspection, start from defaults, and never fail the daemon over it.
	const QString aside = moveAside(m_file);
	qCWarning(lcSettings).noquote() << "cannot read" << m_file << "(" + problem + "); moved it to" << aside
									<< "and starting with default settings";
	for (const QString &path : m_attributes.keys())
		m_service.removePath(path);
	m_attributes.clear();
	m_saveQueued = false;
}

void EmbeddedSettings::scheduleSave()
{
	if (m_saveQueued)
		return;
	m_saveQueued = true;
	QMetaObject::invokeMethod(this, &EmbeddedSettings::save, Qt::QueuedConnection);
}

void EmbeddedSettings::save()
{
	if (!m_saveQueued)
		return;
	m_saveQueued = false;
	QJsonObject settings;
	for (auto it = m_attributes.cbegin(); it != m_attributes.cend(); ++it) {
		const VeItem *item = m_service.item(it.key());
		QJsonObject s{{QLatin1String("type"), SettingTypes::letter(it->type)},
			{QLatin1String("value"), QJsonValue::fromVariant(item->value())},
			{QLatin1String("default"), QJsonValue::fromVariant(item->defaultValue())}};
		if (it->type != SettingType::String) {
			s.insert(QLatin1String("min"), QJsonValue::fromVariant(item->min()));
			s.insert(QLatin1String("max"), QJsonValue::fromVariant(item->max()));
		}
		if (it->silent)
			s.insert(QLatin1String("silent"), true);
		settings.insert(it.key(), s);
	}
	const QJsonObject doc{{QLatin1String("version"), FileVersion}, {QLatin1String("settings"), settings}};
	QDir().mkpath(QFileInfo(m_file).absolutePath());
	const QString error = writeFileAtomically(m_file, QJsonDocument(doc).toJson());
	if (!error.isEmpty())
		qCWarning(lcSettings).noquote() << "cannot save settings:" << error;
}

} // namespace pvrouter
