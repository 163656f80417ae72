target_sources(pvrouter_core PRIVATE
	${CMAKE_CURRENT_LIST_DIR}/ac_meter_model.cpp
	${CMAKE_CURRENT_LIST_DIR}/modbus_device.cpp
	${CMAKE_CURRENT_LIST_DIR}/drivers/pzem016.cpp
)
