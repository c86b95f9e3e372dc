# Checks the dynamic symbol table of libmnistseq against the public header:
#  - every defined dynamic symbol is an mseq_ name (the only other entry
#    allowed is the version node that mnistseq.map defines, which the linker
#    lists as an absolute symbol);
#  - every function the header declares (MSEQ_API ... mseq_name() is
#    exported, and nothing exported is missing from the header.
#
#   cmake -DNM=<nm> -DLIBRARY=<libmnistseq.so> -DHEADER=<mnistseq.h>
#         -DMAP=<mnistseq.map> -P check_exports.cmake
cmake_minimum_required(VERSION 3.25)

foreach(var NM LIBRARY HEADER MAP)
  if(NOT ${var})
    message(FATAL_ERROR "check_exports.cmake: -D${var}=... is required")
  endif()
endforeach()

execute_process(COMMAND "${NM}" -D --defined-only "${LIBRARY}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE nm_out ERROR_VARIABLE nm_err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} -D --defined-only ${LIBRARY} failed (${rc}): ${nm_err}")
endif()

# Version nodes of the map file: "NAME {" at the start of a line.
file(STRINGS "${MAP}" map_lines REGEX "^[A-Za-z_][A-Za-z0-9_.]*[ \t]*{")
set(nodes "")
foreach(line IN LISTS map_lines)
  string(REGEX MATCH "^[A-Za-z_][A-Za-z0-9_.]*" node "${line}")
  list(APPEND nodes "${node}")
endforeach()

string(REPLACE "\n" ";" nm_lines "${nm_out}")
set(exported "")
set(foreign "")
foreach(line IN LISTS nm_lines)
  if(line STREQUAL "")
    continue()
  endif()
  # "<address> <type> <name>[@[@]<version>]"
  if(NOT line MATCHES "^[0-9a-fA-F]* *([A-Za-z?]) ([^ @]+)(@.*)?$")
    message(FATAL_ERROR "unexpected ${NM} output line: '${line}'")
  endif()
  set(type "${CMAKE_MATCH_1}")
  set(name "${CMAKE_MATCH_2}")
  if(type STREQUAL "A" AND name IN_LIST nodes)
    continue()
  endif()
  if(name MATCHES "^mseq_")
    list(APPEND exported "${name}")
  else()
    list(APPEND foreign "${name} (${type})")
  endif()
endforeach()

file(STRINGS "${HEADER}" decl_lines REGEX "MSEQ_API .*[ *]mseq_[a-z0-9_]+\\(")
set(declared "")
foreach(line IN LISTS decl_lines)
  string(REGEX MATCH "mseq_[a-z0-9_]+\\(" name "${line}")
  string(REPLACE "(" "" name "${name}")
  list(APPEND declared "${name}")
endforeach()
if(NOT declared)
  message(FATAL_ERROR "no MSEQ_API function found in ${HEADER}")
endif()

set(missing "")
foreach(name IN LISTS declared)
  if(NOT name IN_LIST exported)
    list(APPEND missing "${name}")
  endif()
endforeach()
set(undeclared "")
foreach(name IN LISTS exported)
  if(NOT name IN_LIST declared)
    list(APPEND undeclared "${name}")
  endif()
endforeach()

set(problems "")
if(foreign)
  string(APPEND problems "\n  exported symbols without the mseq_ prefix: ${foreign}")
endif()
if(missing)
  string(APPEND problems "\n  declared in the header but not exported: ${missing}")
endif()
if(undeclared)
  string(APPEND problems "\n  exported but not declared in the header: ${undeclared}")
endif()
if(problems)
  message(FATAL_ERROR "${LIBRARY}:${problems}")
endif()
list(LENGTH declared n)
message(STATUS "${n} functions declared, all exported; no other symbols")
