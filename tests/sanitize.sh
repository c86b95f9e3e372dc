#!/usr/bin/env bash
# Sanitizer and valgrind jobs (run by .ci/run after the normal build):
#
#  1. ASan + UBSan: build in build-asan with MNISTSEQ_SANITIZE=address,undefined
#     and run the whole C/C++ ctest suite; any report fails the job.
#  2. TSan: build in build-tsan with MNISTSEQ_SANITIZE=thread and run the
#     threaded (batch) tests.
#  3. valgrind memcheck on the C API tests (and the unit tests) of the
#     normal build.
#
#   bash tests/sanitize.sh            # all three
#   bash tests/sanitize.sh asan tsan  # some of them
#
# Environment:
#   BUILD_DIR           the normal (unsanitized) build for valgrind
#                       (default: <repo>/build, as cmake/test.sh makes)
#   MNISTSEQ_DATA_DIR   IDX data for the sanitized builds and valgrind
#                       (default: the normal build's, so nothing is fetched)
#   JOBS                parallel build and test jobs (default: nproc)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
jobs=${JOBS:-$(nproc)}
# The normal build's data: its -DMNISTSEQ_DATA_DIR, else its data folder.
cached=$(sed -n 's/^MNISTSEQ_DATA_DIR:PATH=//p' "$build/CMakeCache.txt" \
         2>/dev/null || true)
data=${MNISTSEQ_DATA_DIR:-${cached:-$build/data}}
jobs_wanted=("$@")
[ ${#jobs_wanted[@]} -gt 0 ] || jobs_wanted=(asan tsan valgrind)

# Threaded tests for TSan: batches on several threads, source data shared by
# threads, thread-local errors, the dataset writer (threaded by default),
# the work pool they share.
tsan_regex=${TSAN_TESTS:-'^capi\.(Batch|SharedHandle|Errors\.LastError)|^dataset\.|^cli\.(CliDataset|CliReliability)\.|^unit\.WorkPool\.|^unit\..*([Bb]atch|[Tt]hread)'}

configure() {  # configure <dir> <sanitizers>
    local args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DMNISTSEQ_WERROR=ON
                -DMNISTSEQ_SANITIZE="$2" -DMNISTSEQ_BINDING_TESTS=OFF
                -DMNISTSEQ_BUILD_BENCH=OFF)
    if [ -d "$data" ]; then args+=(-DMNISTSEQ_DATA_DIR="$data"); fi
    cmake -S "$root" -B "$1" "${args[@]}" >/dev/null
}

elapsed() { echo "sanitize: $1 done in $((SECONDS - $2)) s"; }

run_asan() {
    local t0=$SECONDS dir=$root/build-asan
    echo "sanitize: ASan+UBSan build in $dir"
    configure "$dir" address,undefined
    cmake --build "$dir" -j "$jobs"
    # Label "consumers": outside projects built without sanitizers, which
    # cannot load a sanitized library; they run in the normal build. Label
    # "lint": checks of the sources, which no build changes.
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$dir" --output-on-failure -j "$jobs" \
              -LE 'consumers|lint'
    elapsed "ASan+UBSan" "$t0"
}

run_tsan() {
    local t0=$SECONDS dir=$root/build-tsan
    echo "sanitize: TSan build in $dir (tests matching '$tsan_regex')"
    configure "$dir" thread
    # Only what the threaded tests need (those of the targets that exist).
    local targets=() available
    available=$(cmake --build "$dir" --target help)
    for t in mnistseq mnistseq-cli mnistseq_unit_tests mnistseq_capi_tests \
             mnistseq_dataset_tests mnistseq_cli_tests; do
        if grep -q "\.\.\. $t\$" <<<"$available"; then targets+=("$t"); fi
    done
    cmake --build "$dir" -j "$jobs" --target "${targets[@]}"
    # --no-tests=error: the threaded tests must exist and run.
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
        ctest --test-dir "$dir" --output-on-failure -j "$jobs" \
              --no-tests=error -R "$tsan_regex"
    elapsed "TSan" "$t0"
}

run_valgrind() {
    local t0=$SECONDS exe
    # The C API tests (required), then the internal unit tests.
    local binaries=(tests/capi/mnistseq_capi_tests tests/unit/mnistseq_unit_tests)
    if [ ! -x "$build/${binaries[0]}" ]; then
        echo "sanitize: no $build/${binaries[0]}: build $build first" \
             "(cmake/test.sh)" >&2
        return 1
    fi
    for exe in "${binaries[@]}"; do
        [ -x "$build/$exe" ] || continue
        echo "sanitize: valgrind memcheck on $exe"
        MNISTSEQ_DATA=$data valgrind --error-exitcode=1 --leak-check=full \
            --suppressions="$root/tests/valgrind.supp" \
            --errors-for-leak-kinds=definite,indirect --track-origins=yes \
            --quiet "$build/$exe" --gtest_brief=1
    done
    elapsed "valgrind" "$t0"
}

total0=$SECONDS
for job in "${jobs_wanted[@]}"; do
    case $job in
        asan) run_asan ;;
        tsan) run_tsan ;;
        valgrind) run_valgrind ;;
        *) echo "sanitize: unknown job '$job' (asan, tsan, valgrind)" >&2
           exit 2 ;;
    esac
done
echo "sanitize: all jobs passed in $((SECONDS - total0)) s"
