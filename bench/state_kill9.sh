#!/bin/sh
# kill -9 during state uploads and refreshes, 20 rounds (issue 15, Proof);
# the default test suite runs the same test with 5.
#   bench/state_kill9.sh BUILD_DIR
set -eu
build=${1:?usage: state_kill9.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export DW_CLI="$build/src/driftwise"
export DW_STATE_KILL9_ROUNDS=${DW_STATE_KILL9_ROUNDS:-20}
cd "$here/../tests/server"
exec /usr/bin/python3 -m pytest -q -p no:cacheprovider -s test_state_kill9.py
