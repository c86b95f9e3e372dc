# install(): library, header, CLI (with its manual page and bash completion),
# data, CMake package config, pkg-config.
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
  install(FILES ${MNISTSEQ_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${PROJECT_SOURCE_DIR}/cli/completion/mnistseq-cli.bash
    DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
    RENAME mnistseq-cli)
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
# The prefix relative to the .pc file's own folder, so that an install moved
# or made with `cmake --install --prefix` still gives the right paths.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(MNISTSEQ_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _mseq_pc_up "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
  string(REGEX REPLACE "/$" "" _mseq_pc_up "${_mseq_pc_up}")
  set(MNISTSEQ_PC_PREFIX "\${pcfiledir}/${_mseq_pc_up}")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/mnistseq.pc.in
  ${PROJECT_BINARY_DIR}/mnistseq.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/mnistseq.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
