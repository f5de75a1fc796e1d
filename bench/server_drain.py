#!/usr/bin/env python3
"""SIGTERM under load, 20 rounds (issue 23): figures per round.

Each round starts `driftwise serve` (the binary given, default $DW_CLI) on
the same database, loads it with client threads sending signed-in GETs and
durable writes on fresh connections, sends SIGTERM, and counts requests
answered, connections refused after the listener closed, and requests
dropped (connected and sent, then reset or cut: must be 0), and the time
from SIGTERM to exit (must be under the drain timeout). The accounting is
tests/server/drain_load.py, which CI runs for three rounds.

usage: bench/server_drain.py [BINARY] [--rounds 20] [--clients 16]
"""
import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary", nargs="?", default=os.environ.get("DW_CLI"))
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--load-s", type=float, default=1.0)
    ap.add_argument("--drain-timeout", type=int, default=10)
    opts = ap.parse_args()
    if not opts.binary:
        sys.exit("give the driftwise binary or set DW_CLI")
    os.environ["DW_CLI"] = os.path.abspath(opts.binary)
    sys.path.insert(0, os.path.join(HERE, "..", "tests", "server"))
    from drain_load import drain_round  # noqa: E402
    from server_harness import Server  # noqa: E402

    workdir = tempfile.mkdtemp(prefix="dw-server-drain-")
    server = Server(workdir, extra_args=[
        "--drain-timeout", str(opts.drain_timeout)])
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

    print("| round | answered | refused after close | dropped | bad status "
          "| exit code | exit s |")
    print("|---|---|---|---|---|---|---|")
    totals = {"answered": 0, "dropped": 0, "bad": 0, "max_exit": 0.0,
              "nonzero": 0}
    for i in range(opts.rounds):
        server.start()
        f = drain_round(server, token, org, clients=opts.clients,
                        writers=opts.writers, load_s=opts.load_s,
                        drain_timeout_s=opts.drain_timeout)
        print(f"| {i + 1} | {f['answered']} | {f['refused']} | "
              f"{len(f['dropped'])} | {len(f['bad_status'])} | "
              f"{f['exit_code']} | {f['exit_s']:.2f} |", flush=True)
        for d in f["dropped"][:3]:
            print(f"    dropped: {d}")
        totals["answered"] += f["answered"]
        totals["dropped"] += len(f["dropped"])
        totals["bad"] += len(f["bad_status"])
        totals["max_exit"] = max(totals["max_exit"], f["exit_s"])
        totals["nonzero"] += f["exit_code"] != 0
    print(f"\n{opts.rounds} rounds: {totals['answered']} answered, "
          f"{totals['dropped']} dropped, {totals['bad']} bad status, "
          f"{totals['nonzero']} non-zero exits, slowest exit "
          f"{totals['max_exit']:.2f} s (drain timeout {opts.drain_timeout} s)")
    subprocess.run(["rm", "-rf", workdir], check=False)


if __name__ == "__main__":
    main()
