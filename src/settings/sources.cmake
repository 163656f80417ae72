target_sources(pvrouter_core PRIVATE
	${CMAKE_CURRENT_LIST_DIR}/embedded_settings.cpp
	${CMAKE_CURRENT_LIST_DIR}/setting_def.cpp
	${CMAKE_CURRENT_LIST_DIR}/settings_client.cpp
	${CMAKE_CURRENT_LIST_DIR}/settings_schema.cpp
)
