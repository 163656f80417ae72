target_sources(pvrouter_core PRIVATE
	${CMAKE_CURRENT_LIST_DIR}/application.cpp
	${CMAKE_CURRENT_LIST_DIR}/command_line.cpp
	${CMAKE_CURRENT_LIST_DIR}/device_host.cpp
	${CMAKE_CURRENT_LIST_DIR}/device_config.cpp
	${CMAKE_CURRENT_LIST_DIR}/ini_file.cpp
	${CMAKE_CURRENT_LIST_DIR}/serial_probe.cpp
	${CMAKE_CURRENT_LIST_DIR}/unix_signals.cpp
)
target_link_libraries(pvrouter_core PUBLIC Qt6::SerialPort)
