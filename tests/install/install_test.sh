#!/usr/bin/env bash
# `cmake --install` of the C ABI, then examples/c built against the
# installed tree the way a user would build it: with find_package(driftwise)
# (shared and static) and with pkg-config. Each program must run and print
# what the plan says.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=${1:?}; src=${2:?}
fails=0; passes=0
check() {  # check NAME COND...
  local name=$1; shift
  if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name"; fails=$((fails + 1)); fi
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
plan="$src/examples/data/basic-aws/plan.json"

cmake --install "$build" --prefix "$prefix" --component c_abi > "$tmp/install.log" 2>&1
check "cmake --install succeeds" test $? -eq 0
libdir=$(dirname "$(find "$prefix" -name 'libdriftwise.so.*' -type f | head -1)")
check "shared library installed" test -f "$libdir/libdriftwise.so.1" -o -L "$libdir/libdriftwise.so.1"
check "linker name installed" test -L "$libdir/libdriftwise.so"
check "static archive installed" test -f "$libdir/libdriftwise.a"
check "umbrella header installed" test -f "$prefix/include/driftwise/c/driftwise.h"
check "version header installed" test -f "$prefix/include/driftwise/version.h"
check "CMake package installed" test -f "$libdir/cmake/driftwise/driftwiseConfig.cmake"
check "pkg-config file installed" test -f "$libdir/pkgconfig/driftwise.pc"
check "no C++ headers in the C ABI install" test ! -e "$prefix/include/driftwise/plan.hpp"

# find_package(driftwise), in a directory outside the source tree.
cp -r "$src/examples/c" "$tmp/example"
cmake -S "$tmp/example" -B "$tmp/example-build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release > "$tmp/cfg.log" 2>&1
check "example configures with find_package" test $? -eq 0 || cat "$tmp/cfg.log"
cmake --build "$tmp/example-build" > "$tmp/build.log" 2>&1
check "example builds" test $? -eq 0 || cat "$tmp/build.log"
for exe in plan_report plan_report_static; do
  "$tmp/example-build/$exe" "$plan" > "$tmp/$exe.out" 2> "$tmp/$exe.err"
  check "$exe runs" test $? -eq 0
  check "$exe lists the bucket update" grep -q '^update   aws_s3_bucket.logs' "$tmp/$exe.out"
  check "$exe counts the drift" grep -q '^drift outside Terraform: 7 resource(s)' "$tmp/$exe.out"
done
check "the shared example really uses the shared library" \
  bash -c "ldd '$tmp/example-build/plan_report' | grep -q 'libdriftwise.so.1 => $prefix'"
check "the static example does not" \
  bash -c "! ldd '$tmp/example-build/plan_report_static' | grep -q libdriftwise"
"$tmp/example-build/plan_report" "$plan" --json > "$tmp/json.out"
check "--json prints the plan show JSON" grep -q '"format_version": "1.2"' "$tmp/json.out"
"$tmp/example-build/plan_report" /nonexistent.json 2> "$tmp/err"; rc=$?
check "missing file exits 2" test $rc -eq 2
check "and names it" grep -q '/nonexistent.json' "$tmp/err"

# pkg-config, plain compiler invocation.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
check "pkg-config knows driftwise" pkg-config --exists driftwise
cc -std=c99 -Wall -Werror $(pkg-config --cflags driftwise) "$src/examples/c/plan_report.c" \
  -o "$tmp/pc_report" $(pkg-config --libs driftwise) 2> "$tmp/pc.err"
check "example builds with pkg-config" test $? -eq 0 || cat "$tmp/pc.err"
LD_LIBRARY_PATH="$libdir" "$tmp/pc_report" "$plan" > "$tmp/pc.out"
check "pkg-config build runs" grep -q '^update   aws_s3_bucket.logs' "$tmp/pc.out"

echo "install: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
