#!/usr/bin/env bash
# `cmake --install` of the C ABI and then of the C++ API into a clean
# prefix, and examples/c and examples/cpp built out of tree against it the
# way a user would build them: with find_package(driftwise) (C shared and
# static, C++ driftwise::driftwise_cpp), with pkg-config (driftwise.pc,
# driftwise-cpp.pc) and with meson. Each program must run and print what the
# plan says.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=${1:?}; src=${2:?}
fails=0; passes=0
check() {  # check NAME COND...
  local name=$1; shift
  if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name"; fails=$((fails + 1)); return 1; fi
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

# meson, finding the C ABI through driftwise.pc.
if command -v meson > /dev/null; then
  cp -r "$src/examples/c" "$tmp/meson-c"
  meson setup "$tmp/meson-c-build" "$tmp/meson-c" > "$tmp/meson-c.log" 2>&1 &&
    ninja -C "$tmp/meson-c-build" >> "$tmp/meson-c.log" 2>&1
  check "examples/c builds with meson" test $? -eq 0 || tail -20 "$tmp/meson-c.log"
  LD_LIBRARY_PATH="$libdir" "$tmp/meson-c-build/plan_report" "$plan" > "$tmp/meson-c.out"
  check "meson C build runs" grep -q '^update   aws_s3_bucket.logs' "$tmp/meson-c.out"
  "$tmp/meson-c-build/plan_report_static" "$plan" > "$tmp/meson-cs.out"
  check "meson static C build runs" grep -q '^update   aws_s3_bucket.logs' "$tmp/meson-cs.out"
  check "meson static C build does not load libdriftwise.so" \
    bash -c "! ldd '$tmp/meson-c-build/plan_report_static' | grep -q libdriftwise"
else
  echo "SKIP meson checks: meson not installed (apt-get install meson)"
fi

# The C++ API: headers, libdriftwise_cpp.a, driftwise::driftwise_cpp, driftwise-cpp.pc.
cmake --install "$build" --prefix "$prefix" --component cpp > "$tmp/install-cpp.log" 2>&1
check "cmake --install --component cpp succeeds" test $? -eq 0 || cat "$tmp/install-cpp.log"
check "C++ headers installed" test -f "$prefix/include/driftwise/plan.hpp"
check "internal layout header installed" test -f "$prefix/include/driftwise/internal/json_layout.hpp"
check "C++ archive installed" test -f "$libdir/libdriftwise_cpp.a"
check "C++ pkg-config file installed" test -f "$libdir/pkgconfig/driftwise-cpp.pc"
refresh="$src/examples/data/basic-aws/refresh-plan.json"
tfstate="$src/examples/data/basic-aws/terraform.tfstate"
inventory="$src/examples/data/basic-aws/inventory.json"
cpp_checks() {  # cpp_checks HOW DIR: the C++ examples built in DIR print what the data says
  "$2/plan_summary" "$refresh" > "$tmp/ps.out" 2>&1
  check "$1: plan_summary runs" grep -q 'aws_security_group.web ingress\[1\].cidr_blocks\[0\]: null -> "0.0.0.0/0"' "$tmp/ps.out"
  if [ -x "$2/drift_summary" ]; then
    "$2/drift_summary" "$tfstate" "$inventory" > "$tmp/ds.out" 2>&1
    check "$1: drift_summary runs" grep -q 'changed 2, extra 2, missing 0' "$tmp/ds.out"
  fi
}
cp -r "$src/examples/cpp" "$tmp/cpp-example"
rm -f "$tmp/cpp-example/meson.build"
cmake -S "$tmp/cpp-example" -B "$tmp/cpp-build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release > "$tmp/cpp-cfg.log" 2>&1 &&
  cmake --build "$tmp/cpp-build" > "$tmp/cpp-build.log" 2>&1
check "examples/cpp builds with find_package + driftwise::driftwise_cpp" test $? -eq 0 ||
  tail -30 "$tmp/cpp-cfg.log" "$tmp/cpp-build.log"
cpp_checks cmake "$tmp/cpp-build"
mkdir -p "$tmp/pc-cpp"
c++ -std=c++20 -Wall -Werror $(pkg-config --cflags driftwise-cpp) "$src/examples/cpp/plan_summary.cpp" \
  -o "$tmp/pc-cpp/plan_summary" $(pkg-config --libs driftwise-cpp) 2> "$tmp/pc-cpp.err"
check "examples/cpp builds with pkg-config driftwise-cpp" test $? -eq 0 || cat "$tmp/pc-cpp.err"
cpp_checks pkg-config "$tmp/pc-cpp"
if command -v meson > /dev/null; then
  cp -r "$src/examples/cpp" "$tmp/meson-cpp"
  rm -f "$tmp/meson-cpp/CMakeLists.txt"
  meson setup "$tmp/meson-cpp-build" "$tmp/meson-cpp" > "$tmp/meson-cpp.log" 2>&1 &&
    ninja -C "$tmp/meson-cpp-build" >> "$tmp/meson-cpp.log" 2>&1
  check "examples/cpp builds with meson" test $? -eq 0 || tail -20 "$tmp/meson-cpp.log"
  cpp_checks meson "$tmp/meson-cpp-build"
fi

echo "install: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
