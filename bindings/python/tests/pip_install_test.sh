#!/usr/bin/env bash
# The documented offline install: a venv with --system-site-packages on
# Debian's python3, `pip install --no-build-isolation --no-index`, then the
# installed package (not the build tree) parses a plan and its stubs ship.
# DRIFTWISE_BUILD_DIR points setup.py at this build, so the extension is not
# compiled a second time.
# Usage: pip_install_test.sh PYTHON SOURCE_DIR BUILD_DIR
set -uo pipefail
py=${1:?}; src=${2:?}; build=${3:?}
fails=0; passes=0
check() {  # check NAME COND...
  local name=$1; shift
  if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name"; fails=$((fails + 1)); fi
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

"$py" -m venv --system-site-packages "$tmp/venv"
check "venv created" test -x "$tmp/venv/bin/python"
# A private copy of the package directory keeps pip's in-tree build files
# (build/, *.egg-info) out of the checkout.
cp -r "$src/bindings/python" "$tmp/pkg"
rm -rf "$tmp/pkg/build" "$tmp/pkg"/*.egg-info
DRIFTWISE_SOURCE_DIR="$src" DRIFTWISE_BUILD_DIR="$build" \
  "$tmp/venv/bin/pip" install --no-build-isolation --no-index "$tmp/pkg" > "$tmp/pip.log" 2>&1
check "pip install succeeds offline" test $? -eq 0 || tail -20 "$tmp/pip.log"
cd "$tmp" || exit 1
env -u PYTHONPATH "$tmp/venv/bin/python" - "$src" <<'PY'
import os, sys
import driftwise
src = sys.argv[1]
assert driftwise.__file__.startswith(sys.prefix), driftwise.__file__
plan = driftwise.parse_plan(os.path.join(src, "examples/data/basic-aws/plan.json"))
assert len(plan.resource_changes) == 8, plan
pkg = os.path.dirname(driftwise.__file__)
assert os.path.exists(os.path.join(pkg, "py.typed"))
assert os.path.exists(os.path.join(pkg, "_driftwise.pyi"))
print("installed driftwise", driftwise.__version__, "at", pkg)
PY
check "installed package works" test $? -eq 0
echo "pip install: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
