# install(): library, header, CLI, data, CMake package config, pkg-config.
include(CMakePackageConfigHelpers)

install(TARGETS mnistseq EXPORT mnistseqTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/mnistseq/mnistseq.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mnistseq)
if(TARGET mnistseq-cli)
  install(TARGETS mnistseq-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
if(MNISTSEQ_DATA_FILES)
  install(FILES ${MNISTSEQ_DATA_FILES} DESTINATION ${CMAKE_INSTALL_DATADIR}/mnistseq)
endif()

set(_mseq_cmakedir ${CMAKE_INSTALL_LIBDIR}/cmake/mnistseq)
install(EXPORT mnistseqTargets NAMESPACE mnistseq:: DESTINATION ${_mseq_cmakedir})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/mnistseqConfig.cmake.in
  ${PROJECT_BINARY_DIR}/mnistseqConfig.cmake INSTALL_DESTINATION ${_mseq_cmakedir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/mnistseqConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/mnistseqConfig.cmake
              ${PROJECT_BINARY_DIR}/mnistseqConfigVersion.cmake
  DESTINATION ${_mseq_cmakedir})

if(MNISTSEQ_BUILD_SHARED)
  set(MNISTSEQ_PC_PRIVATE_LIBS "")
else()
  set(MNISTSEQ_PC_PRIVATE_LIBS "-lpthread")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/mnistseq.pc.in
  ${PROJECT_BINARY_DIR}/mnistseq.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/mnistseq.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
