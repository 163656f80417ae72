# HTTP transport (issue 5): one shared QNetworkAccessManager, per-request deadlines, typed JSON reads
target_sources(pvrouter_core PRIVATE
	${CMAKE_CURRENT_LIST_DIR}/http_client.cpp
	${CMAKE_CURRENT_LIST_DIR}/json_reader.cpp
)
target_link_libraries(pvrouter_core PUBLIC Qt6::Network)
