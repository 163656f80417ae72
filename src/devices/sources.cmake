target_sources(pvrouter_core PRIVATE
	${CMAKE_CURRENT_LIST_DIR}/ac_meter.cpp
	${CMAKE_CURRENT_LIST_DIR}/ac_meter_model.cpp
	${CMAKE_CURRENT_LIST_DIR}/battery_model.cpp
	${CMAKE_CURRENT_LIST_DIR}/dc_meter_model.cpp
	${CMAKE_CURRENT_LIST_DIR}/drivers/growatt.cpp
	${CMAKE_CURRENT_LIST_DIR}/drivers/heizstab.cpp
	${CMAKE_CURRENT_LIST_DIR}/drivers/pzem016.cpp
	${CMAKE_CURRENT_LIST_DIR}/drivers/pzem017.cpp
	${CMAKE_CURRENT_LIST_DIR}/drivers/pzem_energy_reset.cpp
	${CMAKE_CURRENT_LIST_DIR}/drivers/sdm230.cpp
	${CMAKE_CURRENT_LIST_DIR}/heater_model.cpp
	${CMAKE_CURRENT_LIST_DIR}/measurement_model.cpp
	${CMAKE_CURRENT_LIST_DIR}/modbus_device.cpp
	${CMAKE_CURRENT_LIST_DIR}/pv_inverter_model.cpp
)
