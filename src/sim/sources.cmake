# Device simulators (issue 3): Modbus servers for tests, --simulate and benchmarks
target_sources(pvrouter_core PRIVATE
	${CMAKE_CURRENT_LIST_DIR}/ess_battery.cpp
	${CMAKE_CURRENT_LIST_DIR}/growatt_sim.cpp
	${CMAKE_CURRENT_LIST_DIR}/heizstab_sim.cpp
	${CMAKE_CURRENT_LIST_DIR}/house_load.cpp
	${CMAKE_CURRENT_LIST_DIR}/modbus_crc.cpp
	${CMAKE_CURRENT_LIST_DIR}/modbus_sim_bus.cpp
	${CMAKE_CURRENT_LIST_DIR}/plant.cpp
	${CMAKE_CURRENT_LIST_DIR}/pzem016_sim.cpp
	${CMAKE_CURRENT_LIST_DIR}/pzem017_sim.cpp
	${CMAKE_CURRENT_LIST_DIR}/pzem_sim.cpp
	${CMAKE_CURRENT_LIST_DIR}/sdm230_sim.cpp
	${CMAKE_CURRENT_LIST_DIR}/shelly_gen1_em_sim.cpp
	${CMAKE_CURRENT_LIST_DIR}/shelly_gen2_em_sim.cpp
	${CMAKE_CURRENT_LIST_DIR}/shelly_sim.cpp
	${CMAKE_CURRENT_LIST_DIR}/sim_http_server.cpp
	${CMAKE_CURRENT_LIST_DIR}/sim_mbap_framer.cpp
	${CMAKE_CURRENT_LIST_DIR}/sim_modbus_device.cpp
	${CMAKE_CURRENT_LIST_DIR}/sim_register_bank.cpp
	${CMAKE_CURRENT_LIST_DIR}/sim_rtu_framer.cpp
	${CMAKE_CURRENT_LIST_DIR}/simulation.cpp
	${CMAKE_CURRENT_LIST_DIR}/sun_model.cpp
	${CMAKE_CURRENT_LIST_DIR}/water_tank.cpp
)
target_link_libraries(pvrouter_core PUBLIC Qt6::Network Qt6::SerialPort)
