# Control policies and the loop that runs them (issue 4): pure step functions, one timer in ControlLoop
target_sources(pvrouter_core PRIVATE
	${CMAKE_CURRENT_LIST_DIR}/surplus_policy.cpp
)
