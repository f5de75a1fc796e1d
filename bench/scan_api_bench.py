#!/usr/bin/env python3
"""A scan through the API against `driftwise drift` on the same files
(issue 16, Proof), then GET .../drift page latency and posture latency.

1. A generated state of N aws_instance resources and the matching live
   inventory (N AWS::EC2::Instance records, every 10th with another
   instance type, every 50th missing, N/50 unmanaged extras).
2. `driftwise drift --state S --inventory I -o json` (best of --runs), and
   through the API: account + state upload + inventory push (not timed),
   then POST .../scans -> done (timed, best of --runs). Ratio API / CLI.
3. GET .../scans/{id}/drift?limit=100 at random offsets: p50/p99.
4. Posture over --posture-scans stored scans (basic-aws-sized scans of
   one account): p50/p99 of GET .../posture and .../infrastructure/summary.

usage: scan_api_bench.py --driftwise BUILD/src/driftwise [--instances 100000]
       [--runs 1] [--pages 200] [--posture-scans 1000]
"""
import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "server"))


def generate(dirname, n):
    state_path = os.path.join(dirname, "state.tfstate")
    inv_path = os.path.join(dirname, "inventory.json")
    instances = []
    live = []
    for k in range(n):
        iid = f"i-{k:017x}"
        attrs = {"id": iid, "arn": f"arn:aws:ec2:us-east-1:123456789012:instance/{iid}",
                 "instance_type": "t3.micro", "ami": "ami-0abcdef1234567890",
                 "tags": {"Name": f"web-{k}"}, "tags_all": {"Name": f"web-{k}"}}
        instances.append({"index_key": k, "schema_version": 1, "attributes": attrs})
        if k % 50 == 49:
            continue  # missing live
        live.append({"provider": "aws", "provider_type": "AWS::EC2::Instance",
                     "provider_resource_id": iid, "region": "us-east-1",
                     "account": "123456789012", "name": f"web-{k}",
                     "properties": {"InstanceId": iid,
                                    "InstanceType": "t3.large" if k % 10 == 0 else "t3.micro",
                                    "ImageId": "ami-0abcdef1234567890",
                                    "Tags": [{"Key": "Name", "Value": f"web-{k}"}]}})
    for k in range(n // 50):
        iid = f"i-f{k:016x}"
        live.append({"provider": "aws", "provider_type": "AWS::EC2::Instance",
                     "provider_resource_id": iid, "region": "us-east-1",
                     "account": "123456789012", "name": f"extra-{k}",
                     "properties": {"InstanceId": iid, "InstanceType": "t3.micro"}})
    state = {"version": 4, "terraform_version": "1.6.6", "serial": 1, "lineage": "bench",
             "outputs": {}, "resources": [{"mode": "managed", "type": "aws_instance",
                                           "name": "web", "provider":
                                           "provider[\"registry.terraform.io/hashicorp/aws\"]",
                                           "instances": instances}]}
    with open(state_path, "w") as f:
        json.dump(state, f)
    with open(inv_path, "w") as f:
        json.dump(live, f)
    return state_path, inv_path


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driftwise", required=True)
    ap.add_argument("--instances", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--posture-scans", type=int, default=1000)
    args = ap.parse_args()
    args.driftwise = os.path.abspath(args.driftwise)
    os.environ["DW_CLI"] = args.driftwise
    from server_harness import Server

    work = tempfile.mkdtemp(prefix="dw-scan-bench-")
    state_path, inv_path = generate(work, args.instances)
    mb = (os.path.getsize(state_path) + os.path.getsize(inv_path)) / 1e6
    cli = []
    for _ in range(args.runs):
        t = time.perf_counter()
        p = subprocess.run([args.driftwise, "drift", "--state", state_path, "--inventory",
                            inv_path, "-o", "json"], capture_output=True)
        cli.append(time.perf_counter() - t)
        assert p.returncode in (0, 1), p.stderr
    cli_report = json.loads(p.stdout)

    os.makedirs(os.path.join(work, "srv"))
    srv = Server(os.path.join(work, "srv"),
                 extra_args=["--max-state-bytes", str(4 << 30),
                             "--max-inventory-bytes", str(4 << 30)])
    admin = srv.token("root@example.com")
    srv.request("GET", "/api/v2/admin/me", token=admin)
    token = srv.token("owner@example.com")
    org = srv.request("POST", "/api/v2/orgs", {"slug": "bench", "display_name": "b"},
                      token=token).json()["id"]
    srv.stop()
    with sqlite3.connect(srv.db) as db:
        db.execute("UPDATE orgs SET plan='enterprise'")
    db.close()
    srv.start()
    base = f"/api/v2/orgs/{org}"
    acct = srv.request("POST", f"{base}/accounts", {
        "provider": "aws", "external_account_id": "123456789012", "display_name": "b",
        "credential_type": "inventory_push", "credential_ref": ""}, token=token).json()["id"]
    with open(inv_path, "rb") as f:
        r = srv.request("POST", f"{base}/accounts/{acct}/inventory", f.read(), token=token,
                        timeout=600)
    assert r.status == 200, r.body[:300]
    src = srv.request("POST", f"{base}/state-sources", {
        "display_name": "s", "kind": "upload", "config": {}}, token=token).json()["id"]
    with open(state_path, "rb") as f:
        r = srv.request("POST", f"{base}/state-sources/{src}/upload", f.read(), token=token,
                        timeout=600)
    assert r.status == 201, r.body[:300]
    api, scan_id = [], None
    for _ in range(args.runs):
        t = time.perf_counter()
        scan_id = srv.request("POST", f"{base}/scans", {"cloud_account_id": acct},
                              token=token).json()["id"]
        while True:
            s = srv.request("GET", f"{base}/scans/{scan_id}", token=token).json()
            if s["status"] in ("done", "error"):
                break
            time.sleep(0.02)
        api.append(time.perf_counter() - t)
        assert s["status"] == "done", s
    drift = srv.request("GET", f"{base}/scans/{scan_id}/drift?limit=1", token=token).json()
    summary = cli_report.get("summary", {})
    print(f"inputs: {args.instances} state instances, {mb:.1f} MB state+inventory")
    print(f"driftwise drift: {min(cli):.2f} s; API scan (POST -> done): {min(api):.2f} s; "
          f"ratio {min(api) / min(cli):.2f}x")
    print(f"counts CLI changed/missing/extra = {summary.get('changed')}/"
          f"{summary.get('missing')}/{summary.get('extra')}; API = "
          f"{drift['changed_count']}/{drift['missing_count']}/{drift['extra_count']} "
          f"(+{drift['noise_count']} noise)")
    total = drift["total"]
    lat = []
    for _ in range(args.pages):
        off = random.randrange(0, max(1, total - 100))
        t = time.perf_counter()
        r = srv.request("GET", f"{base}/scans/{scan_id}/drift?limit=100&offset={off}",
                        token=token)
        lat.append((time.perf_counter() - t) * 1000)
        assert r.status == 200
    print(f"GET drift pages of 100 over {total} items: p50 {pct(lat, 50):.1f} ms, "
          f"p99 {pct(lat, 99):.1f} ms ({args.pages} requests)")

    # Posture over many stored scans: a small account scanned many times.
    # Scans compare against every state of the org: for speed, the posture
    # scans use an org of their own with a small state.
    org2 = srv.request("POST", "/api/v2/orgs", {"slug": "bench-posture", "display_name": "p"},
                       token=token).json()["id"]
    srv.stop()
    with sqlite3.connect(srv.db) as db:
        db.execute("UPDATE orgs SET plan='enterprise'")
    db.close()
    srv.start()
    b2 = f"/api/v2/orgs/{org2}"
    a2 = srv.request("POST", f"{b2}/accounts", {
        "provider": "aws", "external_account_id": "123456789012", "display_name": "p",
        "credential_type": "inventory_push", "credential_ref": ""}, token=token).json()["id"]
    scen = os.environ.get("DW_SHARED_DIR", os.path.join(HERE, "..", "..", "shared"))
    scen = os.path.join(scen, "corpus", "scenarios", "basic-aws")
    with open(os.path.join(scen, "inventory.json"), "rb") as f:
        srv.request("POST", f"{b2}/accounts/{a2}/inventory", f.read(), token=token)
    s2 = srv.request("POST", f"{b2}/state-sources", {
        "display_name": "s", "kind": "upload", "config": {}}, token=token).json()["id"]
    with open(os.path.join(scen, "terraform.tfstate"), "rb") as f:
        srv.request("POST", f"{b2}/state-sources/{s2}/upload", f.read(), token=token)
    t = time.perf_counter()
    queued = 0
    while queued < args.posture_scans:
        r = srv.request("POST", f"{b2}/scans", {"cloud_account_id": a2}, token=token)
        if r.status == 202:
            queued += 1
        else:
            time.sleep(0.05)  # 402: the concurrent limit; let workers catch up
    while True:
        s = srv.request("GET", f"{b2}/scans?limit=1", token=token).json()
        with sqlite3.connect(srv.db) as db:
            left = db.execute("SELECT count(*) FROM scan_runs WHERE status IN "
                              "('pending','running')").fetchone()[0]
        db.close()
        if left == 0:
            break
        time.sleep(0.2)
    print(f"{args.posture_scans} scans stored in {time.perf_counter() - t:.1f} s")
    for route in ("/posture", "/infrastructure/summary",
                  "/infrastructure/drift-history?days=30"):
        lat = []
        for _ in range(200):
            t = time.perf_counter()
            r = srv.request("GET", b2 + route, token=token)
            lat.append((time.perf_counter() - t) * 1000)
            assert r.status == 200
        print(f"GET {route} over {args.posture_scans} scans: p50 {pct(lat, 50):.1f} ms, "
              f"p99 {pct(lat, 99):.1f} ms")
    srv.stop()


if __name__ == "__main__":
    main()
