#include "app/application.h"
#include "app/command_line.h"
#include "app/unix_signals.h"
#include "common/logging.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
	QCoreApplication app(argc, argv);
	QCoreApplication::setApplicationName(QStringLiteral("dbus-pvrouter"));
	QCoreApplication::setApplicationVersion(QStringLiteral(PVROUTER_VERSION));

	const pvrouter::CommandLine cmd = pvrouter::parseCommandLine(QCoreApplication::arguments());
	switch (cmd.action) {
	case pvrouter::CommandLine::Action::Help:
		std::fputs(qPrintable(cmd.text), stdout);
		return 0;
	case pvrouter::CommandLine::Action::Version:
		std::printf("dbus-pvrouter %s\n", PVROUTER_VERSION);
		return 0;
	case pvrouter::CommandLine::Action::Error:
		std::fprintf(stderr, "dbus-pvrouter: %s\nTry 'dbus-pvrouter --help'.\n", qPrintable(cmd.text));
		return 2;
	case pvrouter::CommandLine::Action::Run:
		break;
	}

	pvrouter::UnixSignals unixSignals;
	pvrouter::Application application(cmd.options);
	QObject::connect(&unixSignals, &pvrouter::UnixSignals::terminationRequested, &app, [](int signal) {
		qCInfo(lcApp) << "signal" << signal << "received, stopping";
		QCoreApplication::quit();
	});
	QObject::connect(&application, &pvrouter::Application::fatal, &app, [](const QString &message) {
		qCCritical(lcApp).noquote() << message;
		QCoreApplication::exit(1);
	});
	QMetaObject::invokeMethod(&application, &pvrouter::Application::start, Qt::QueuedConnection);
	return app.exec();
}
