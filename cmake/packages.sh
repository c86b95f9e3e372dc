# The Debian 12 packages of the quick start, sourced by bootstrap.sh (what
# building and running the library and CLI needs) and test.sh (what the
# tests add). One list each; `--list-packages` prints a script's list.

# Building libmnistseq and mnistseq-cli, and fetching the MNIST files
# (`npm pack`).
build_packages=(
  build-essential cmake pkg-config git
  libpng-dev zlib1g-dev libssl-dev
  npm
)

# The tests: GoogleTest, Google Benchmark, the Python, Rust and Julia-free
# binding suites, sanitizers, valgrind, the ABI check, lint, the manual
# page's renderer and the Fashion-MNIST files of the data tests.
# OpenCV and torchvision: the pipelines the augmentation benchmark measures
# against (tests/bench/bench_augment.py, checked by a smoke test).
test_packages=(
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-numpy python3-pytest python3-pil python3-venv python3-pip
  python3-torch python3-dask python3-distributed python3-flake8 python3-mypy
  python3-opencv python3-torchvision
  dataset-fashion-mnist
  clang libclang-rt-14-dev valgrind abigail-tools
  clang-format cppcheck groff-base
)
# Debian's Rust (cargo, rustfmt, clippy) unless another toolchain, such as
# rustup's, comes first on PATH.
_mseq_cargo=$(command -v cargo 2>/dev/null || true)
if [ -z "$_mseq_cargo" ] || [ "$_mseq_cargo" = /usr/bin/cargo ]; then
  test_packages+=(cargo rustfmt rust-clippy)
fi

# Installs the packages of the list given that are not installed yet
# (apt-get, as root or through sudo).
install_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
      || missing+=("$p")
  done
  # npm may come with a Node.js that was not installed from Debian.
  if command -v npm >/dev/null 2>&1; then
    missing=("${missing[@]/npm}")
  fi
  read -r -a missing <<<"${missing[*]}"
  if ((${#missing[@]})); then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing ${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
      --no-install-recommends "${missing[@]}"
  fi
}

# Prints the list and exits when the script was called with --list-packages.
list_packages_if_asked() {
  local first=$1
  shift
  if [ "$first" = "--list-packages" ]; then
    printf '%s\n' "$@"
    exit 0
  fi
}
