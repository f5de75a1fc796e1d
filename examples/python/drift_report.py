#!/usr/bin/env python3
"""Drift report: what changed outside Terraform, from a refresh plan.

    terraform plan -refresh-only -out tf.plan
    terraform show -json tf.plan > refresh-plan.json
    python3 drift_report.py refresh-plan.json [--json]

Prints one block per drifted resource with the attributes that changed
(sensitive ones are named, never shown). Exit status: 0 no drift, 1 drift
found, 2 error.
"""
import argparse
import json
import sys

import driftwise


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("plan", help="plan JSON (terraform show -json)")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    args = ap.parse_args()
    try:
        plan = driftwise.parse_plan(args.plan)
    except driftwise.Error as e:
        print(f"drift_report: {args.plan}: {e}", file=sys.stderr)
        return 2
    drifted = plan.resource_drift
    if args.json:
        json.dump({"drifted": [
            {"address": rc.address, "changed_paths": rc.changed_paths,
             "sensitive_paths": rc.sensitive_paths} for rc in drifted]},
            sys.stdout, indent=2)
        print()
    else:
        print(f"{len(drifted)} resource(s) drifted from the state")
        for rc in drifted:
            print(f"  {rc.address}")
            sensitive = set(rc.sensitive_paths)
            for p in rc.changed_paths:
                print(f"      {p}{'  (sensitive)' if p in sensitive else ''}")
    return 1 if drifted else 0


if __name__ == "__main__":
    sys.exit(main())
