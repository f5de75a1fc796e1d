#!/usr/bin/env python3
"""End-to-end: `driftwise plan show --output json` against what users would
otherwise run on the same plan (shared/tools/baselines): Python json.load +
walk (with and without the cyclic GC), Node JSON.parse + walk, Go
encoding/json (map and typed structs) and, with --jq, jq. All of them extract
the same facts (address, actions, sorted changed paths); the script checks
that their outputs agree before it reports any time.

Prints, per tool: median wall time over --runs, MB/s, peak RSS (and RSS as a
multiple of the plan size), how many times slower than driftwise it is, and
the median CPU time (all threads, user + kernel), which a busy machine
disturbs less than wall time.

usage: compare_plan_show.py --driftwise BUILD/src/driftwise [--size 10000]
                            [--runs 5] [--data DIR] [--jq]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "corpus"))
from check_plans import split_path  # noqa: E402  (the independent path reader)


def run_once(cmd, out_path):
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime  # all threads, user + kernel
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{cmd[0]} failed: {err}")
    return wall, cpu, usage.ru_maxrss * 1024


def driftwise_tsv(json_path):
    with open(json_path) as fh:
        doc = json.load(fh)
    lines = []
    for r in doc["resource_changes"]:
        paths = " ".join(".".join(str(e) for e in split_path(p)) for p in r["changed_paths"])
        lines.append(f"{r['address']}\t{','.join(r['actions'])}\t{paths}")
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driftwise", required=True)
    ap.add_argument("--shared", default=os.path.join(HERE, "..", "..", "shared"))
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data", default=None, help="where generated plans are kept")
    ap.add_argument("--jq", action="store_true", help="also time jq (slow)")
    args = ap.parse_args()

    baselines = os.path.join(args.shared, "tools", "baselines")
    work = tempfile.mkdtemp(prefix="dw-compare-")
    data = args.data or work
    os.makedirs(data, exist_ok=True)
    plan = os.path.join(data, f"plan_{args.size}.json")
    if not os.path.exists(plan):
        subprocess.run([sys.executable, os.path.join(baselines, "gen_tf.py"), "--sizes",
                        str(args.size), "--out", data], check=True, stdout=subprocess.DEVNULL)
    size_mb = os.path.getsize(plan) / 1e6

    tools = [("driftwise", [args.driftwise, "plan", "show", plan, "--output", "json"])]
    tools.append(("python json+walk", [sys.executable, os.path.join(baselines, "py_plan_extract.py"), plan]))
    tools.append(("python json+walk, GC off",
                  [sys.executable, os.path.join(baselines, "py_plan_extract.py"), plan, "--no-gc"]))
    if shutil.which("node"):
        tools.append(("node JSON.parse+walk", ["node", os.path.join(baselines, "node_plan_extract.js"), plan]))
    if shutil.which("go"):
        gobin = os.path.join(work, "go_plan")
        env = dict(os.environ, GOCACHE=os.path.join(work, "gocache"), GOFLAGS="-mod=mod",
                   GOPROXY="off", GO111MODULE="on")
        subprocess.run(["go", "build", "-o", gobin, "."], cwd=os.path.join(baselines, "go_plan"),
                       env=env, check=True)
        tools.append(("go encoding/json map", [gobin, "-mode", "map", "-walk", plan]))
        tools.append(("go encoding/json struct", [gobin, "-mode", "struct", "-walk", plan]))
    if args.jq and shutil.which("jq"):
        tools.append(("jq", ["jq", "-r", "-f", os.path.join(baselines, "plan_extract.jq"), plan]))

    results, reference = [], None
    for name, cmd in tools:
        out = os.path.join(work, "out.txt")
        times, cpus, rss = [], [], 0
        for _ in range(args.runs):
            wall, cpu, peak = run_once(cmd, out)
            times.append(wall)
            cpus.append(cpu)
            rss = max(rss, peak)
        lines = driftwise_tsv(out) if name == "driftwise" else open(out).read().splitlines()
        if reference is None:
            reference = lines
        elif lines != reference:
            print(f"OUTPUT MISMATCH: {name} disagrees with driftwise", file=sys.stderr)
            return 1
        results.append((name, statistics.median(times), rss, statistics.median(cpus)))

    dw_time = results[0][1]
    print(f"plan: {plan} ({size_mb:.1f} MB, {len(reference)} resource changes), "
          f"median of {args.runs} runs, all outputs identical")
    dw_cpu = results[0][3]
    print(f"{'tool':28} {'median s':>9} {'MB/s':>8} {'peak RSS MB':>12} {'RSS/size':>9} "
          f"{'x driftwise':>12} {'CPU s':>7} {'CPU x':>6}")
    for name, t, rss, cpu in results:
        print(f"{name:28} {t:9.3f} {size_mb / t:8.1f} {rss / 1e6:12.1f} "
              f"{rss / 1e6 / size_mb:9.2f} {t / dw_time:12.1f} {cpu:7.3f} {cpu / dw_cpu:6.1f}")
    fastest = min(results[1:], key=lambda r: r[1])
    print(f"driftwise is {fastest[1] / dw_time:.1f}x faster than the fastest baseline ({fastest[0]})")
    # On a shared machine wall time also counts waiting for a core; CPU time
    # (all threads, user + kernel) is the work done, and steadier.
    print(f"CPU time: driftwise {dw_cpu:.3f} s, {fastest[0]} {fastest[3]:.3f} s "
          f"({fastest[3] / dw_cpu:.1f}x)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
