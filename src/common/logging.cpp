#include "logging.h"

Q_LOGGING_CATEGORY(lcApp, "pvrouter.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcVedbus, "pvrouter.vedbus", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSettings, "pvrouter.settings", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSim, "pvrouter.sim", QtInfoMsg)
Q_LOGGING_CATEGORY(lcControl, "pvrouter.control", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHistory, "pvrouter.history", QtInfoMsg)
Q_LOGGING_CATEGORY(lcModbus, "pvrouter.modbus", QtInfoMsg)
Q_LOGGING_CATEGORY(lcModbusLowLevel, "pvrouter.modbus.lowlevel", QtWarningMsg)
Q_LOGGING_CATEGORY(lcHttp, "pvrouter.http", QtInfoMsg)
