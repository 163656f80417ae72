# Modbus transport and register maps (issue 3)
