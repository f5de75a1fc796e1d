#!/usr/bin/env bash
# Runs the policy classification benchmark and its Python baseline in one
# session on the same 1M changed paths and the same 1,000 rules, and prints
# both throughputs and their ratio.
#
# usage: bench/policy_compare.sh BUILD_DIR [WORK_DIR]
#   env PY_PATHS=N  classify only the first N paths in Python (the baseline
#                   manages ~4k paths/s, so 1M takes ~4 minutes); the rate is
#                   per path either way.
set -euo pipefail
BUILD=$(cd "${1:?usage: policy_compare.sh BUILD_DIR [WORK_DIR]}" && pwd)
WORK=${2:-$(mktemp -d)}
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${DW_SHARED_DIR:-$HERE/../../shared}
BASE=$SHARED/tools/baselines
PATHS=1000000
RULES=1000
mkdir -p "$WORK"
cd "$WORK"
[ -f plan_10000.json ] || python3 "$BASE/gen_tf.py" --sizes 10000 --out . >/dev/null
[ -f plan.tsv ] || python3 "$BASE/py_plan_extract.py" plan_10000.json --no-gc >plan.tsv
# Python first: it also writes the exact inputs the C++ side reads.
python3 "$HERE/policy_py_baseline.py" plan.tsv "$BASE" --paths "$PATHS" \
  --rules "$RULES" --out-paths paths.txt --out-rules rules.tsv \
  ${PY_PATHS:+--classify "$PY_PATHS"} >python.json
DW_POLICY_BENCH_PATHS=$WORK/paths.txt DW_POLICY_BENCH_RULES=$WORK/rules.tsv \
  taskset -c 0 "$BUILD/bench/policy_bench" --benchmark_filter=BM_ClassifyPaths \
  --benchmark_format=json >cpp.json
python3 - <<'PY'
import json
py = json.load(open("python.json"))
cpp = json.load(open("cpp.json"))["benchmarks"][0]
rate = cpp["items_per_second"]
wall = cpp["paths"] / (cpp["real_time"] / 1e3)
print("paths=%d rules=%d" % (cpp["paths"], cpp["rules"]))
print("python  (py_glob --mode combined): %10.0f paths/s CPU, %10.0f paths/s wall  (%d paths in %.1f s CPU) hist=%s"
      % (py["paths_per_s"], py["paths_per_s_wall"], py["classified"], py["cpu_seconds"], py["hist"]))
print("driftwise GlobSet (RE2::Set, 1 core): %10.0f paths/s CPU, %10.0f paths/s wall  hist=%s"
      % (rate, wall, [int(cpp[k]) for k in ("none", "sev0", "sev1", "sev2", "sev3", "sev4")]))
print("speedup: %.0fx (CPU time)  %.0fx (wall time)" % (rate / py["paths_per_s"], wall / py["paths_per_s_wall"]))
PY
