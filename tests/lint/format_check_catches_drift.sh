#!/usr/bin/env bash
# The test of cmake/format.sh itself, on a small tree of its own: --check
# names a drifting file wherever it sits in the source folders, and only
# that one (not a formatted file, a build tree or a fuzz corpus), and exits
# 1; formatting then makes the check pass.
#
#   bash format_check_catches_drift.sh <format.sh> <.clang-format> [rust]
#
# With "rust" the same is checked for a crate's Rust files (needs cargo fmt).
set -euo pipefail

script=$1
style=$2
languages=(c)
[ "${3:-}" = rust ] && languages+=(rust)

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/cmake" "$tree/src/stage/deeper" "$tree/src/build" \
         "$tree/tests/fuzz/corpus"
cp "$script" "$tree/cmake/format.sh"
cp "$style" "$tree/.clang-format"
printf 'int formatted(void) { return 0; }\n' >"$tree/src/formatted.c"
printf 'int  drifting( void ){return 0;}\n' >"$tree/src/stage/deeper/drifting.cpp"
printf 'int  skipped( void ){return 0;}\n' >"$tree/src/build/generated.c"
printf 'int  skipped( void ){return 0;}\n' >"$tree/tests/fuzz/corpus/input.c"
expected=(src/stage/deeper/drifting.cpp)
if [ "${languages[*]}" = "c rust" ]; then
  mkdir -p "$tree/bindings/crate/src"
  printf '[package]\nname = "crate"\nversion = "0.1.0"\nedition = "2021"\n' \
    >"$tree/bindings/crate/Cargo.toml"
  printf 'pub fn drifting( )->u8{1}\n' >"$tree/bindings/crate/src/lib.rs"
  expected+=(bindings/crate/src/lib.rs)
fi

fail() { echo "FAIL: $*" >&2; exit 1; }

rc=0
out=$(bash "$tree/cmake/format.sh" --check "${languages[@]}" 2>&1) || rc=$?
echo "$out"
[ "$rc" -eq 1 ] || fail "--check exited $rc on a drifting tree, expected 1"
listed=$(sed -n 's/^  //p' <<<"$out")
[ "$listed" = "$(printf '%s\n' "${expected[@]}")" ] \
  || fail "--check listed [$listed], expected [${expected[*]}]"

bash "$tree/cmake/format.sh" "${languages[@]}"
out=$(bash "$tree/cmake/format.sh" --check "${languages[@]}" 2>&1) \
  || fail "--check still fails after formatting: $out"
grep -q '  skipped( void )' "$tree/src/build/generated.c" \
  || fail "formatting touched a build tree"
grep -q '  skipped( void )' "$tree/tests/fuzz/corpus/input.c" \
  || fail "formatting touched a fuzz corpus"
echo "format.sh --check names exactly the drifting files"
