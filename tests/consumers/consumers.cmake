# Steps of the consumer tests, run by ctest as `cmake -D... -P consumers.cmake`:
#
#   STEP=install     cmake --install BUILD_DIR into PREFIX (emptied first)
#   STEP=cmake       configure, build and run cmake_package/ against PREFIX
#                    (find_package(mnistseq CONFIG) via CMAKE_PREFIX_PATH)
#   STEP=pkg-config  compile pkg_config/main.c with the flags of
#                    `pkg-config --cflags --libs mnistseq` (PKG_CONFIG_PATH
#                    set to PREFIX) and run it
#   STEP=installed-data  run the app of STEP=cmake (in WORK_DIR) requiring
#                    that the default data be PREFIX/DATADIR/mnistseq
#   STEP=installed-cli  run PREFIX/BINDIR/mnistseq-cli in WORK_DIR (the
#                    quick start's 350 2 8 200), which must write 3-5-0.png
#   STEP=installed-man  render PREFIX/MANDIR/man1/mnistseq-cli.1 with groff
#                    (no warning) and find in it every line of the
#                    installed program's --help texts
#
# The programs run with MNISTSEQ_DATA and LD_LIBRARY_PATH unset: the
# installed library must be found through the run-time path the build gave
# them, and the default data without help.

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message(STATUS "$ ${ARGN}\n${out}${err}")
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${cmd}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
  set(run_error "${err}" PARENT_SCOPE)
endfunction()

foreach(var STEP PREFIX WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "consumers.cmake: -D${var}=... is required")
  endif()
endforeach()
set(data_dir "${PREFIX}/${DATADIR}/mnistseq")

if(STEP STREQUAL "install")
  file(REMOVE_RECURSE "${PREFIX}")
  run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}" --config "${CONFIG}")
  foreach(f include/mnistseq/mnistseq.h ${LIBDIR}/pkgconfig/mnistseq.pc
            ${LIBDIR}/cmake/mnistseq/mnistseqConfig.cmake)
    if(NOT EXISTS "${PREFIX}/${f}")
      message(FATAL_ERROR "the install lacks ${f}")
    endif()
  endforeach()
  if(EXISTS "${PREFIX}/${BINDIR}/mnistseq-cli")
    foreach(f ${MANDIR}/man1/mnistseq-cli.1
              ${DATADIR}/bash-completion/completions/mnistseq-cli)
      if(NOT EXISTS "${PREFIX}/${f}")
        message(FATAL_ERROR "the install lacks ${f}")
      endif()
    endforeach()
  endif()
  file(GLOB data "${data_dir}/*-ubyte" "${data_dir}/*-ubyte.gz")
  if(NOT data)
    message(FATAL_ERROR "the install has no data in ${data_dir}")
  endif()

elseif(STEP STREQUAL "cmake")
  file(REMOVE_RECURSE "${WORK_DIR}")
  run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}/cmake_package" -B "${WORK_DIR}"
      -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${PREFIX}"
      "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_BUILD_TYPE=${CONFIG}")
  run("${CMAKE_COMMAND}" --build "${WORK_DIR}" --config "${CONFIG}")
  # The CMake package gives the app a run-time path to PREFIX's library.
  run("${CMAKE_COMMAND}" -E env --unset=MNISTSEQ_DATA --unset=LD_LIBRARY_PATH
      "${WORK_DIR}/app")

elseif(STEP STREQUAL "installed-data")
  run("${CMAKE_COMMAND}" -E env --unset=MNISTSEQ_DATA --unset=LD_LIBRARY_PATH
      "${WORK_DIR}/app" "${data_dir}")

elseif(STEP STREQUAL "installed-cli")
  file(REMOVE_RECURSE "${WORK_DIR}")
  file(MAKE_DIRECTORY "${WORK_DIR}")
  run("${CMAKE_COMMAND}" -E chdir "${WORK_DIR}"
      "${CMAKE_COMMAND}" -E env --unset=MNISTSEQ_DATA --unset=LD_LIBRARY_PATH
      "${PREFIX}/${BINDIR}/mnistseq-cli" 350 2 8 200)
  file(SIZE "${WORK_DIR}/3-5-0.png" size)
  if(size LESS 100)
    message(FATAL_ERROR "the installed mnistseq-cli wrote ${size} bytes")
  endif()

elseif(STEP STREQUAL "installed-man")
  # The installed manual page renders without a warning and holds every
  # line of the installed program's --help texts.
  set(page "${PREFIX}/${MANDIR}/man1/mnistseq-cli.1")
  # Plain text: no overstriking (-P-bcou), lines long enough for any line.
  run("${GROFF}" -man -Tascii -ww -rLL=200n -P-bcou "${page}")
  if(NOT run_error STREQUAL "")
    message(FATAL_ERROR "groff warns about ${page}:\n${run_error}")
  endif()
  set(rendered "${run_output}")
  foreach(command "" dataset preview info)
    run("${CMAKE_COMMAND}" -E env --unset=MNISTSEQ_DATA
        "${PREFIX}/${BINDIR}/mnistseq-cli" ${command} --help)
    string(REPLACE ";" "\\;" help "${run_output}")
    string(REPLACE "\n" ";" lines "${help}")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^(usage:)? +" "" line "${line}")
      string(REGEX REPLACE ":$" "" line "${line}")
      string(FIND "${rendered}" "${line}" at)
      if(at EQUAL -1)
        message(FATAL_ERROR "the manual page lacks the line '${line}' of "
                            "'mnistseq-cli ${command} --help'")
      endif()
    endforeach()
  endforeach()

elseif(STEP STREQUAL "pkg-config")
  file(REMOVE_RECURSE "${WORK_DIR}")
  file(MAKE_DIRECTORY "${WORK_DIR}")
  set(ENV{PKG_CONFIG_PATH} "${PREFIX}/${LIBDIR}/pkgconfig")
  run("${PKG_CONFIG}" --modversion mnistseq)
  string(STRIP "${run_output}" version)
  if(NOT version STREQUAL VERSION)
    message(FATAL_ERROR "pkg-config says version ${version}, the build is ${VERSION}")
  endif()
  run("${PKG_CONFIG}" --cflags --libs mnistseq)
  separate_arguments(flags UNIX_COMMAND "${run_output}")
  run("${PKG_CONFIG}" --variable=libdir mnistseq)
  string(STRIP "${run_output}" libdir)
  run("${C_COMPILER}" -std=c99 -Wall -Wextra -pedantic -Werror
      "${SOURCE_DIR}/pkg_config/main.c" ${flags} "-Wl,-rpath,${libdir}"
      -o "${WORK_DIR}/app")
  run("${CMAKE_COMMAND}" -E env --unset=MNISTSEQ_DATA --unset=LD_LIBRARY_PATH
      "${WORK_DIR}/app")

else()
  message(FATAL_ERROR "consumers.cmake: unknown STEP ${STEP}")
endif()
