#!/usr/bin/env python3
"""Scenario: verify a 1M-event audit chain with `driftwise audit verify` and
with the independent Python verifier (tests/audit/py_verify.py) on the SAME
JSONL file, plus the shared baseline py_chain.py on its own format.

What each row does per event:
  driftwise verify       strict JSON parse, v1 encoding, SHA-256 (OpenSSL),
                         seq/link/chain checks (parse+hash on N threads)
  py_verify.py chain     json.loads + the same checks and encoding, hashlib
  py_chain.py canonical  (baseline's own format, gen_audit.py) json.loads,
                         json.dumps(sort_keys), hashlib, link check
  py_chain.py raw        (baseline's own format) slice the line, hashlib,
                         link check; no JSON parsing at all
The first two do the same work on the same file; the py_chain rows are the
shared baseline on a file of the same size and shape, for reference.

usage: audit_compare.py --cli build/src/driftwise [--events 1000000]
                        [--workdir /tmp/dw_audit_bench] [--repeat 3]
"""
import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
SHARED = os.environ.get("DW_SHARED_DIR", os.path.join(SOURCE, "..", "shared"))
PY_VERIFY = os.path.join(SOURCE, "tests", "audit", "py_verify.py")
BASELINES = os.path.join(SHARED, "tools", "baselines")
ACTIONS = ["drift.scan.started", "drift.scan.completed", "drift.item.acknowledged",
           "policy.updated", "remediation.pr.opened", "user.login", "apikey.created",
           "state_source.added"]


def gen_inputs(path, n, seed=7):
    """Append-input events shaped like gen_audit.py's (same fields/sizes)."""
    rng = random.Random(seed + n)
    with open(path, "w") as f:
        for i in range(n):
            ev = {"chain_id": "org-0042",
                  "time": "2025-06-%02dT%02d:%02d:%02d.%06dZ" % (
                      1 + i // 86400 % 28, i // 3600 % 24, i // 60 % 60, i % 60,
                      rng.randrange(10 ** 6)),
                  "actor": "user%d@example.com" % rng.randrange(500),
                  "action": rng.choice(ACTIONS),
                  "target": "module.app[\"prod\"].aws_instance.web_%d[%d]" % (
                      rng.randrange(1000), rng.randrange(8)),
                  "detail": {"scan_id": "%032x" % rng.getrandbits(128),
                             "drift_items": rng.randrange(200),
                             "severity": rng.choice(["low", "medium", "high", "critical"]),
                             "note": "\u00fcn\u00efcode ok" if i % 1000 == 0 else "ok"}}
            f.write(json.dumps(ev, separators=(",", ":"), ensure_ascii=False) + "\n")


def run(cmd, stdout=subprocess.PIPE):
    """-> (wall seconds, cpu seconds of the child, CompletedProcess)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p


def best(cmd, repeat, check):
    runs = []
    for _ in range(repeat):
        wall, cpu, p = run(cmd)
        check(p)
        runs.append((wall, cpu))
    return min(runs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--events", type=int, default=1000000)
    ap.add_argument("--workdir", default="/tmp/dw_audit_bench")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    n = a.events
    inputs = os.path.join(a.workdir, "input_%d.jsonl" % n)
    chain = os.path.join(a.workdir, "chain_%d.jsonl" % n)
    if not os.path.exists(inputs):
        gen_inputs(inputs, n)
    with open(chain, "wb") as out:
        wall, cpu, p = run([a.cli, "audit", "append", inputs], stdout=out)
    if p.returncode != 0:
        sys.exit("append failed: " + p.stderr.decode())
    rows = [("driftwise audit append", n, wall, cpu, os.path.getsize(chain))]

    def intact_json(p):
        rep = json.loads(p.stdout)
        if p.returncode != 0 or rep["status"] != "intact" or rep["checked"] != n:
            sys.exit("verify did not report intact/%d: %s %s" % (n, p.stdout, p.stderr))

    size = os.path.getsize(chain)
    for threads in (1, 2):
        wall, cpu = best([a.cli, "audit", "verify", chain, "--output", "json",
                          "--threads", str(threads)], a.repeat, intact_json)
        rows.append(("driftwise audit verify --threads %d" % threads, n, wall, cpu, size))
    wall, cpu = best([sys.executable, PY_VERIFY, "chain", chain],
                     min(a.repeat, 2), intact_json)
    rows.append(("py_verify.py chain (same file)", n, wall, cpu, size))

    # The shared baseline, on its own format (same event count and shape).
    base_dir = os.path.join(a.workdir, "baseline")
    base_file = os.path.join(base_dir, "audit_%d.jsonl" % n)
    if not os.path.exists(base_file):
        subprocess.run([sys.executable, os.path.join(BASELINES, "gen_audit.py"),
                        "--events", str(n), "--out", base_dir], check=True,
                       stderr=subprocess.DEVNULL)

    def ok_exit(p):
        if p.returncode != 0:
            sys.exit("baseline failed: %s" % p.stdout)
    for mode in ("canonical", "raw"):
        wall, cpu = best([sys.executable, os.path.join(BASELINES, "py_chain.py"),
                          base_file, "--mode", mode], 1, ok_exit)
        rows.append(("py_chain.py --mode %s (own format)" % mode, n, wall, cpu,
                     os.path.getsize(base_file)))

    # Tamper sanity: both verifiers name the same first bad seq.
    with open(chain, "rb") as f:
        data = bytearray(f.read())
    pos = data.index(b'"actor":"user', len(data) // 2) + 13
    data[pos] = ord("9") if data[pos] != ord("9") else ord("8")
    bad = os.path.join(a.workdir, "tampered.jsonl")
    with open(bad, "wb") as f:
        f.write(data)
    cpp = json.loads(run([a.cli, "audit", "verify", bad, "--output", "json"])[2].stdout)
    py = json.loads(run([sys.executable, PY_VERIFY, "chain", bad])[2].stdout)
    agree = (cpp["status"], cpp["first_bad_seq"]) == (py["status"], py["first_bad_seq"])

    ref = rows[2][2]  # driftwise verify, 2 threads
    print("events=%d  chain file %.1f MB  cores=%d  load(1m)=%.2f" % (
        n, size / 1e6, os.cpu_count(), os.getloadavg()[0]))
    print("%-42s %9s %9s %12s %9s %10s" % ("tool", "wall s", "cpu s", "events/s",
                                           "MB/s", "vs verify-2t"))
    for name, count, wall, cpu, nbytes in rows:
        print("%-42s %9.3f %9.3f %12.0f %9.1f %9.1fx" % (
            name, wall, cpu, count / wall, nbytes / wall / 1e6, wall / ref))
    print("tamper check: driftwise %s at %s, python %s at %s -> %s" % (
        cpp["status"], cpp["first_bad_seq"], py["status"], py["first_bad_seq"],
        "agree" if agree else "DISAGREE"))
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
