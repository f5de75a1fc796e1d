#!/usr/bin/env python3
"""Load figures for `driftwise serve` with wrk on loopback (issue 7, Proof).

Starts a real server (the binary given, default $DW_CLI) on a fresh SQLite
file with the access log on (to a file, the production setting), creates an
org on the enterprise plan (so key creation never meets a 402), a bearer
token and an API key, then runs wrk for each scenario and connection count:

  get-bearer  GET /api/v2/orgs/{id}           Authorization: Bearer <JWT>
  get-apikey  GET /api/v2/orgs/{id}           X-API-Key
  post-key    POST /api/v2/orgs/{id}/api-keys (a write: row + audit event,
              one fsync'd transaction each)

and once more with --access-log off. Prints req/s, p50 and p99, non-2xx
answers and socket errors per run, the server's peak RSS and the load
average (the 2 cores are shared with wrk and with other processes, so the
figures are what this machine gave at that moment, not a capacity claim).
Nothing is asserted: this prints figures.

usage: bench/server_load.py [BINARY] [--duration 10] [--connections 32,64]
                            [--only post-key,...]
"""
import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def parse_wrk(text):
    """req/s, p50/p99 in ms, non-2xx count and socket errors from wrk."""
    def latency(pct):
        m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % pct, text, re.M)
        return float(m.group(1)) * UNITS[m.group(2)] if m else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    total = re.search(r"(\d+) requests in", text)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), "
                       r"write (\d+), timeout (\d+)", text)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "requests": int(total.group(1)) if total else 0,
        "p50": latency(50),
        "p99": latency(99),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "sock_errors": sum(map(int, errors.groups())) if errors else 0,
    }


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def write_post_script(path, org, token):
    with open(path, "w") as f:
        f.write(f"""-- POST an API key per request (a durable write + audit event).
wrk.method = "POST"
wrk.path = "/api/v2/orgs/{org}/api-keys"
wrk.body = '{{"name":"bench","scopes":["read"]}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
""")


def run_wrk(url, duration, connections, threads, headers=(), script=None):
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s",
            "--latency", "--timeout", "5s"]
    for h in headers:
        args += ["-H", h]
    if script:
        args += ["-s", script]
    args.append(url)
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    return out.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary", nargs="?", default=os.environ.get("DW_CLI"),
                    help="driftwise binary (default $DW_CLI)")
    ap.add_argument("--duration", type=int, default=10, help="seconds per run")
    ap.add_argument("--connections", default="32,64")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir")
    ap.add_argument("--only", default="",
                    help="comma-separated scenarios to run (default: all, "
                    "then get-bearer with the access log off)")
    opts = ap.parse_args()
    if not opts.binary:
        sys.exit("give the driftwise binary or set DW_CLI")
    os.environ["DW_CLI"] = os.path.abspath(opts.binary)
    sys.path.insert(0, os.path.join(HERE, "..", "tests", "server"))
    from server_harness import Server  # noqa: E402  (needs DW_CLI first)

    workdir = tempfile.mkdtemp(prefix="dw-server-load-")
    server = Server(workdir)
    token = server.token("bench@example.com", "--ttl", "2h")
    assert server.request("GET", "/api/v2/admin/me", token=token).status == 200
    r = server.request("POST", "/api/v2/orgs",
                       {"slug": "bench", "display_name": "Bench"}, token=token)
    assert r.status == 201, r.body
    org = r.json()["id"]
    server.stop()
    con = sqlite3.connect(server.db)
    con.execute("UPDATE orgs SET plan = 'enterprise' WHERE id = ?", (org,))
    con.commit()
    con.close()
    server.start()
    r = server.request("POST", f"/api/v2/orgs/{org}/api-keys",
                       {"name": "bench-reader", "scopes": ["read"]},
                       token=token)
    assert r.status == 201, r.body
    api_key = r.json()["raw_key"]
    post_script = os.path.join(workdir, "post_key.lua")
    write_post_script(post_script, org, token)

    scenarios = {
        "get-bearer": dict(path=f"/api/v2/orgs/{org}",
                           headers=[f"Authorization: Bearer {token}"]),
        "get-apikey": dict(path=f"/api/v2/orgs/{org}",
                           headers=[f"X-API-Key: {api_key}"]),
        "post-key": dict(path=f"/api/v2/orgs/{org}/api-keys",
                         script=post_script),
    }
    rows = []

    def run(name, conns, log_mode):
        s = scenarios[name]
        before = loadavg()
        out = run_wrk(f"http://127.0.0.1:{server.port}{s['path']}",
                      opts.duration, conns, opts.threads,
                      headers=s.get("headers", ()), script=s.get("script"))
        fig = parse_wrk(out)
        fig.update(name=name, conns=conns, log=log_mode, load_before=before,
                   load_after=loadavg(), rss=peak_rss_mib(server.proc.pid))
        rows.append(fig)
        print(f"  {name:<10} -c{conns:<3} log={log_mode:<4} "
              f"{fig['rps']:>9.0f} req/s  p50 {fig['p50']:.2f} ms  "
              f"p99 {fig['p99']:.2f} ms  non-2xx {fig['non2xx']}  "
              f"sock-err {fig['sock_errors']}", flush=True)

    print(f"driftwise serve {opts.binary} on 127.0.0.1:{server.port}, "
          f"{os.cpu_count()} CPUs, wrk -t{opts.threads} -d{opts.duration}s; "
          f"load average at start {loadavg()}", flush=True)
    conns_list = [int(c) for c in opts.connections.split(",")]
    only = [n for n in opts.only.split(",") if n]
    for name in only:
        if name not in scenarios:
            sys.exit(f"unknown scenario {name}; known: {', '.join(scenarios)}")
    try:
        for name in (only or scenarios):
            for conns in conns_list:
                run(name, conns, "file")
        rss_with_log = peak_rss_mib(server.proc.pid)
        log_bytes = os.path.getsize(server.access_log)
        rss_off = None
        if not only:
            server.stop()
            server.access_log = "off"  # the harness passes it as --access-log
            server.start()
            run("get-bearer", max(conns_list), "off")
            rss_off = peak_rss_mib(server.proc.pid)
    finally:
        server.stop()

    print()
    print("| scenario | conns | access log | req/s | p50 ms | p99 ms | "
          "non-2xx | socket errors | load avg before → after |")
    print("|---|---|---|---|---|---|---|---|---|")
    for f in rows:
        print(f"| {f['name']} | {f['conns']} | {f['log']} | {f['rps']:.0f} | "
              f"{f['p50']:.2f} | {f['p99']:.2f} | {f['non2xx']} | "
              f"{f['sock_errors']} | {f['load_before']} → {f['load_after']} |")
    print()
    off = "" if rss_off is None else f", {rss_off:.1f} MiB for the log-off run"
    print(f"server peak RSS (VmHWM): {rss_with_log:.1f} MiB over the access-log "
          f"runs ({log_bytes / 1e6:.1f} MB of access log written){off}")
    print(f"load average at end: {loadavg()} (2 cores shared with wrk and "
          f"other processes)")
    failures = sum(f["non2xx"] + f["sock_errors"] for f in rows)
    print(f"non-2xx answers plus socket errors over all runs: {failures}")
    if opts.keep:
        print(f"kept {workdir}")
    else:
        subprocess.run(["rm", "-rf", workdir], check=False)


if __name__ == "__main__":
    main()
