#pragma once

#include <QLoggingCategory>

// One category per module; switch them with QT_LOGGING_RULES, e.g.
// QT_LOGGING_RULES="pvrouter.vedbus.debug=true". The README lists them all.
Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcVedbus)
Q_DECLARE_LOGGING_CATEGORY(lcSettings)
Q_DECLARE_LOGGING_CATEGORY(lcSim)
Q_DECLARE_LOGGING_CATEGORY(lcControl)
Q_DECLARE_LOGGING_CATEGORY(lcHistory)
Q_DECLARE_LOGGING_CATEGORY(lcModbus)
Q_DECLARE_LOGGING_CATEGORY(lcModbusLowLevel) // every frame, in hex
Q_DECLARE_LOGGING_CATEGORY(lcHttp)           // HTTP devices (never credentials)
