# cmake -DIN=<abidw output> -DOUT=<file> -DPREFIX=<source dir>/ -P this
# Copies an abidw description with the source folder removed from the paths
# of its translation units, so the committed file names no machine's folders.
file(READ "${IN}" abi)
string(REPLACE "path='${PREFIX}" "path='" abi "${abi}")
if(abi MATCHES "path='/")
  message(FATAL_ERROR "${IN}: a translation unit lies outside ${PREFIX}")
endif()
file(WRITE "${OUT}" "${abi}")
