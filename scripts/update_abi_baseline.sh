#!/usr/bin/env bash
# Writes src/capi/libdriftwise.abi, the C ABI baseline that ctest abi_check
# compares libdriftwise.so with, from a RelWithDebInfo or Debug build.
# Run it when releasing (to guard functions added since), or together with
# a DW_ABI_VERSION bump after an intentional break (docs/c-abi.md).
# Usage: scripts/update_abi_baseline.sh BUILD_DIR
set -euo pipefail
build=${1:?build dir}
src=$(cd "$(dirname "$0")/.." && pwd)
lib=$(find "$build/src/capi" -maxdepth 1 -name 'libdriftwise.so.*.*' -type f | head -1)
[ -n "$lib" ] || { echo "no libdriftwise.so.* under $build/src/capi" >&2; exit 2; }
readelf -S "$lib" | grep -q '\.debug_info' ||
  { echo "$lib has no debug info: use a RelWithDebInfo or Debug build" >&2; exit 2; }
# --no-corpus-path and --no-comp-dir-path keep the file free of this
# machine's paths, so the same library gives the same baseline anywhere.
abidw --headers-dir "$src/include/driftwise/c" --no-corpus-path --no-comp-dir-path \
  --drop-private-types --no-show-locs --exported-interfaces-only --no-elf-needed --out-file "$src/src/capi/libdriftwise.abi" "$lib"
echo "wrote src/capi/libdriftwise.abi from $lib"
