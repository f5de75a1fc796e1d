#!/usr/bin/env bash
# The Python package as users install it, offline, from every CPython 3.9+
# this machine offers (Debian's /usr/bin/python3 and the python3 first on
# PATH, e.g. pyenv's; DW_PYTHONS="py1 py2 ..." or DW_PYTHONS=all adds more):
#   1. in a venv made with --system-site-packages, the documented
#      `pip install --no-build-isolation --no-index ./bindings/python`
#      succeeds, the installed package (not the build tree) imports and
#      parses a plan, and the Python test suite passes against it;
#   2. `pip wheel` makes a wheel that installs into a fresh venv whose PATH
#      holds no compiler at all, and the test suite passes there.
# DRIFTWISE_BUILD_DIR is this build, so no install compiles the core again;
# an interpreter other than the build's own compiles only module.cpp, once
# (kept in BUILD_DIR/python-ext/).
# Usage: venv_install_test.sh SOURCE_DIR BUILD_DIR
set -uo pipefail
src=${1:?}; build=${2:?}
fails=0; passes=0
check() {  # check NAME COND...
  local name=$1; shift
  if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name"; fails=$((fails + 1)); return 1; fi
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export DRIFTWISE_SOURCE_DIR="$src" DRIFTWISE_BUILD_DIR="$build" PIP_DISABLE_PIP_VERSION_CHECK=1
unset PYTHONPATH

# A private copy of the package keeps anything pip writes out of the checkout.
cp -r "$src/bindings/python" "$tmp/pkg"
rm -rf "$tmp/pkg/build" "$tmp/pkg"/*.egg-info

# Debian's pytest is pure Python: other interpreters borrow it (and its
# dependencies) through a directory holding only those packages.
mkdir -p "$tmp/pytest-path"
for p in pytest _pytest pluggy iniconfig packaging py py.py attr attrs; do
  [ -e "/usr/lib/python3/dist-packages/$p" ] && ln -s "/usr/lib/python3/dist-packages/$p" "$tmp/pytest-path/$p"
done

pythons=()
[ -x /usr/bin/python3 ] && pythons+=(/usr/bin/python3)
command -v python3 > /dev/null && pythons+=("$(command -v python3)")
if [ "${DW_PYTHONS:-}" = all ]; then
  for p in "$(pyenv root 2> /dev/null)"/versions/*/bin/python3; do [ -x "$p" ] && pythons+=("$p"); done
else
  for p in ${DW_PYTHONS:-}; do pythons+=("$p"); done
fi

smoke() {  # smoke PYTHON: the installed package imports and works
  (cd "$tmp" && "$1" - "$src" << 'PY'
import os, sys
import driftwise
src = sys.argv[1]
assert driftwise.__file__.startswith(sys.prefix), driftwise.__file__
plan = driftwise.parse_plan(os.path.join(src, "examples/data/basic-aws/plan.json"))
assert len(plan.resource_changes) == 8, plan
pkg = os.path.dirname(driftwise.__file__)
assert os.path.exists(os.path.join(pkg, "py.typed"))
assert os.path.exists(os.path.join(pkg, "_driftwise.pyi"))
print("  driftwise", driftwise.__version__, "imports from", pkg)
PY
  )
}

suite() {  # suite PYTHON LABEL: the Python tests against the installed package
  local py=$1 label=$2 pp=""
  "$py" -c 'import pytest' 2> /dev/null || pp="$tmp/pytest-path"
  if ! PYTHONPATH=$pp "$py" -c 'import pytest' 2> /dev/null; then
    echo "  SKIP the test suite under $label: no pytest runs on it (smoke test only)"
    return 0
  fi
  (cd "$tmp" && PYTHONPATH=$pp "$py" -m pytest -q -p no:cacheprovider "$src/bindings/python/tests" \
    > "$tmp/pytest.log" 2>&1)
  local rc=$?
  # Absolute paths: the wheel's run has only its venv on PATH.
  [ $rc -eq 0 ] || /usr/bin/tail -30 "$tmp/pytest.log"
  echo "  $(/usr/bin/tail -1 "$tmp/pytest.log")"
  return $rc
}

declare -A seen
n=0; wheel_python=""
for py in "${pythons[@]}"; do
  real=$("$py" -c 'import os, sys; print(os.path.realpath(sys.executable))' 2> /dev/null) || continue
  [ -n "${seen[$real]:-}" ] && continue
  seen[$real]=1
  ok=$("$py" -c 'import sys; print(int(sys.implementation.name == "cpython" and sys.version_info >= (3, 9)))')
  [ "$ok" = 1 ] || { echo "skip $py: not CPython 3.9+"; continue; }
  n=$((n + 1)); label="$real ($("$py" -c 'import platform; print(platform.python_version())'))"
  echo "== $label"
  venv="$tmp/venv$n"
  "$py" -m venv --system-site-packages "$venv"
  check "$label: venv created" test -x "$venv/bin/python"
  "$venv/bin/pip" install --no-build-isolation --no-index "$tmp/pkg" > "$tmp/pip$n.log" 2>&1
  check "$label: pip install --no-build-isolation succeeds offline" test $? -eq 0 ||
    tail -20 "$tmp/pip$n.log"
  check "$label: the core was not compiled again" \
    bash -c "! grep -q 'Building CXX object src/' '$tmp/pip$n.log'"
  smoke "$venv/bin/python"
  check "$label: installed package works" test $? -eq 0
  suite "$venv/bin/python" "$label"
  check "$label: the Python tests pass" test $? -eq 0
  [ "$real" != "$(realpath /usr/bin/python3 2> /dev/null)" ] && wheel_python=$py
done
check "at least one Python found" test "$n" -ge 1
wheel_python=${wheel_python:-${pythons[0]}}

# The wheel, installed where no compiler can be found.
echo "== wheel built by $wheel_python, installed with no compiler on PATH"
"$wheel_python" -m venv "$tmp/wheel-builder"
"$tmp/wheel-builder/bin/pip" wheel --no-deps --no-index -w "$tmp/wheelhouse" "$tmp/pkg" \
  > "$tmp/wheel.log" 2>&1
check "pip wheel succeeds" test $? -eq 0 || tail -20 "$tmp/wheel.log"
whl=$(ls "$tmp"/wheelhouse/driftwise-*.whl 2> /dev/null | head -1)
check "a wheel is made" test -f "$whl"
echo "  ${whl##*/}"
"$wheel_python" -m venv "$tmp/fresh"
mkdir -p "$tmp/empty-bin"
nocc="$tmp/fresh/bin:$tmp/empty-bin"
check "no compiler on that PATH" \
  env PATH="$nocc" /bin/bash -c '! command -v cc && ! command -v c++ && ! command -v gcc && ! command -v cmake'
env PATH="$nocc" "$tmp/fresh/bin/pip" install --no-index --no-deps "$whl" > "$tmp/whl-install.log" 2>&1
check "the wheel installs with no compiler" test $? -eq 0 || tail -20 "$tmp/whl-install.log"
PATH="$nocc" smoke "$tmp/fresh/bin/python"
check "the installed wheel works" test $? -eq 0
PATH="$nocc" suite "$tmp/fresh/bin/python" "the wheel"
check "the Python tests pass against the wheel" test $? -eq 0

echo "python venvs: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
