# Control policies and the loop that runs them (issue 4): pure step functions, one timer in ControlLoop
target_sources(pvrouter_core PRIVATE
	${CMAKE_CURRENT_LIST_DIR}/control_inputs.cpp
	${CMAKE_CURRENT_LIST_DIR}/control_loop.cpp
	${CMAKE_CURRENT_LIST_DIR}/heater_control_model.cpp
	${CMAKE_CURRENT_LIST_DIR}/surplus_policy.cpp
)
