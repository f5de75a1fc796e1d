#!/usr/bin/env bash
# Runs examples/python on real plans and checks their output and exit
# codes (the commands docs/python.md shows). Env: PYTHON, DW_SOURCE_DIR,
# DW_SHARED_DIR, PYTHONPATH (the driftwise package).
set -uo pipefail
PY=${PYTHON:-python3}
SRC=${DW_SOURCE_DIR:?}
SHARED=${DW_SHARED_DIR:?}
EX="$SRC/examples/python"
DATA="$SRC/examples/data/basic-aws"
fails=0; passes=0
check() {  # check NAME COND...
  local name=$1; shift
  if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name"; fails=$((fails + 1)); fi
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

"$PY" "$EX/drift_report.py" "$DATA/refresh-plan.json" > "$tmp/drift" 2>&1; rc=$?
check "drift report exits 1 when drift is found" test $rc -eq 1
check "drift report counts the drift" grep -q '^7 resource(s) drifted from the state' "$tmp/drift"
check "drift report lists a subnet" grep -q '^  aws_subnet.app\[0\]$' "$tmp/drift"
"$PY" "$EX/drift_report.py" "$DATA/refresh-plan.json" --json > "$tmp/drift.json"
check "drift report JSON parses" "$PY" -c "import json,sys; d=json.load(open('$tmp/drift.json')); sys.exit(len(d['drifted']) != 7)"
"$PY" "$EX/drift_report.py" "$SHARED/corpus/plans/terraform/basic-create__output.json" > "$tmp/nodrift"; rc=$?
check "no drift exits 0" test $rc -eq 0

"$PY" "$EX/plan_gate.py" "$DATA/plan.json" > "$tmp/gate"; rc=$?
check "gate passes updates" test $rc -eq 0
check "gate says why" grep -q '^OK: 2 resource change(s), none destructive' "$tmp/gate"
"$PY" "$EX/plan_gate.py" "$DATA/plan.json" --max-changes 1 > "$tmp/gate"; rc=$?
check "gate blocks too many changes" test $rc -eq 1
"$PY" "$EX/plan_gate.py" "$SHARED/corpus/plans/terraform/basic-delete__output.json" > "$tmp/gate"; rc=$?
check "gate blocks a delete" test $rc -eq 1
check "and names it" grep -q '^  - delete ' "$tmp/gate"
"$PY" "$EX/plan_gate.py" "$SHARED/corpus/plans/terraform/basic-delete__output.json" --allow '*' > /dev/null; rc=$?
check "--allow lets it through" test $rc -eq 0
echo '{"format_version": "1.2", "resource_changes": [' > "$tmp/bad.json"
"$PY" "$EX/plan_gate.py" "$tmp/bad.json" 2> "$tmp/err"; rc=$?
check "bad plan exits 2" test $rc -eq 2
check "bad plan error says where" grep -q 'at byte' "$tmp/err"

echo "examples: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
