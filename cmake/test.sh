#!/usr/bin/env bash
# Quick start on Debian 12, second command: install what the tests need
# (cmake/packages.sh), configure the build of cmake/bootstrap.sh with the
# tests, build them and run every test under ctest.
#
#   bash cmake/test.sh [extra ctest arguments]
#   bash cmake/test.sh --list-packages   # what it would install
#
# The build is ./build (BUILD_DIR overrides). With CI=true warnings are
# errors and the binding and lint toolchains are required.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
# shellcheck source=packages.sh
source "$root/cmake/packages.sh"
list_packages_if_asked "${1:-}" "${build_packages[@]}" "${test_packages[@]}"
install_packages "${build_packages[@]}" "${test_packages[@]}"

cmake_args=(-DCMAKE_BUILD_TYPE=Release -DMNISTSEQ_BUILD_TESTS=ON)
if [ "${CI:-}" = "true" ]; then
  cmake_args+=(-DMNISTSEQ_WERROR=ON -DMNISTSEQ_REQUIRE_BINDINGS=ON
               -DMNISTSEQ_REQUIRE_LINT=ON)
fi
cmake -S "$root" -B "$build" "${cmake_args[@]}"
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "$@"
