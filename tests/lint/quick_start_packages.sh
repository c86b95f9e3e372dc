#!/usr/bin/env bash
# The quick start's first command (cmake/bootstrap.sh) installs only what
# building the library and the CLI needs: none of the test packages that
# the second command (cmake/test.sh) installs, and in particular nothing
# heavy that only tests use. Read from the lists the scripts would install.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mapfile -t first < <(bash "$root/cmake/bootstrap.sh" --list-packages)
mapfile -t second < <(bash "$root/cmake/test.sh" --list-packages)
status=0
((${#first[@]} > 0)) || { echo "bootstrap.sh lists no package"; status=1; }
in_list() {
  local want=$1 p
  shift
  for p in "$@"; do [ "$p" = "$want" ] && return 0; done
  return 1
}
# Everything the first command installs, the second installs too.
for p in "${first[@]}"; do
  in_list "$p" "${second[@]}" || { echo "test.sh lacks $p"; status=1; }
done
# What only tests use: in the second list, never in the first.
for p in libgtest-dev libgmock-dev libbenchmark-dev python3-torch \
         python3-dask python3-pytest clang valgrind abigail-tools \
         clang-format cppcheck dataset-fashion-mnist groff-base; do
  in_list "$p" "${second[@]}" || { echo "test.sh does not install $p"; status=1; }
  if in_list "$p" "${first[@]}"; then
    echo "bootstrap.sh installs the test-only package $p"
    status=1
  fi
done
exit $status
