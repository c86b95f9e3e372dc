#!/usr/bin/env bash
# Quick start on Debian 12, first command: install what building needs
# (cmake/packages.sh: no test package), configure, build the library and
# the CLI, and write 3-5-0.png with the CLI on the default MNIST data.
#
#   bash cmake/bootstrap.sh [extra cmake arguments]
#   bash cmake/bootstrap.sh --list-packages   # what it would install
#
# The build goes to ./build (BUILD_DIR overrides); a new build folder is
# configured without the tests, which cmake/test.sh adds. With CI=true the
# build treats warnings as errors.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
# shellcheck source=packages.sh
source "$root/cmake/packages.sh"
list_packages_if_asked "${1:-}" "${build_packages[@]}"
install_packages "${build_packages[@]}"

cmake_args=(-DCMAKE_BUILD_TYPE=Release)
[ -f "$build/CMakeCache.txt" ] || cmake_args+=(-DMNISTSEQ_BUILD_TESTS=OFF)
if [ "${CI:-}" = "true" ]; then
  cmake_args+=(-DMNISTSEQ_WERROR=ON)
fi
cmake -S "$root" -B "$build" "${cmake_args[@]}" "$@"
cmake --build "$build" -j "$(nproc)"

cd "$build"
./mnistseq-cli 350 2 8 200
echo "bootstrap: wrote $build/3-5-0.png"
