#!/usr/bin/env python3
"""`driftwise serve` under hostile clients with wrk beside them (issue 23).

Starts a real server (the binary given, default $DW_CLI), then opens
  --idle        connections that never send a byte (default 10,000),
  --slow-head   clients sending their request head one byte a second (1,000),
  --slow-body   clients whose head promises a 100 kB body sent one byte a
                second (1,000),
from other loopback addresses (all of 127/8 is local), keeps them alive for
the whole run (deadlines set long enough that the server holds them), and
runs wrk with authenticated GETs (Authorization: Bearer) against
/api/v2/orgs/{id}. Prints wrk's req/s, p50/p99 and errors, the transport's
/metrics (open, idle, receiving connections) while under attack, and the
server's RSS (now and peak). Nothing is asserted: this prints figures; the
bounded version with assertions is tests/server/test_hostile_clients.py.

usage: bench/server_hostile.py [BINARY] [--idle 10000] [--slow-head 1000]
                               [--slow-body 1000] [--duration 10]
                               [--connections 32]
"""
import argparse
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from server_load import loadavg, parse_wrk, run_wrk  # noqa: E402


def rss_mib(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1]) / 1024
    return out


def open_from(n, port, base, first_payload=b""):
    """n connections spread over 127.<base>.x.y, 200 per address."""
    socks = []
    for i in range(n):
        s = socket.socket()
        s.bind((f"127.{base}.{1 + i // 200 // 250}.{1 + (i // 200) % 250}", 0))
        s.connect(("127.0.0.1", port))
        if first_payload:
            s.sendall(first_payload)
        socks.append(s)
    return socks


def metric(text, name):
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary", nargs="?", default=os.environ.get("DW_CLI"))
    ap.add_argument("--idle", type=int, default=10000)
    ap.add_argument("--slow-head", type=int, default=1000)
    ap.add_argument("--slow-body", type=int, default=1000)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    opts = ap.parse_args()
    if not opts.binary:
        sys.exit("give the driftwise binary or set DW_CLI")
    os.environ["DW_CLI"] = os.path.abspath(opts.binary)
    sys.path.insert(0, os.path.join(HERE, "..", "tests", "server"))
    from server_harness import Server  # noqa: E402

    total = opts.idle + opts.slow_head + opts.slow_body
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < total + 500:
        sys.exit(f"descriptor limit {hard} is below {total + 500}")

    workdir = tempfile.mkdtemp(prefix="dw-server-hostile-")
    long_s = str(opts.duration * 3 + 60)
    server = Server(workdir, extra_args=[
        "--max-connections", str(total + 1000),
        "--max-connections-per-client", "0", "--header-timeout", long_s,
        "--read-timeout", long_s, "--body-min-rate", "1"])
    try:
        token = server.token("bench@example.com", "--ttl", "2h")
        assert server.request("GET", "/api/v2/admin/me",
                              token=token).status == 200
        r = server.request("POST", "/api/v2/orgs",
                           {"slug": "bench", "display_name": "Bench"},
                           token=token)
        assert r.status == 201, r.body
        org = r.json()["id"]
        url = f"http://127.0.0.1:{server.port}/api/v2/orgs/{org}"
        auth = [f"Authorization: Bearer {token}"]

        print(f"driftwise serve {opts.binary}, {os.cpu_count()} CPUs, load "
              f"average {loadavg()}", flush=True)
        base = parse_wrk(run_wrk(url, opts.duration, opts.connections,
                                 opts.threads, headers=auth))
        rss_base = rss_mib(server.proc.pid)

        t0 = time.monotonic()
        idle = open_from(opts.idle, server.port, 1)
        slow_head = open_from(opts.slow_head, server.port, 2)
        slow_body = open_from(
            opts.slow_body, server.port, 3,
            b"POST /api/v2/orgs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + token.encode() + b"\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100000\r\n\r\n")
        opened_s = time.monotonic() - t0
        head = (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 4000)
        stop = threading.Event()

        def trickle():
            i = 0
            while not stop.is_set():
                for s in slow_head:
                    try:
                        s.send(head[i % len(head):i % len(head) + 1])
                    except OSError:
                        pass
                for s in slow_body:
                    try:
                        s.send(b" ")
                    except OSError:
                        pass
                i += 1
                stop.wait(1.0)

        trickler = threading.Thread(target=trickle)
        trickler.start()
        time.sleep(1.5)
        metrics = server.request("GET", "/metrics").body.decode()
        attacked = parse_wrk(run_wrk(url, opts.duration, opts.connections,
                                     opts.threads, headers=auth))
        rss_attack = rss_mib(server.proc.pid)
        after = server.request("GET", "/metrics").body.decode()
        stop.set()
        trickler.join()
        for s in idle + slow_head + slow_body:
            s.close()
    finally:
        server.stop()

    print(f"opened {opts.idle} idle + {opts.slow_head} slow-head + "
          f"{opts.slow_body} slow-body connections in {opened_s:.1f} s")
    print(f"server saw: open {metric(metrics, 'driftwise_http_connections_open'):.0f}, "
          f"idle {metric(metrics, 'driftwise_http_connections_idle'):.0f}, "
          f"receiving {metric(metrics, 'driftwise_http_connections_receiving'):.0f}; "
          f"handler saturation after the run "
          f"{metric(after, 'driftwise_http_handler_saturation'):.2f}")
    print()
    print("| run | req/s | p50 ms | p99 ms | non-2xx | socket errors | "
          "server RSS MiB |")
    print("|---|---|---|---|---|---|---|")
    for name, f, rss in (("wrk alone", base, rss_base),
                         (f"wrk beside {total} hostile connections",
                          attacked, rss_attack)):
        print(f"| {name} | {f['rps']:.0f} | {f['p50']:.2f} | {f['p99']:.2f} | "
              f"{f['non2xx']} | {f['sock_errors']} | {rss['VmRSS']:.1f} |")
    print(f"\nserver peak RSS (VmHWM) {rss_attack['VmHWM']:.1f} MiB; "
          f"wrk -t{opts.threads} -c{opts.connections} -d{opts.duration}s; "
          f"load average at end {loadavg()}")
    subprocess.run(["rm", "-rf", workdir], check=False)


if __name__ == "__main__":
    main()
