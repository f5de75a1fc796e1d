#!/usr/bin/env python3
"""driftwise.parse_plan vs the C++ API vs json.load, one plan, one session.

    python3 parse_plan_compare.py PLAN.json BENCH_BINARY [--reps N] [--threads T]

BENCH_BINARY is bench/plan_file_bench (Google Benchmark, dw::ParsePlanFile
with default options, the call driftwise.parse_plan(path) makes). Each
Python side is timed `reps` times with time.perf_counter; the best and the
median are reported. The machine may be shared: compare best times, and
repeat the whole script to see the spread.

Goals (issue 6): parse_plan within 1.3x of the C++ time, and at least 10x
faster than json.load of the same file.
"""
import argparse
import gc
import json
import os
import statistics
import subprocess
import time

import driftwise


def timed(fn, reps):
    times = []
    for _ in range(reps):
        gc.collect()
        t0 = time.perf_counter()
        fn()  # the result is freed inside the timing, as in the C++ loop
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def cpp_time(binary, plan, reps, threads):
    env = dict(os.environ, DW_BENCH_PLAN=plan, DW_BENCH_THREADS=str(threads))
    out = subprocess.run(
        [binary, "--benchmark_format=json",
         f"--benchmark_repetitions={reps}",
         "--benchmark_min_time=0.5"],
        env=env, check=True, capture_output=True, text=True).stdout
    runs = [b for b in json.loads(out)["benchmarks"]
            if b.get("run_type") == "iteration"]
    secs = [b["real_time"] / 1e3 for b in runs]  # reported in ms
    return min(secs), statistics.median(secs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("plan")
    ap.add_argument("bench_binary")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1,
                    help="ParsePlanOptions::threads on both sides (0 = per core)")
    a = ap.parse_args()
    mb = os.path.getsize(a.plan) / 1e6

    def load_json():
        with open(a.plan, "rb") as f:
            return json.load(f)

    py = timed(lambda: driftwise.parse_plan(a.plan, threads=a.threads), a.reps)
    cpp = cpp_time(a.bench_binary, a.plan, a.reps, a.threads)
    js = timed(load_json, a.reps)
    # with the Python objects: touching every change's address and paths
    full = timed(lambda: [(rc.address, rc.changed_paths) for rc in
                          driftwise.parse_plan(a.plan, threads=a.threads)
                          .resource_changes],
                 max(1, a.reps // 2))
    print(f"plan: {a.plan} ({mb:.1f} MB), threads={a.threads}")
    for name, (best, med) in [("C++ dw::ParsePlanFile", cpp),
                              ("driftwise.parse_plan(path)", py),
                              ("parse_plan + walk all changes", full),
                              ("json.load", js)]:
        print(f"  {name:32s} best {best * 1e3:8.1f} ms  median "
              f"{med * 1e3:8.1f} ms  ({mb / best:7.1f} MB/s best)")
    print(f"parse_plan / C++ (best):   {py[0] / cpp[0]:.2f}x (goal <= 1.3x)")
    print(f"parse_plan / C++ (median): {py[1] / cpp[1]:.2f}x")
    print(f"json.load / parse_plan (best):   {js[0] / py[0]:.1f}x (goal >= 10x)")
    print(f"json.load / parse_plan (median): {js[1] / py[1]:.1f}x")


if __name__ == "__main__":
    main()
