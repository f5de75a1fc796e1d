#!/usr/bin/env python3
"""Upload + snapshot of a large generated state through the API against
`driftwise state show -o json` on the same file (issue 15, Proof), with the
server's peak RSS (VmHWM) as a multiple of the state's size.

The state is generated here (deterministic, v4, aws_instance resources with
realistic attributes, ~330 bytes of JSON per instance: 1,000,000 instances
make ~330 MB). The upload is a real HTTP POST on loopback streamed from the
file; the time covers sending, spooling to disk, hashing, parsing with the
core parser and committing the snapshot and its resource rows.

usage: state_upload_bench.py --driftwise BUILD/src/driftwise
                             [--instances 1000000] [--runs 1] [--keep DIR]
"""
import argparse
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "server"))


def generate(path, instances):
    with open(path, "w") as f:
        f.write('{"version": 4, "terraform_version": "1.6.6", "serial": 7, '
                '"lineage": "bench-lineage", "outputs": {}, "resources": [\n')
        per = 1000
        for r in range(0, instances, per):
            n = min(per, instances - r)
            insts = []
            for i in range(n):
                k = r + i
                insts.append(json.dumps({
                    "index_key": i, "schema_version": 1,
                    "attributes": {
                        "id": f"i-{k:017x}", "ami": "ami-0abcdef1234567890",
                        "instance_type": "t3.micro", "subnet_id": f"subnet-{k % 97:08x}",
                        "private_ip": f"10.{k >> 16 & 255}.{k >> 8 & 255}.{k & 255}",
                        "tags": {"Name": f"web-{k}", "team": "platform"},
                        "monitoring": False},
                    "sensitive_attributes": []}, separators=(",", ":")))
            f.write(("," if r else "") + json.dumps({
                "mode": "managed", "type": "aws_instance", "name": f"web{r // per}",
                "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
                "instances": []})[:-2] + ",".join(insts) + "]}\n")
        f.write("]}\n")


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driftwise", required=True)
    ap.add_argument("--instances", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--keep")
    args = ap.parse_args()
    os.environ["DW_CLI"] = os.path.abspath(args.driftwise)
    from server_harness import Server  # noqa: E402 (needs DW_CLI)

    work = args.keep or tempfile.mkdtemp(prefix="dw-state-bench-")
    os.makedirs(work, exist_ok=True)
    state = os.path.join(work, "big.tfstate")
    if not os.path.exists(state):
        t = time.time()
        generate(state, args.instances)
        print(f"generated {args.instances} instances in {time.time() - t:.1f} s")
    size = os.path.getsize(state)
    print(f"state: {size / 1e6:.1f} MB, {args.instances} instances")

    show = []
    for _ in range(args.runs):
        t = time.time()
        subprocess.run([args.driftwise, "state", "show", "-o", "json", state],
                       check=True, stdout=subprocess.DEVNULL)
        show.append(time.time() - t)
    show_s = min(show)
    print(f"driftwise state show -o json: {show_s:.2f} s ({size / 1e6 / show_s:.0f} MB/s)")

    srvdir = os.path.join(work, "server")
    shutil.rmtree(srvdir, ignore_errors=True)
    os.makedirs(srvdir)
    srv = Server(srvdir, extra_args=["--max-state-bytes", str(size + 1)])
    try:
        token = srv.token("bench@example.com")
        org = srv.request("POST", "/api/v2/orgs", {"slug": "bench", "display_name": "B"},
                          token=token).json()["id"]
        base_rss = peak_rss_kib(srv.proc.pid)
        uploads = []
        for run in range(args.runs):
            sid = srv.request("POST", f"/api/v2/orgs/{org}/state-sources",
                              {"display_name": f"big{run}", "kind": "upload", "config": {}},
                              token=token).json()["id"]
            conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=3600)
            t = time.time()
            with open(state, "rb") as body:
                conn.request("POST", f"/api/v2/orgs/{org}/state-sources/{sid}/upload",
                             body=body, headers={"Authorization": "Bearer " + token,
                                                 "Content-Length": str(size)})
                r = conn.getresponse()
                data = r.read()
            uploads.append(time.time() - t)
            assert r.status in (200, 201), (r.status, data[:300])
            out = json.loads(data)
            assert out["resource_count"] == args.instances, out
        rss = peak_rss_kib(srv.proc.pid)
    finally:
        srv.stop()
    up_s = min(uploads)
    print(f"upload + snapshot through the API: {up_s:.2f} s "
          f"({size / 1e6 / up_s:.0f} MB/s) = {up_s / show_s:.2f}x state show")
    print(f"server peak RSS: {rss / 1024:.0f} MiB (idle {base_rss / 1024:.0f} MiB) = "
          f"{rss * 1024 / size:.2f}x the state's size")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
