#!/usr/bin/env bash
# `driftwise plan assess`: verdicts, formats, exit codes and errors on real
# plans. Every command shown in docs/policy.md and docs/noise.md runs here.
set -u
: "${DW_CLI:?}" "${DW_SHARED_DIR:?}" "${DW_SOURCE_DIR:?}"
CLI=$DW_CLI
BASIC=$DW_SHARED_DIR/corpus/scenarios/basic-aws/refresh-plan.json
DATA=$DW_SOURCE_DIR/tests/data
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}
expect_exit() {  # expect_exit CODE COMMAND...
  local want=$1; shift
  "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "     exit $got, wanted $want: $*"; cat "$TMP/err"; return 1
  fi
}

# --- the basic-aws refresh plan: high risk, tags null -> {} is noise -----
check "basic-aws exits 1 at the default threshold (high)" \
  expect_exit 1 "$CLI" plan assess "$BASIC"
check "basic-aws exits 0 with --fail-on critical" \
  expect_exit 0 "$CLI" plan assess "$BASIC" --fail-on critical
check "--fail-on never" expect_exit 0 "$CLI" plan assess "$BASIC" --fail-on never
"$CLI" plan assess "$BASIC" --output json --fail-on never >"$TMP/a.json"
check "JSON verdict" python3 - "$TMP/a.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
assert set(a) >= {"risk_level", "counts", "findings", "noise", "narrative"}, a.keys()
assert a["risk_level"] in ("high", "critical"), a["risk_level"]
sg = [f for f in a["findings"] if f["address"] == "aws_security_group.web"][0]
assert sg["severity"] in ("high", "critical") and "attr.aws.sg.open_ingress" in sg["rules"], sg
assert len(sg["paths"]) == len(sg["fingerprints"])
untouched = {"aws_dynamodb_table.items", "aws_iam_role.app", "aws_sqs_queue.jobs",
             "aws_subnet.app[0]", "aws_subnet.app[1]"}
assert not untouched & {f["address"] for f in a["findings"]}
tags_noise = {n["address"] for n in a["noise"] if n["path"] == "tags"}
assert untouched <= tags_noise, tags_noise
for n in a["noise"]:
    assert len(n["fingerprint"]) == 16 and n["rule"], n
assert a["counts"]["drift"] == 7
PY

# --- output formats -----------------------------------------------------
"$CLI" plan assess "$BASIC" --output sarif --fail-on never >"$TMP/a.sarif"
check "SARIF 2.1.0 required fields" python3 - "$TMP/a.sarif" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["version"] == "2.1.0" and isinstance(s["runs"], list)
run = s["runs"][0]
driver = run["tool"]["driver"]
assert driver["name"] == "driftwise"
ids = [r["id"] for r in driver["rules"]]
assert ids == sorted(ids) and "attr.aws.sg.open_ingress" in ids
for r in run["results"]:
    assert r["message"]["text"]
    assert ids[r["ruleIndex"]] == r["ruleId"]
    assert r["level"] in ("error", "warning", "note")
    assert len(r["partialFingerprints"]["driftwise/v1"]) == 16
    loc = r["locations"][0]["physicalLocation"]
    assert loc["region"]["startLine"] >= 1 and loc["artifactLocation"]["uri"]
PY
"$CLI" plan assess "$BASIC" --output sarif --fail-on never >"$TMP/b.sarif"
check "SARIF is deterministic" cmp -s "$TMP/a.sarif" "$TMP/b.sarif"
"$CLI" plan assess "$BASIC" --output junit >"$TMP/a.xml"
check "JUnit XML parses, high finding is a failure" python3 - "$TMP/a.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root.find("testsuite")
cases = suite.findall("testcase")
failed = [c.get("name") for c in cases if c.find("failure") is not None]
assert any(n.startswith("aws_security_group.web") for n in failed), failed
assert int(suite.get("skipped")) == len([c for c in cases if c.find("skipped") is not None])
PY
"$CLI" plan assess "$BASIC" --output markdown --fail-on never >"$TMP/a.md"
check "Markdown PR comment" grep -q '^## driftwise plan assessment: .*high' "$TMP/a.md"
check "Markdown lists the finding" grep -q 'aws_security_group.web' "$TMP/a.md"
"$CLI" plan assess "$BASIC" --fail-on never >"$TMP/a.txt"
check "text starts with the narrative" grep -q '^Risk level: high\.' "$TMP/a.txt"
check "stdin input" expect_exit 1 sh -c "\"$CLI\" plan assess - < \"$BASIC\""

