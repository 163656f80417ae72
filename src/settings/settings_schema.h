#pragma once

#include "setting_def.h"

#include <QList>

namespace pvrouter {

// Every localsettings path pvrouter owns. The daemon creates them all at start (the GUI cannot create
// settings, only bind to them), so this table is the one place a setting is declared.
const QList<SettingDef> &pvrouterSettings();

} // namespace pvrouter
