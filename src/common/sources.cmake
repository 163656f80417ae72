target_sources(pvrouter_core PRIVATE
	${CMAKE_CURRENT_LIST_DIR}/atomic_file.cpp
	${CMAKE_CURRENT_LIST_DIR}/control_clock.cpp
	${CMAKE_CURRENT_LIST_DIR}/logging.cpp
)
