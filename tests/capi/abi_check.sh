#!/usr/bin/env bash
# The C ABI guard: libdriftwise.so compared with the committed baseline
# src/capi/libdriftwise.abi (abidw's description of the last released C
# ABI: every dw_* function and the types reachable from
# include/driftwise/c) by abidiff (Debian abigail-tools).
#   - an incompatible change (a function removed, a parameter or struct
#     layout changed, ...) fails: bump DW_ABI_VERSION (cmake/version.h.in)
#     and refresh the baseline, or undo the change;
#   - a compatible change (a function added) passes with a note: refresh the
#     baseline when releasing, so the new functions are guarded too.
# It also proves it would notice: a copy of the baseline missing one
# function must be reported as an incompatible change.
# Refresh: scripts/update_abi_baseline.sh BUILD_DIR
# Usage: abi_check.sh LIBDRIFTWISE_SO SOURCE_DIR
set -uo pipefail
lib=${1:?library}; src=${2:?source dir}
baseline="$src/src/capi/libdriftwise.abi"
if ! command -v abidiff > /dev/null; then
  echo "SKIP: abidiff not installed (sudo apt-get install abigail-tools)"; exit 0
fi
if ! readelf -S "$lib" | grep -q '\.debug_info'; then
  echo "SKIP: $lib has no debug info (build RelWithDebInfo or Debug to compare types)"; exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
# The library described the way the baseline was (abidw reads only what
# dw_* reaches: seconds, where abidiff on the ELF would read all the
# core's debug info), then the two descriptions compared.
abidw --headers-dir "$src/include/driftwise/c" --no-corpus-path --no-comp-dir-path \
  --drop-private-types --no-show-locs --exported-interfaces-only --no-elf-needed \
  --out-file "$tmp/current.abi" "$lib" || { echo "FAIL: abidw could not read $lib"; exit 1; }

abidiff "$baseline" "$tmp/current.abi" > "$tmp/diff" 2>&1
rc=$?
cat "$tmp/diff"
if [ $((rc & 8)) -ne 0 ]; then
  echo "FAIL: incompatible change to the C ABI (abidiff exit $rc), see above"
  fails=$((fails + 1))
elif [ $((rc & 3)) -ne 0 ]; then
  echo "FAIL: abidiff could not compare (exit $rc)"
  fails=$((fails + 1))
elif [ $((rc & 4)) -ne 0 ]; then
  echo "note: compatible C ABI additions; refresh the baseline at release:"
  echo "      scripts/update_abi_baseline.sh BUILD_DIR"
fi

# The guard notices a removed function: the library's description without
# one dw_ function must compare as an incompatible change.
python3 - "$tmp/current.abi" "$tmp/without.abi" << 'PY'
import sys
import xml.etree.ElementTree as ET
tree = ET.parse(sys.argv[1])
root = tree.getroot()
victim = None
for parent in root.iter():
    for child in list(parent):
        name = child.get("name", "")
        if child.tag == "elf-symbol" and name.startswith("dw_") and victim is None \
                and name != "dw_abi_version":
            victim = name
        if victim and name == victim and child.tag in ("elf-symbol", "function-decl"):
            parent.remove(child)
tree.write(sys.argv[2])
print("removed", victim)
PY
abidiff "$tmp/current.abi" "$tmp/without.abi" > "$tmp/removed" 2>&1
rc=$?
if [ $((rc & 8)) -eq 0 ]; then
  echo "FAIL: a removed function was not reported as incompatible (abidiff exit $rc)"
  cat "$tmp/removed"; fails=$((fails + 1))
fi
echo "abi check: $fails failure(s)"
[ "$fails" -eq 0 ]
