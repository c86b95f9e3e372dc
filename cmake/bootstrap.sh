#!/usr/bin/env bash
# Quick start on Debian 12: install the system packages, configure, build,
# and write 3-5-0.png with the CLI on the default MNIST data.
#
#   bash cmake/bootstrap.sh [extra cmake arguments]
#
# The build goes to ./build (BUILD_DIR overrides). With CI=true the build
# treats warnings as errors and requires the binding and lint toolchains.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}

packages=(
  build-essential cmake pkg-config git
  libpng-dev zlib1g-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  npm
  python3 python3-numpy python3-pytest python3-pil python3-venv python3-pip
  python3-torch python3-dask python3-distributed
  dataset-fashion-mnist
  clang libclang-rt-14-dev valgrind abigail-tools
  clang-format cppcheck
)
# Debian's Rust (cargo, rustfmt, clippy) unless another toolchain, such as
# rustup's, comes first on PATH.
cargo=$(command -v cargo 2>/dev/null || true)
if [ -z "$cargo" ] || [ "$cargo" = /usr/bin/cargo ]; then
  packages+=(cargo rustfmt rust-clippy)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
    || missing+=("$p")
done
# npm may come with a Node.js that was not installed from Debian.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "bootstrap: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cmake_args=(-DCMAKE_BUILD_TYPE=Release)
if [ "${CI:-}" = "true" ]; then
  cmake_args+=(-DMNISTSEQ_WERROR=ON -DMNISTSEQ_REQUIRE_BINDINGS=ON
               -DMNISTSEQ_REQUIRE_LINT=ON)
fi
cmake -S "$root" -B "$build" "${cmake_args[@]}" "$@"
cmake --build "$build" -j "$(nproc)"

cd "$build"
./mnistseq-cli 350 2 8 200
echo "bootstrap: wrote $build/3-5-0.png"
