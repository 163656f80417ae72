#pragma once

#include "devices/ac_meter.h"

namespace pvrouter {

// Peacefair PZEM-016: a single-phase AC meter on RS-485, 9600 8N1 (devices.md §2). It measures magnitudes
// only: power and energy have no direction, so as a grid meter it cannot tell import from export.
const AcMeterProfile &pzem016Profile();

} // namespace pvrouter
