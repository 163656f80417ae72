#include "atomic_file.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace pvrouter {

namespace {

QString failure(const QString &step, const QString &file)
{
	return QStringLiteral("%1 %2: %3").arg(step, file, QString::fromLocal8Bit(std::strerror(errno)));
}

bool writeAll(int fd, const QByteArray &data)
{
	qsizetype done = 0;
	while (done < data.size()) {
		const ssize_t n = ::write(fd, data.constData() + done, size_t(data.size() - done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		done += n;
	}
	return true;
}

} // namespace

QString writeFileAtomically(const QString &path, const QByteArray &data)
{
	const QByteArray target = QFile::encodeName(path);
	const QByteArray temp = target + ".tmp";
	const QString tempName = QFile::decodeName(temp);

	const int fd = ::open(temp.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return failure(QStringLiteral("cannot create"), tempName);
	const bool written = writeAll(fd, data) && ::fsync(fd) == 0;
	const QString writeError = written ? QString() : failure(QStringLiteral("cannot write"), tempName);
	::close(fd);
	if (!written) {
		::unlink(temp.constData());
		return writeError;
	}
	if (::rename(temp.constData(), target.constData()) != 0) {
		const QString error = failure(QStringLiteral("cannot rename to"), path);
		::unlink(temp.constData());
		return error;
	}
	// The rename itself lives in the directory; without this fsync it may be lost on power failure.
	const QByteArray dir = QFile::encodeName(QFileInfo(path).absolutePath());
	const int dirFd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirFd >= 0) {
		::fsync(dirFd);
		::close(dirFd);
	}
	return {};
}

QString moveAside(const QString &path)
{
	const QString aside = path + QStringLiteral(".corrupt-") +
		QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmssZ"));
	QFile::rename(path, aside);
	return aside;
}

} // namespace pvrouter
