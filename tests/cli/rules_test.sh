#!/usr/bin/env bash
# `driftwise rules list`: the built-in catalogs, filtered by provider.
set -u
: "${DW_CLI:?}"
CLI=$DW_CLI
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
check() {
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}
"$CLI" rules list >"$TMP/all.txt" || fail=1
check "text lists risk and noise rules" grep -q 'generic.null_vs_empty' "$TMP/all.txt"
check "text lists attribute rules" grep -q 'attr.aws.sg.open_ingress' "$TMP/all.txt"
"$CLI" rules list --provider gcp --output json >"$TMP/gcp.json" || fail=1
check "JSON has the API shape and only google types" python3 - "$TMP/gcp.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
keys = ["noise_rules", "risk_encryption_types", "risk_iam_types", "risk_network_types",
        "risk_security_types", "risk_stateful_types", "risk_attribute_rules"]
assert all(k in d for k in keys), d.keys()
for k in keys[1:]:
    assert d[k], k
    assert all(r["provider"] == "google" for r in d[k]), k
assert all(r["provider"] in ("google", "*") for r in d["noise_rules"])
ids = [r["id"] for r in d["noise_rules"]]
assert ids == sorted(ids)
PY
"$CLI" rules list --output json >"$TMP/all.json" || fail=1
check "unfiltered JSON includes every provider" python3 - "$TMP/all.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
provs = {r["provider"] for r in d["risk_stateful_types"]}
assert provs == {"aws", "google", "azurerm"}, provs
assert len(d["noise_rules"]) == 68
PY
"$CLI" rules list --provider ibm >/dev/null 2>"$TMP/err"
check "unknown provider exits 2" test $? = 2
check "  with a message" grep -q 'provider' "$TMP/err"
exit $fail
