target_sources(pvrouter_core PRIVATE
	${CMAKE_CURRENT_LIST_DIR}/error_budget.cpp
	${CMAKE_CURRENT_LIST_DIR}/register_map.cpp
	${CMAKE_CURRENT_LIST_DIR}/register_schedule.cpp
)
