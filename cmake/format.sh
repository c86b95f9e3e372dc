#!/usr/bin/env bash
# Formats every C, C++ and Rust source of the project: C and C++ with
# clang-format 14 (Debian 12's; the style is .clang-format), Rust with
# `cargo fmt` on each crate (rustfmt's default style).
#
#   bash cmake/format.sh                  # rewrite the files in place
#   bash cmake/format.sh --check          # list the files that drift, exit 1
#   bash cmake/format.sh [--check] c      # C and C++ only
#   bash cmake/format.sh [--check] rust   # Rust only
#
# The sources are found by walking the source folders (not through git, so
# a source tarball is checked the same way), wherever they sit in them;
# build trees, cargo target folders, hidden folders and fuzz corpora are
# skipped. ctest runs the check as lint.clang_format and lint.rustfmt.
#
# Environment: CLANG_FORMAT (default clang-format-14, else clang-format),
# CARGO (default cargo).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source_dirs=(include src cli tests bindings examples)
c_names=(-name '*.c' -o -name '*.h' -o -name '*.cpp' -o -name '*.hpp')

check=false
languages=()
for arg in "$@"; do
  case $arg in
    --check) check=true ;;
    c | rust) languages+=("$arg") ;;
    -h | --help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "format.sh: unknown argument '$arg' (expected --check, c or rust)" >&2
       exit 2 ;;
  esac
done
[ ${#languages[@]} -gt 0 ] || languages=(c rust)

cd "$root"

# Files under the source folders matching the find expression "$@", sorted,
# one a line, relative to the root.
find_sources() {
  local dirs=() d
  for d in "${source_dirs[@]}"; do [ -d "$d" ] && dirs+=("$d"); done
  [ ${#dirs[@]} -gt 0 ] || return 0
  find "${dirs[@]}" -type d \( -name 'build*' -o -name '_build*' \
      -o -name target -o -name corpus -o -name node_modules \
      -o -name __pycache__ -o -name '.?*' \) -prune \
    -o -type f \( "$@" \) -print | LC_ALL=C sort
}

drifting=()

format_c() {
  local tool=${CLANG_FORMAT:-}
  if [ -z "$tool" ]; then
    tool=$(command -v clang-format-14 || command -v clang-format || true)
  fi
  if [ -z "$tool" ] || ! command -v "$tool" >/dev/null; then
    echo "format.sh: clang-format not found: apt-get install clang-format" \
         "(or set CLANG_FORMAT)" >&2
    exit 2
  fi
  # Another major version formats some constructs differently, which a
  # check would report as drift.
  local version
  version=$("$tool" --version | sed -n 's/.*version \([0-9][0-9]*\)\..*/\1/p')
  if [ "$version" != 14 ]; then
    echo "format.sh: $tool is clang-format ${version:-of unknown version}," \
         "the project's style is clang-format 14's (Debian 12:" \
         "apt-get install clang-format-14, or set CLANG_FORMAT)" >&2
    exit 2
  fi
  local files=()
  mapfile -t files < <(find_sources "${c_names[@]}")
  [ ${#files[@]} -gt 0 ] || return 0
  if ! $check; then
    "$tool" -i --style=file "${files[@]}"
    return
  fi
  # One run over every file; each difference is reported as
  # "<file>:<line>:<column>: error: code should be clang-formatted".
  local out listed
  out=$("$tool" --dry-run --Werror --style=file "${files[@]}" 2>&1) && return
  listed=$(sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' \
           <<<"$out" | uniq)
  if [ -z "$listed" ]; then
    echo "format.sh: $tool failed:" >&2
    echo "$out" >&2
    exit 2
  fi
  mapfile -t -O ${#drifting[@]} drifting <<<"$listed"
}

format_rust() {
  local cargo=${CARGO:-cargo}
  if ! "$cargo" fmt --version >/dev/null 2>&1; then
    echo "format.sh: '$cargo fmt' does not run: apt-get install cargo rustfmt" \
         "(or set CARGO)" >&2
    exit 2
  fi
  local manifests=() m out line listed
  mapfile -t manifests < <(find_sources -name Cargo.toml)
  for m in "${manifests[@]}"; do
    if ! $check; then
      "$cargo" fmt --manifest-path "$m"
      continue
    fi
    # -l names the files that differ (absolute paths); any other failure
    # (a syntax error) is shown as is.
    out=$("$cargo" fmt --manifest-path "$m" --check -- -l 2>&1) && continue
    listed=false
    while IFS= read -r line; do
      if [ -f "$line" ]; then
        drifting+=("${line#"$root"/}")
        listed=true
      fi
    done <<<"$out"
    if ! $listed; then
      echo "format.sh: cargo fmt failed on $m:" >&2
      echo "$out" >&2
      exit 2
    fi
  done
}

for language in "${languages[@]}"; do
  "format_$language"
done

if $check; then
  if [ ${#drifting[@]} -gt 0 ]; then
    echo "These files are not formatted (run: bash cmake/format.sh):"
    printf '  %s\n' "${drifting[@]}"
    exit 1
  fi
  echo "format.sh: no file drifts (checked: ${languages[*]})"
fi
