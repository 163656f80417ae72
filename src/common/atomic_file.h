#pragma once

#include <QByteArray>
#include <QString>

namespace pvrouter {

// Replaces `path` with `data` so that a crash or power cut at any moment leaves either the old or the new
// content, never a mix: write a temporary file beside it, fsync it, rename it over `path`, fsync the directory.
// Returns an empty string on success, else a message that names the file and the failing step.
QString writeFileAtomically(const QString &path, const QByteArray &data);

// Renames a file that cannot be read to `<path>.corrupt-<UTC time>`, kept for inspection; returns the new name.
QString moveAside(const QString &path);

} // namespace pvrouter
