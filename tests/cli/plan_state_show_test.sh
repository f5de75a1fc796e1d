#!/usr/bin/env bash
# `driftwise plan show` and `driftwise state show` on real files: the
# commands docs/parsing.md shows, their outputs, exit codes and errors.
set -uo pipefail
DW=${DW_CLI:?}
SRC=${DW_SOURCE_DIR:?}
EX="$SRC/examples/data/basic-aws"
fails=0; passes=0
check() {  # check NAME COND...
  local name=$1; shift
  if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name"; fails=$((fails + 1)); fi
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Text output names the drift Terraform saw and masks nothing it need not.
"$DW" plan show "$EX/refresh-plan.json" > "$tmp/text" 2> "$tmp/err"
check "plan show text exits 0" test $? -eq 0
check "text lists the opened ingress" grep -q 'ingress\[1\].cidr_blocks\[0\]: (absent) -> "0.0.0.0/0"' "$tmp/text"
check "text counts drift" grep -q 'changed outside Terraform): 7' "$tmp/text"

# JSON output: the documented shape, sorted paths, from a file and from stdin.
"$DW" plan show "$EX/refresh-plan.json" --output json > "$tmp/plan.json"
check "plan show json exits 0" test $? -eq 0
"$DW" plan show - --output json < "$EX/refresh-plan.json" > "$tmp/plan-stdin.json"
check "stdin gives the same JSON" cmp -s "$tmp/plan.json" "$tmp/plan-stdin.json"
python3 - "$tmp/plan.json" <<'PY' || { echo "FAIL: plan JSON shape"; fails=$((fails + 1)); }
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["format_version", "terraform_version", "resource_changes",
                   "resource_drift", "output_changes"], list(d)
item = d["resource_drift"][0]
assert list(item)[:13] == ["address", "module_address", "mode", "type", "name", "index",
    "provider_name", "action", "actions", "action_reason", "changed_paths",
    "sensitive_paths", "unknown_paths"], list(item)
sg = [i for i in d["resource_drift"] if i["address"] == "aws_security_group.web"][0]
assert sg["action"] == "update" and "ingress[1].cidr_blocks[0]" in sg["changed_paths"]
subnet = [i for i in d["resource_drift"] if i["address"] == "aws_subnet.app[1]"][0]
assert subnet["index"] == 1 and subnet["name"] == "app"
PY

# Sensitive values never reach the output.
"$DW" state show "$EX/terraform.tfstate" --output json > "$tmp/state.json"
check "state show json exits 0" test $? -eq 0
python3 - "$tmp/state.json" "$EX/terraform.tfstate" <<'PY' || { echo "FAIL: state JSON"; fails=$((fails + 1)); }
import json, sys
d = json.load(open(sys.argv[1]))
raw = json.load(open(sys.argv[2]))
assert d["version"] == 4 and d["serial"] == raw["serial"] and d["lineage"] == raw["lineage"]
addrs = [r["address"] for r in d["resources"]]
assert "aws_subnet.app[0]" in addrs and "aws_subnet.app[1]" in addrs, addrs
PY
printf '%s' '{"version":4,"serial":1,"lineage":"l","resources":[{"mode":"managed","type":"aws_db_instance","name":"db","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"attributes":{"id":"db-1","password":"hunter2"},"sensitive_attributes":[[{"type":"get_attr","value":"password"}]]}]}]}' > "$tmp/secret.tfstate"
"$DW" state show "$tmp/secret.tfstate" --output json > "$tmp/secret.json"
check "sensitive state value masked" grep -q '"password": "(sensitive)"' "$tmp/secret.json"
check "sensitive state value absent" bash -c "! grep -q hunter2 '$tmp/secret.json'"

# Unreadable input: exit 2, the reason and where on stderr.
"$DW" plan show "$tmp/nope.json" 2> "$tmp/err"; rc=$?
check "missing file exits 2" test $rc -eq 2
check "missing file named" grep -q "nope.json" "$tmp/err"
printf '{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":"update"}}]}' > "$tmp/bad.json"
"$DW" plan show "$tmp/bad.json" 2> "$tmp/err"; rc=$?
check "bad field exits 2" test $rc -eq 2
check "bad field path and offset" grep -q 'byte offset 81, at resource_changes\[0\].change.actions' "$tmp/err"
printf '{"version": 3, "serial": 1}' | "$DW" state show - 2> "$tmp/err"; rc=$?
check "v3 state exits 2" test $rc -eq 2
check "v3 state explains the upgrade" grep -q "unsupported state version 3, run terraform 0.12+ to upgrade" "$tmp/err"
"$DW" state show "$EX/refresh-plan.json" 2> "$tmp/err"; rc=$?
check "plan given to state show is refused" test $rc -eq 2
check "and told it is a plan" grep -q "looks like a plan" "$tmp/err"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
