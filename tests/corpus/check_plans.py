#!/usr/bin/env python3
"""Cross-checks `driftwise plan show --output json` on every corpus plan
against an independent reader: the Python baseline extractor in
shared/tools/baselines (json module, its own diff walk) plus facts read here
with the json module (format version, counts per action, drift addresses).

usage: check_plans.py DRIFTWISE SHARED_DIR
Exit 0 when every plan agrees; prints one line per disagreement otherwise.
"""
import json
import os
import subprocess
import sys

# Deliberately malformed corpus files and the error each must produce.
BROKEN = {
    "infracost/plan_with_terraform_wrapper.json": "setup-terraform wrapper",
    "terraform-json/invalid__plan.json": "invalid JSON",
}


def split_path(text):
    """Parses driftwise's path syntax (a.b, a[0], a["k.x"]) into elements,
    independently of the C++ code, so the two can be compared."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == ".":
            i += 1
        elif c == "[":
            if text[i + 1] == '"':
                dec = json.JSONDecoder()
                key, end = dec.raw_decode(text, i + 1)
                out.append(key)
                i = end + 1  # skip ']'
            else:
                j = text.index("]", i)
                out.append(int(text[i + 1:j]))
                i = j + 1
        else:
            j = i
            while j < len(text) and text[j] not in ".[":
                j += 1
            out.append(text[i:j])
            i = j
    return out


def baseline_lines(baselines, plan_path):
    res = subprocess.run([sys.executable, os.path.join(baselines, "py_plan_extract.py"),
                          plan_path, "--no-gc"], capture_output=True, text=True)
    if res.returncode != 0:
        return None
    return res.stdout.splitlines()


def main():
    driftwise, shared = sys.argv[1], sys.argv[2]
    plans_dir = os.path.join(shared, "corpus", "plans")
    baselines = os.path.join(shared, "tools", "baselines")
    failures, checked = [], 0
    for root, _, files in os.walk(plans_dir):
        for f in sorted(files):
            path = os.path.join(root, f)
            rel = os.path.relpath(path, plans_dir)
            res = subprocess.run([driftwise, "plan", "show", path, "--output", "json"],
                                 capture_output=True, text=True)
            checked += 1
            if rel in BROKEN:
                if res.returncode != 2 or BROKEN[rel] not in res.stderr:
                    failures.append(f"{rel}: expected exit 2 mentioning {BROKEN[rel]!r}, "
                                    f"got {res.returncode}: {res.stderr.strip()}")
                continue
            if res.returncode != 0:
                failures.append(f"{rel}: exit {res.returncode}: {res.stderr.strip()}")
                continue
            ours = json.loads(res.stdout)
            with open(path, encoding="utf-8") as fh:
                truth = json.load(fh)
            if ours["format_version"] != truth.get("format_version"):
                failures.append(f"{rel}: format_version {ours['format_version']}")
            rcs = truth.get("resource_changes") or []
            if [r["address"] for r in ours["resource_changes"]] != [r["address"] for r in rcs]:
                failures.append(f"{rel}: resource_changes addresses differ")
            if [r["actions"] for r in ours["resource_changes"]] != [r["change"]["actions"] for r in rcs]:
                failures.append(f"{rel}: actions differ")
            drift = truth.get("resource_drift") or []
            def drift_address(r):
                # Some 0.15-era plans omit `address` in resource_drift; Terraform's
                # own rule rebuilds it from module, mode, type, name and index.
                if "address" in r:
                    return r["address"]
                a = (r["module_address"] + ".") if r.get("module_address") else ""
                a += ("data." if r.get("mode") == "data" else "") + r["type"] + "." + r["name"]
                if "index" in r:
                    a += "[" + json.dumps(r["index"]) + "]"
                return a
            if [r["address"] for r in ours["resource_drift"]] != [drift_address(r) for r in drift]:
                failures.append(f"{rel}: resource_drift addresses differ")
            if sorted(ours["output_changes"]) != sorted((truth.get("output_changes") or {})):
                failures.append(f"{rel}: output_changes names differ")
            lines = baseline_lines(baselines, path)
            if lines is None:
                failures.append(f"{rel}: the baseline extractor failed")
                continue
            mine = []
            for r in ours["resource_changes"]:
                paths = " ".join(".".join(str(e) for e in split_path(p)) for p in r["changed_paths"])
                mine.append(f"{r['address']}\t{','.join(r['actions'])}\t{paths}")
            if mine != lines:
                for a, b in zip(mine, lines):
                    if a != b:
                        failures.append(f"{rel}: changed paths differ:\n  driftwise: {a[:300]}\n  baseline:  {b[:300]}")
                        break
                else:
                    failures.append(f"{rel}: {len(mine)} vs {len(lines)} lines")
    for f in failures:
        print("FAIL", f)
    print(f"{checked - len(failures)} passed, {len(failures)} failed")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
