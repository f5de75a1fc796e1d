#!/bin/sh
# kill -9 during concurrent scans, 20 rounds (issue 16, Proof); the default
# test suite runs the same test with 2.
#   bench/scan_kill9.sh BUILD_DIR
set -eu
build=${1:?usage: scan_kill9.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export DW_CLI="$build/src/driftwise"
export DW_SCAN_KILL9_ROUNDS=${DW_SCAN_KILL9_ROUNDS:-20}
cd "$here/../tests/server"
exec /usr/bin/python3 -m pytest -q -p no:cacheprovider -s test_scan_kill9.py
