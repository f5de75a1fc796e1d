#!/usr/bin/env bash
# Every test, on a fresh Debian 12 machine: installs dependencies, then
#   1. checks formatting (clang-format) and meson/CMake source parity;
#   2. builds with CMake + g++ (-Werror) and runs the whole ctest suite
#      (unit tests, CLI tests, the shared corpus, fuzz-corpus replays);
#   3. builds with meson and runs its test suite;
#   4. builds with ASan+UBSan and runs the whole ctest suite again.
# Needs ../shared beside the checkout (the corpus); fails if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
JOBS=${JOBS:-$(nproc)}
SHARED=${DW_SHARED_DIR:-$(cd .. && pwd)/shared}
[ -d "$SHARED/corpus" ] || { echo "test.sh: no corpus at $SHARED (set DW_SHARED_DIR)" >&2; exit 2; }

echo "== format and build-parity checks"
scripts/check_format.sh
python3 scripts/check_parity.py

echo "== CMake + g++ build and tests"
cmake -S . -B build-ci -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDW_DEVELOPER_MODE=ON \
  -DDW_BUILD_BENCH=ON -DDW_SHARED_DIR="$SHARED" > /dev/null
cmake --build build-ci -j "$JOBS"
ctest --test-dir build-ci -j "$JOBS" --output-on-failure

# The meson and sanitizer runs repeat the suite for the build and for memory
# errors; tests that only re-run an external tool (Terraform regenerating
# committed outputs) do that once, here above.
export DW_SKIP_SLOW_EXTRAS=1

echo "== meson build and tests"
if [ ! -d build-ci-meson ]; then
  meson setup build-ci-meson -Dshared_dir="$SHARED" > /dev/null
fi
meson compile -C build-ci-meson -j "$JOBS"
meson test -C build-ci-meson --num-processes "$JOBS" --print-errorlogs

echo "== ASan + UBSan build and tests"
cmake -S . -B build-ci-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDW_DEVELOPER_MODE=ON \
  -DDW_BUILD_BENCH=OFF -DDW_SANITIZE=address,undefined -DDW_SHARED_DIR="$SHARED" > /dev/null
cmake --build build-ci-asan -j "$JOBS"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-ci-asan -j "$JOBS" --output-on-failure
