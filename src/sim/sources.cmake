# Device simulators (issue 3)
