target_sources(pvrouter_core PRIVATE
	${CMAKE_CURRENT_LIST_DIR}/error_budget.cpp
	${CMAKE_CURRENT_LIST_DIR}/modbus_line.cpp
	${CMAKE_CURRENT_LIST_DIR}/register_map.cpp
	${CMAKE_CURRENT_LIST_DIR}/register_schedule.cpp
	${CMAKE_CURRENT_LIST_DIR}/request_queue.cpp
)
target_link_libraries(pvrouter_core PUBLIC Qt6::SerialBus Qt6::SerialPort)
