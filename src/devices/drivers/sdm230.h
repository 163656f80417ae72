#pragma once

#include "devices/ac_meter.h"

namespace pvrouter {

// Eastron SDM230-Modbus: a single-phase bidirectional meter, 9600 8N1, IEEE-754 floats high word first
// (devices.md §3). Power is positive on import (not stated by Eastron's documents; as the community drivers
// read it), which is the Venus grid convention.
const AcMeterProfile &sdm230Profile();

} // namespace pvrouter
