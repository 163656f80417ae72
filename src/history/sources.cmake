# Energy history of the water heater (issue 6): hourly buckets, switches, level hours, persisted crash-safe
target_sources(pvrouter_core PRIVATE
	${CMAKE_CURRENT_LIST_DIR}/heater_history.cpp
	${CMAKE_CURRENT_LIST_DIR}/history_recorder.cpp
)
