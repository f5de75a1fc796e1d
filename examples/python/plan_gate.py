#!/usr/bin/env python3
"""CI plan gate: fail the pipeline when a plan destroys or replaces
resources that are not explicitly allowed.

    python3 plan_gate.py plan.json [--allow 'aws_instance.*'] [--max-changes N]

Exit status: 0 the plan may be applied, 1 blocked (reasons on stdout),
2 error reading the plan.
"""
import argparse
import fnmatch
import sys

import driftwise

DESTRUCTIVE = {"delete", "replace"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("plan")
    ap.add_argument("--allow", action="append", default=[],
                    help="address glob that may be destroyed (repeatable)")
    ap.add_argument("--max-changes", type=int, default=None,
                    help="block plans changing more resources than this")
    args = ap.parse_args()
    try:
        plan = driftwise.parse_plan(args.plan, retain_values=False)
    except driftwise.Error as e:
        print(f"plan_gate: {args.plan}: {e}", file=sys.stderr)
        return 2
    reasons = []
    if plan.errored:
        reasons.append("Terraform could not finish this plan (errored)")
    changed = [rc for rc in plan.resource_changes if rc.action != "no-op"]
    for rc in changed:
        if rc.action in DESTRUCTIVE and not any(
                fnmatch.fnmatchcase(rc.address, g) for g in args.allow):
            reasons.append(f"{rc.action} {rc.address}")
    if args.max_changes is not None and len(changed) > args.max_changes:
        reasons.append(f"{len(changed)} resources change, limit {args.max_changes}")
    if reasons:
        print("BLOCKED:")
        for r in reasons:
            print(f"  - {r}")
        return 1
    print(f"OK: {len(changed)} resource change(s), none destructive")
    return 0


if __name__ == "__main__":
    sys.exit(main())
