#!/usr/bin/env bash
# `driftwise drift` end to end on the real basic-aws scenario (Terraform +
# AWS provider against moto): outputs, exit codes, ignore rules, formats,
# errors. The commands here are the ones docs/drift.md shows.
set -uo pipefail
cli=${DW_CLI:?}
s=${DW_SHARED_DIR:?}/corpus/scenarios/basic-aws
src=${DW_SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. Text table; exit 1 because something drifted.
"$cli" drift --state "$s/terraform.tfstate" --inventory "$s/inventory.json" >"$tmp/out.txt"
rc=$?
[ $rc -eq 1 ] || fail "text: exit $rc, want 1"
grep -q "Drift found: 2 changed, 0 missing, 2 unmanaged; coverage 80.00%" "$tmp/out.txt" || fail "headline: $(head -1 "$tmp/out.txt")"
grep -q "aws_security_group.web" "$tmp/out.txt" || fail "text lacks the SG"
grep -q "shadow-it-bucket" "$tmp/out.txt" || fail "text lacks the unmanaged bucket"
# No default VPC, subnet or security group among the unmanaged.
if grep '^extra' "$tmp/out.txt" | grep -q 'AWS::EC2'; then fail "defaults listed as extra"; fi

# 2. JSON with Terraform's refresh-only plan merged in.
"$cli" drift --state "$s/terraform.tfstate" --inventory "$s/inventory.json" \
  --plan "$s/refresh-plan.json" --output json >"$tmp/out.json"
[ $? -eq 1 ] || fail "json exit"
python3 - "$tmp/out.json" <<'PY' || fail "json content"
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
assert (s["changed"], s["extra"], s["missing"], s["defaults"], s["matched"]) == (2, 2, 0, 9, 8), s
assert s["coverage_pct"] == 80, s
changed = {i["address"]: {p["path"]: p["sources"] for p in i["paths"]} for i in d["items"] if i["kind"] == "changed"}
assert changed == {"aws_s3_bucket.logs": {"tags.owner": ["inventory", "terraform"],
                                          "tags_all.owner": ["inventory", "terraform"]},
                   "aws_security_group.web": {"ingress": ["inventory", "terraform"]}}, changed
extra = sorted(i["name"] for i in d["items"] if i["kind"] == "extra")
assert extra == ["shadow-it-bucket", "unmanaged-admin"], extra
assert set(d["coverage"]) >= {"by_type", "by_region"}
PY

# --threads: the same report on one thread as on every core (default).
"$cli" drift --state "$s/terraform.tfstate" --inventory "$s/inventory.json" \
  --plan "$s/refresh-plan.json" --output json --threads 1 >"$tmp/one.json"
cmp -s "$tmp/one.json" "$tmp/out.json" || fail "--threads 1 report differs"
"$cli" drift --state "$s/terraform.tfstate" --inventory "$s/inventory.json" --threads -1 2>/dev/null >/dev/null
[ $? -eq 2 ] || fail "--threads -1 accepted"

# 3. SARIF and Markdown.
"$cli" drift --state "$s/terraform.tfstate" --inventory "$s/inventory.json" -o sarif >"$tmp/out.sarif"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["version"]=="2.1.0" and len(d["runs"][0]["results"])==4' "$tmp/out.sarif" || fail sarif
"$cli" drift --state "$s/terraform.tfstate" --inventory "$s/inventory.json" -o markdown >"$tmp/out.md"
grep -q '^## driftwise drift report' "$tmp/out.md" || fail markdown

# 4. Ignore rules: accept the known findings and the run is clean (exit 0).
cat >"$tmp/.driftignore" <<'IGN'
# accepted: created by the data team, tracked in JIRA-123
aws_s3_bucket.shadow-it-bucket
AWS::IAM::Role.unmanaged-*
aws_s3_bucket.dw-logs.tags*.owner   # tag added by the cost tool
aws_security_group.sg-*.ingress
IGN
"$cli" drift --state "$s/terraform.tfstate" --inventory "$s/inventory.json" --ignore "$tmp/.driftignore" >"$tmp/clean.txt"
rc=$?
[ $rc -eq 0 ] || fail "ignored run: exit $rc: $(cat "$tmp/clean.txt")"
grep -q "^No drift: " "$tmp/clean.txt" || fail "clean headline"

# 5. Provider defaults listed on request.
"$cli" drift --state "$s/terraform.tfstate" --inventory "$s/inventory.json" --show-defaults -o json >"$tmp/defaults.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert sum(i["kind"]=="default" for i in d["items"])==9' \
  "$tmp/defaults.json" || fail "show-defaults"

# 6. Standard input, and a driftctl enumeration named by its Terraform type.
"$cli" drift --state - --inventory "$s/inventory.json" -o json <"$s/terraform.tfstate" >/dev/null
[ $? -eq 1 ] || fail "stdin state"
e=${DW_SHARED_DIR}/corpus/inventories/driftctl-remote-enumeration
"$cli" drift --state "$s/terraform.tfstate" \
  --inventory "driftctl:aws_s3_bucket:$e/aws_s3_bucket_multiple__results.json" -o json >"$tmp/d.json"
[ $? -eq 1 ] || fail "driftctl exit"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["summary"]["extra"]>=1' "$tmp/d.json" || fail "driftctl content"

# 7. Errors: exit 2 with a message naming the problem.
"$cli" drift --state "$s/terraform.tfstate" --inventory "$tmp/nope.json" 2>"$tmp/err" >/dev/null
[ $? -eq 2 ] || fail "missing file exit"
grep -q "nope.json" "$tmp/err" || fail "missing file message"
printf '[{"provider_type": "AWS::S3::Bucket", "id": tru}]' >"$tmp/bad.json"
"$cli" drift --state "$s/terraform.tfstate" --inventory "$tmp/bad.json" 2>"$tmp/err" >/dev/null
[ $? -eq 2 ] || fail "bad json exit"
grep -q "bad.json" "$tmp/err" || fail "bad json message: $(cat "$tmp/err")"
"$cli" drift --state "$s/terraform.tfstate" --inventory "$s/inventory.json" -o yaml 2>"$tmp/err" >/dev/null
[ $? -eq 2 ] || fail "bad output exit"
printf 'aws_s3_bucket\n' >"$tmp/bad.ignore"
"$cli" drift --state "$s/terraform.tfstate" --inventory "$s/inventory.json" --ignore "$tmp/bad.ignore" 2>"$tmp/err" >/dev/null
[ $? -eq 2 ] || fail "bad ignore exit"
grep -q "line 1" "$tmp/err" || fail "bad ignore message"
"$cli" drift --inventory "$s/inventory.json" 2>/dev/null >/dev/null
[ $? -eq 2 ] || fail "missing --state"

# 7b. Risk on drift: the opened SSH ingress is high, the tag edit low; the
# exit code follows --fail-on; a suppression turns accepted drift into noise.
args=(--state "$s/terraform.tfstate" --inventory "$s/inventory.json")
"$cli" drift "${args[@]}" --fail-on high >"$tmp/risk.txt"
[ $? -eq 1 ] || fail "--fail-on high exit"
grep -q '^Risk: high (4 findings to act on)' "$tmp/risk.txt" || fail "risk line"
grep -q 'changed  high      aws_security_group.web    *ingress: + tcp 22 from 0.0.0.0/0' "$tmp/risk.txt" || fail "sg severity and rule"
grep -q 'changed  low       aws_s3_bucket.logs' "$tmp/risk.txt" || fail "tag severity"
"$cli" drift "${args[@]}" --fail-on critical >/dev/null
[ $? -eq 0 ] || fail "--fail-on critical exit"
"$cli" drift "${args[@]}" --fail-on never >/dev/null
[ $? -eq 0 ] || fail "--fail-on never exit"
"$cli" drift "${args[@]}" --fail-on urgent 2>"$tmp/err" >/dev/null
[ $? -eq 2 ] || fail "bad --fail-on exit"
grep -q 'unknown severity "urgent"' "$tmp/err" || fail "bad --fail-on message"
"$cli" drift "${args[@]}" -o json >"$tmp/risk.json"
python3 - "$tmp/risk.json" "$tmp/sup.json" <<'PY' || fail "json risk members"
import json, sys
d = json.load(open(sys.argv[1]))
item = [i for i in d["items"] if i.get("address") == "aws_security_group.web"][0]
assert item["severity"] == "high" and "attr.aws.sg.open_ingress" in item["rules"], item
assert d["risk"] == {"level": "high", "signal": 4, "noise_only": 0}, d["risk"]
# What a person accepting the bucket's tag edit writes: its fingerprints,
# 30 days. (A diff a risk rule fires on, like the opened ingress, stays
# signal whatever is suppressed, as in `plan assess`.)
tags = [i for i in d["items"] if i.get("address") == "aws_s3_bucket.logs"][0]
assert tags["severity"] == "low" and tags["fingerprints"], tags
sups = [{"fingerprint": fp, "resource_address": tags["address"],
         "reason": "owner tag is set by the finance team's tooling",
         "created_by": "alice@example.com", "duration": "30d",
         "created_at": "2026-12-01T00:00:00Z"} for fp in tags["fingerprints"]]
json.dump({"suppressions": sups}, open(sys.argv[2], "w"))
PY
"$cli" drift "${args[@]}" --suppressions "$tmp/sup.json" --now 2026-12-02T00:00:00Z -o json >"$tmp/sup-out.json"
[ $? -eq 1 ] || fail "suppressed run still reports the other drift"
python3 - "$tmp/sup-out.json" <<'PY' || fail "suppressed drift is noise"
import json, sys
d = json.load(open(sys.argv[1]))
item = [i for i in d["items"] if i.get("address") == "aws_s3_bucket.logs"][0]
assert item.get("noise_only") is True, item
assert "suppression" in {n["rule"] for n in item["noise"]}, item["noise"]
assert d["risk"] == {"level": "high", "signal": 3, "noise_only": 1}, d["risk"]
PY
"$cli" drift "${args[@]}" --suppressions "$tmp/sup.json" --now 2027-01-15T00:00:00Z -o json >"$tmp/exp-out.json"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["risk"]["noise_only"] == 0, d["risk"]' "$tmp/exp-out.json" || fail "expired suppression"

# 8. Every tfmoto scenario committed under tests/scenarios runs clean of errors.
for d in "$src"/tests/scenarios/*/out; do
  "$cli" drift --state "$d/terraform.tfstate" --inventory "$d/inventory.json" --plan "$d/refresh-plan.json" -o json >/dev/null
  [ $? -eq 1 ] || fail "scenario $d"
done
echo "drift CLI: all checks passed"
