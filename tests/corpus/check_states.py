#!/usr/bin/env python3
"""Cross-checks `driftwise state show --output json` on every corpus state
against an independent reading with Python's json module: state version,
serial, lineage, and the address of every resource instance (computed here
from module/mode/type/name/index_key, or from `address` in show -json
documents). Broken files must fail with exit 2 and their specific error, and
sensitive attribute values must never appear in the output.

usage: check_states.py DRIFTWISE SHARED_DIR
"""
import json
import os
import subprocess
import sys

BROKEN = {
    "terraform/statefile-roundtrip__v1-simple.in.tfstate": "unsupported state version 1, run terraform 0.12+ to upgrade",
    "terraform/statefile-roundtrip__v3-bigint.in.tfstate": "unsupported state version 3",
    "terraform/statefile-roundtrip__v3-builtin.in.tfstate": "unsupported state version 3",
    "terraform/statefile-roundtrip__v3-grabbag.in.tfstate": "unsupported state version 3",
    "terraform/statefile-roundtrip__v3-invalid-depends.in.tfstate": "unsupported state version 3",
    "terraform/statefile-roundtrip__v3-simple.in.tfstate": "unsupported state version 3",
    "terraform/show-json-state__empty__terraform.tfstate": "empty input",
    "terraform/show-corrupt-statefile__terraform.tfstate": "invalid JSON",
    "terraform-json/invalid__state.show.json": "unexpected content after the top-level value",
}


def v4_addresses(state):
    out = []
    for r in state.get("resources") or []:
        prefix = (r["module"] + ".") if r.get("module") else ""
        prefix += ("data." if r.get("mode") == "data" else "") + r["type"] + "." + r["name"]
        for inst in r.get("instances") or []:
            key = inst.get("index_key")
            out.append(prefix if key is None else prefix + "[" + json.dumps(key) + "]")
    return out


def show_addresses(doc):
    out = []

    def walk(module):
        for r in module.get("resources") or []:
            out.append(r["address"])
        for c in module.get("child_modules") or []:
            walk(c)
    root = (doc.get("values") or {}).get("root_module")
    if root:
        walk(root)
    return out


def sensitive_leaves(value, mask):
    """Values that a show -json sensitive_values mask marks sensitive."""
    if mask is True:
        yield value
    elif isinstance(mask, dict) and isinstance(value, dict):
        for k, m in mask.items():
            if k in value:
                yield from sensitive_leaves(value[k], m)
    elif isinstance(mask, list) and isinstance(value, list):
        for v, m in zip(value, mask):
            yield from sensitive_leaves(v, m)


def main():
    driftwise, shared = sys.argv[1], sys.argv[2]
    states_dir = os.path.join(shared, "corpus", "states")
    failures, checked = [], 0
    for root, _, files in os.walk(states_dir):
        for f in sorted(files):
            path = os.path.join(root, f)
            rel = os.path.relpath(path, states_dir)
            checked += 1
            res = subprocess.run([driftwise, "state", "show", path, "--output", "json"],
                                 capture_output=True, text=True)
            if rel in BROKEN:
                if res.returncode != 2 or BROKEN[rel] not in res.stderr:
                    failures.append(f"{rel}: expected exit 2 with {BROKEN[rel]!r}, got "
                                    f"{res.returncode}: {res.stderr.strip()}")
                continue
            if res.returncode != 0:
                failures.append(f"{rel}: exit {res.returncode}: {res.stderr.strip()}")
                continue
            ours = json.loads(res.stdout)
            with open(path, encoding="utf-8") as fh:
                truth = json.load(fh)
            if "format_version" in truth:
                expected = show_addresses(truth)
                if ours["version"] is not None:
                    failures.append(f"{rel}: show -json form reported version {ours['version']}")
                for r in (truth.get("values") or {}).get("root_module", {}).get("resources") or []:
                    for secret in sensitive_leaves(r.get("values"), r.get("sensitive_values")):
                        if isinstance(secret, str) and secret and json.dumps(secret) in res.stdout:
                            failures.append(f"{rel}: sensitive value {secret!r} printed")
            else:
                expected = v4_addresses(truth)
                if ours["version"] != truth["version"] or ours["serial"] != truth.get("serial", 0):
                    failures.append(f"{rel}: version/serial differ")
                if (ours["lineage"] or "") != truth.get("lineage", ""):
                    failures.append(f"{rel}: lineage differs")
            got = [r["address"] for r in ours["resources"]]
            if got != expected:
                failures.append(f"{rel}: addresses differ: {got[:5]} vs {expected[:5]}")
    for f in failures:
        print("FAIL", f)
    print(f"{checked - len(failures)} passed, {len(failures)} failed")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
