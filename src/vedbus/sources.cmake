target_sources(pvrouter_core PRIVATE
	${CMAKE_CURRENT_LIST_DIR}/ac_meter_bridge.cpp
	${CMAKE_CURRENT_LIST_DIR}/bus_address.cpp
	${CMAKE_CURRENT_LIST_DIR}/device_instance.cpp
	${CMAKE_CURRENT_LIST_DIR}/imported_item.cpp
	${CMAKE_CURRENT_LIST_DIR}/imported_service.cpp
	${CMAKE_CURRENT_LIST_DIR}/local_settings.cpp
	${CMAKE_CURRENT_LIST_DIR}/mandatory_paths.cpp
	${CMAKE_CURRENT_LIST_DIR}/text_format.cpp
	${CMAKE_CURRENT_LIST_DIR}/ve_import.cpp
	${CMAKE_CURRENT_LIST_DIR}/ve_item.cpp
	${CMAKE_CURRENT_LIST_DIR}/ve_service.cpp
	${CMAKE_CURRENT_LIST_DIR}/ve_value.cpp
)
