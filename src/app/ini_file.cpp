#include "ini_file.h"

#include <QFile>
#include <QRegularExpression>

namespace pvrouter {

QString IniFile::where(int line, const QString &message) const
{
	return QStringLiteral("%1:%2: %3").arg(m_fileName).arg(line).arg(message);
}

bool IniFile::load(const QString &fileName, QString *error)
{
	QFile file(fileName);
	if (!file.open(QIODevice::ReadOnly)) {
		*error = QStringLiteral("%1: %2").arg(fileName, file.errorString());
		return false;
	}
	return parse(fileName, file.readAll(), error);
}

bool IniFile::parse(const QString &fileName, const QByteArray &content, QString *error)
{
	m_fileName = fileName;
	m_sections.clear();
	const QStringList lines = QString::fromUtf8(content).split(QLatin1Char('\n'));
	for (int i = 0; i < lines.size(); ++i) {
		const int lineNo = i + 1;
		QString line = lines.at(i);
		const qsizetype comment = line.indexOf(QRegularExpression(QStringLiteral("[;#]")));
		if (comment >= 0)
			line.truncate(comment);
		line = line.trimmed();
		if (line.isEmpty())
			continue;
		if (line.startsWith(QLatin1Char('['))) {
			const QString name = line.mid(1, line.size() - 2).trimmed();
			if (!line.endsWith(QLatin1Char(']')) || name.isEmpty()) {
				*error = where(lineNo, QStringLiteral("malformed section header '%1'").arg(line));
				return false;
			}
			for (const Section &s : std::as_const(m_sections)) {
				if (s.name == name) {
					*error =
						where(lineNo, QStringLiteral("section [%1] already defined at line %2").arg(name).arg(s.line));
					return false;
				}
			}
			m_sections.append({name, lineNo, {}});
			continue;
		}
		const qsizetype eq = line.indexOf(QLatin1Char('='));
		const QString key = line.left(eq).trimmed();
		if (eq < 0 || key.isEmpty()) {
			*error = where(lineNo, QStringLiteral("expected 'key = value', got '%1'").arg(line));
			return false;
		}
		if (m_sections.isEmpty()) {
			*error = where(lineNo, QStringLiteral("key '%1' outside of any [section]").arg(key));
			return false;
		}
		Section &section = m_sections.last();
		for (const Entry &e : std::as_const(section.entries)) {
			if (e.key == key) {
				*error = where(lineNo, QStringLiteral("key '%1' already set at line %2").arg(key).arg(e.line));
				return false;
			}
		}
		section.entries.append({key, line.mid(eq + 1).trimmed(), lineNo});
	}
	return true;
}

} // namespace pvrouter
