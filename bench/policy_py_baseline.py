#!/usr/bin/env python3
"""Times the Python baseline of bench/policy_bench.cpp: py_glob.py's own
`--mode combined` classifier (one regex of every rule, fullmatch per path),
imported from shared/tools/baselines so the code measured is exactly the
baseline's, on a path list replicated to N paths.

Writes the N paths it classified (one per line) and the rules (sev<TAB>glob)
so the C++ benchmark classifies the very same input, then prints one JSON
line: paths, rules, seconds and cpu_seconds (classification loop only),
paths_per_s (per CPU second, like Google Benchmark's items_per_second),
paths_per_s_wall, hist.

usage: policy_py_baseline.py PLAN.tsv BASELINES_DIR --paths N --rules M
                             --out-paths FILE --out-rules FILE [--classify K]
"""
import argparse
import importlib.util
import json
import re
import fnmatch
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tsv")
    ap.add_argument("baselines")
    ap.add_argument("--paths", type=int, default=1000000)
    ap.add_argument("--rules", type=int, default=1000)
    ap.add_argument("--out-paths", required=True)
    ap.add_argument("--out-rules", required=True)
    ap.add_argument("--classify", type=int, default=0,
                    help="classify only the first N paths (0 = all)")
    a = ap.parse_args()
    spec = importlib.util.spec_from_file_location("py_glob", a.baselines + "/py_glob.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rules = mod.make_rules(a.rules)
    base = []
    with open(a.tsv) as f:
        for line in f:
            addr, _, changed = line.rstrip("\n").split("\t")
            if not changed:
                continue
            ty = mod.TYPE_RE.search(addr).group(1)
            base.extend(ty + "." + p for p in changed.split(" "))
    paths = (base * (a.paths // len(base) + 1))[:a.paths]
    with open(a.out_paths, "w") as f:
        f.write("\n".join(paths) + "\n")
    with open(a.out_rules, "w") as f:
        for pat, sev in rules:
            f.write("%d\t%s\n" % (sev, pat))
    # py_glob.py main(), --mode combined, verbatim apart from the timer.
    t0 = time.perf_counter()
    order = sorted(range(len(rules)), key=lambda i: -rules[i][1])
    big = re.compile("|".join("(?P<r%d>%s)" % (i, fnmatch.translate(rules[i][0])) for i in order))
    sev_of = {"r%d" % i: rules[i][1] for i in order}
    t1 = time.perf_counter()
    c1 = time.process_time()
    hist = [0] * 6
    todo = paths[:a.classify] if a.classify else paths
    for p in todo:
        mt = big.match(p)
        hist[(sev_of[mt.lastgroup] if mt else -1) + 1] += 1
    t2 = time.perf_counter()
    c2 = time.process_time()
    print(json.dumps({"paths": len(paths), "classified": len(todo), "rules": len(rules),
                      "compile_s": t1 - t0, "seconds": t2 - t1,
                      "cpu_seconds": c2 - c1,
                      "paths_per_s": len(todo) / (c2 - c1),
                      "paths_per_s_wall": len(todo) / (t2 - t1),
                      "hist": hist}))


if __name__ == "__main__":
    main()
