#pragma once

#include <QList>
#include <QString>

namespace pvrouter {

// A parsed INI file that remembers where everything came from, so every complaint about it can name the
// file and line. Syntax: "[section]" headers, "key = value" lines, comments from ';' or '#' to the end of a
// line, blank lines. Keys before the first section, duplicate sections and duplicate keys are errors.
class IniFile
{
public:
	struct Entry
	{
		QString key;
		QString value;
		int line;
	};
	struct Section
	{
		QString name;
		int line;
		QList<Entry> entries;
	};

	// Returns false and sets `error` ("file:line: message") when the file cannot be read or parsed.
	bool load(const QString &fileName, QString *error);
	bool parse(const QString &fileName, const QByteArray &content, QString *error);

	const QString &fileName() const { return m_fileName; }
	const QList<Section> &sections() const { return m_sections; }
	// "file:line: message", for errors found while interpreting the content.
	QString where(int line, const QString &message) const;

private:
	QString m_fileName;
	QList<Section> m_sections;
};

} // namespace pvrouter
