#include "logging.h"

Q_LOGGING_CATEGORY(lcApp, "pvrouter.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcVedbus, "pvrouter.vedbus", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSettings, "pvrouter.settings", QtInfoMsg)