# --- policy, noise rules, suppressions ----------------------------------
"$CLI" plan assess "$BASIC" --policy "$DATA/policy/example_policy.json" \
  --output json --fail-on never >"$TMP/p.json"
check "policy rule raises the bucket tag change to critical" python3 - "$TMP/p.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
assert a["risk_level"] == "critical"
logs = [f for f in a["findings"] if f["address"] == "aws_s3_bucket.logs"][0]
assert logs["rules"] == ["team.bucket-tags"], logs
PY
check "policy at critical fails --fail-on critical" \
  expect_exit 1 "$CLI" plan assess "$BASIC" --policy "$DATA/policy/example_policy.json" --fail-on critical
"$CLI" plan assess "$BASIC" --suppressions "$DATA/noise/example_suppressions.json" \
  --now 2026-11-27T00:00:00Z --output json --fail-on never >"$TMP/s.json"
check "active suppression moves tags.owner to noise" python3 - "$TMP/s.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
sup = [n for n in a["noise"] if n["rule"] == "suppression"]
assert [(n["address"], n["path"]) for n in sup] == [("aws_s3_bucket.logs", "tags.owner")], sup
PY
"$CLI" plan assess "$BASIC" --suppressions "$DATA/noise/example_suppressions.json" \
  --now 2027-01-01T00:00:00Z --output json --fail-on never >"$TMP/e.json"
check "expired suppression stops applying" python3 - "$TMP/e.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
assert not [n for n in a["noise"] if n["rule"] == "suppression"]
PY
check "custom noise rules load" expect_exit 1 "$CLI" plan assess "$BASIC" \
  --noise-rules "$DATA/noise/example_noise_rules.json"

# --- errors: exit 2 with a message naming what and where -----------------
check "invalid policy" expect_exit 2 "$CLI" plan assess "$BASIC" --policy "$DATA/policy/invalid_policy.json"
check "  names rule index and field" grep -q 'rules\[1\].attribute: malformed glob' "$TMP/err"
check "  reports every problem" grep -q '5 problems' "$TMP/err"
check "invalid noise rules" expect_exit 2 "$CLI" plan assess "$BASIC" --noise-rules "$DATA/noise/invalid_noise_rules.json"
check "  names the field" grep -q 'rules\[0\].condition: unknown condition' "$TMP/err"
check "bad --fail-on" expect_exit 2 "$CLI" plan assess "$BASIC" --fail-on urgent
check "missing plan file" expect_exit 2 "$CLI" plan assess "$TMP/nope.json"
check "bad output format" expect_exit 2 "$CLI" plan assess "$BASIC" --output yaml
for bad in infracost/plan_with_terraform_wrapper.json terraform-json/invalid__plan.json; do
  check "invalid corpus plan $bad gives a clear error" \
    expect_exit 2 "$CLI" plan assess "$DW_SHARED_DIR/corpus/plans/$bad"
  check "  with a message" test -s "$TMP/err"
done

# --- every corpus plan assesses -----------------------------------------
n=0
mkdir -p "$TMP/corpus"
while IFS= read -r plan; do
  case "$plan" in
    */infracost/plan_with_terraform_wrapper.json|*/terraform-json/invalid__plan.json) continue ;;
  esac
  n=$((n + 1))
  if ! "$CLI" plan assess "$plan" --output json --fail-on never \
      >"$TMP/corpus/$n.json" 2>"$TMP/c.err"; then
    echo "FAIL corpus plan $plan"; cat "$TMP/c.err"; fail=1
  fi
done < <(find "$DW_SHARED_DIR/corpus/plans" -name '*.json' -type f | sort)
check "assessed $n corpus plans" test "$n" -gt 200
check "every corpus assessment is valid JSON with a verdict" python3 - "$TMP/corpus" <<'PY'
import json, os, sys
for name in os.listdir(sys.argv[1]):
    a = json.load(open(os.path.join(sys.argv[1], name)))
    assert a["risk_level"] in ("none", "low", "medium", "high", "critical"), name
    assert a["narrative"].startswith("Risk level: "), name
PY

exit $fail
