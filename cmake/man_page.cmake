# Writes the manual page of mnistseq-cli from the program's own --help
# texts (the tool's, then each command's), so that the two never disagree:
#
#   cmake -DCLI=<mnistseq-cli> -DOUT=<file.1> -DVERSION=<x.y.z> -P man_page.cmake
#
# Each help text keeps its layout (no-fill blocks): its first line is the
# synopsis, its first paragraph the description, and every "Heading:" line
# starts a subsection.
foreach(var CLI OUT VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "man_page.cmake: -D${var}=... is required")
  endif()
endforeach()

function(help_of out_var)
  execute_process(COMMAND "${CLI}" ${ARGN} --help RESULT_VARIABLE rc
                  OUTPUT_VARIABLE text ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "man_page.cmake: ${CLI} ${ARGN} --help failed: ${err}")
  endif()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

# roff text of one line: backslashes escaped, '-' as a hyphen-minus (so
# that options copy and paste), a leading '.' or "'" made literal.
function(roff_line out_var line)
  string(REPLACE "\\" "\\e" line "${line}")
  string(REPLACE "-" "\\-" line "${line}")
  if(line MATCHES "^[.']")
    set(line "\\&${line}")
  endif()
  set(${out_var} "${line}" PARENT_SCOPE)
endfunction()

# The roff of one help text under section `title`, without its usage
# lines (its first paragraph), which are appended to the list `synopsis`.
function(section out_var title text)
  string(REPLACE ";" "\\;" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(roff ".SH ${title}\n")
  set(block OFF)
  set(usage ON)
  foreach(line IN LISTS lines)
    if(usage)
      if(line STREQUAL "")
        set(usage OFF)
      else()
        string(REGEX REPLACE "^(usage:)? +" "" line "${line}")
        roff_line(escaped "${line}")
        list(APPEND synopsis "${escaped}")
      endif()
      continue()
    endif()
    if(line MATCHES "^([A-Z][A-Za-z ()-]*):$")
      if(block)
        string(APPEND roff ".fi\n")
      endif()
      roff_line(heading "${CMAKE_MATCH_1}")
      string(APPEND roff ".SS ${heading}\n.nf\n")
      set(block ON)
    elseif(line STREQUAL "")
      if(block)
        string(APPEND roff ".fi\n")
        set(block OFF)
      endif()
      string(APPEND roff ".PP\n")
    else()
      if(NOT block)
        string(APPEND roff ".nf\n")
        set(block ON)
      endif()
      roff_line(escaped "${line}")
      string(APPEND roff "${escaped}\n")
    endif()
  endforeach()
  if(block)
    string(APPEND roff ".fi\n")
  endif()
  set(${out_var} "${roff}" PARENT_SCOPE)
  set(synopsis "${synopsis}" PARENT_SCOPE)
endfunction()

set(synopsis "")
help_of(main)
help_of(dataset dataset)
help_of(preview preview)
help_of(info info)
section(main_roff "DESCRIPTION" "${main}")
section(dataset_roff "COMMAND: DATASET" "${dataset}")
section(preview_roff "COMMAND: PREVIEW" "${preview}")
section(info_roff "COMMAND: INFO" "${info}")

set(page ".TH MNISTSEQ\\-CLI 1 \"\" \"mnistseq ${VERSION}\" \"User Commands\"\n")
list(JOIN synopsis "\n" synopsis_lines)
string(APPEND page ".SH NAME\n"
  "mnistseq\\-cli \\- images of handwritten digit sequences made of MNIST digits\n"
  ".SH SYNOPSIS\n.nf\n${synopsis_lines}\n.fi\n"
  "${main_roff}${dataset_roff}${preview_roff}${info_roff}"
  ".SH SEE ALSO\n"
  "The library's README and its header mnistseq/mnistseq.h.\n")
file(WRITE "${OUT}.tmp" "${page}")
file(RENAME "${OUT}.tmp" "${OUT}")
