"""kill -9 during concurrent scans (issue 16, Proof).

Each round starts `driftwise serve` on the same database, queues scans
from several threads, SIGKILLs the server while the workers run them,
restarts it and checks:

  * every acknowledged scan exists and ends done or error (a scan the kill
    interrupted runs again once its job's lease expires);
  * none is duplicated or half-stored: one summary per done scan, exactly
    its items (the summary's counts), none for scans in error; one
    scan.completed event at most per scan;
  * every job is done or error; every org's audit chain verifies "intact";
    PRAGMA integrity_check is ok.

DW_SCAN_KILL9_ROUNDS sets the rounds (default 2; bench/scan_kill9.sh runs 20).
"""
import http.client
import json
import os
import random
import signal
import sqlite3
import threading
import time

import pytest

from server_harness import Server

ROUNDS = int(os.environ.get("DW_SCAN_KILL9_ROUNDS", "2"))
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("DW_SHARED_DIR", os.path.join(HERE, "..", "..", "..", "shared"))
SCENARIO = os.path.join(SHARED, "corpus", "scenarios", "basic-aws")
ARGS = ["--job-lease-seconds", "2", "--workers", "2"]

pytestmark = pytest.mark.skipif(not os.path.isdir(SCENARIO),
                                reason=f"shared corpus not found at {SCENARIO}")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def ok(r, status=200):
    assert r.status == status, (r.status, r.body[:300])
    return r.json() if r.body else None


def queue_scans(port, token, org, account, stop, acked, lock):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body = json.dumps({"cloud_account_id": account})
    while not stop.is_set():
        try:
            conn.request("POST", f"/api/v2/orgs/{org}/scans", body=body,
                         headers={"Authorization": "Bearer " + token,
                                  "Content-Type": "application/json"})
            r = conn.getresponse()
            data = r.read()
        except (OSError, http.client.HTTPException):
            return
        if r.status == 202:
            with lock:
                acked.append(json.loads(data)["id"])
        time.sleep(0.01)


def test_kill9_during_concurrent_scans(tmp_path):
    srv = Server(tmp_path, extra_args=ARGS)
    admin = srv.token("root@example.com")
    ok(srv.request("GET", "/api/v2/admin/me", token=admin))
    token = srv.token("owner@example.com")
    org = ok(srv.request("POST", "/api/v2/orgs", {"slug": "k9", "display_name": "k9"},
                         token=token), 201)["id"]
    srv.stop()
    with sqlite3.connect(srv.db) as db:
        db.execute("UPDATE orgs SET plan='enterprise'")
    db.close()
    srv.start()
    base = f"/api/v2/orgs/{org}"
    account = ok(srv.request("POST", f"{base}/accounts", {
        "provider": "aws", "external_account_id": "123456789012", "display_name": "p",
        "credential_type": "inventory_push", "credential_ref": ""}, token=token), 201)["id"]
    ok(srv.request("POST", f"{base}/accounts/{account}/inventory",
                   read(os.path.join(SCENARIO, "inventory.json")), token=token))
    src = ok(srv.request("POST", f"{base}/state-sources", {
        "display_name": "s", "kind": "upload", "config": {}}, token=token), 201)["id"]
    ok(srv.request("POST", f"{base}/state-sources/{src}/upload",
                   read(os.path.join(SCENARIO, "terraform.tfstate")), token=token), 201)

    acked, lock = [], threading.Lock()
    for _ in range(ROUNDS):
        stop = threading.Event()
        threads = [threading.Thread(target=queue_scans,
                                    args=(srv.port, token, org, account, stop, acked, lock))
                   for _ in range(3)]
        for t in threads:
            t.start()
        time.sleep(random.uniform(0.2, 0.6))
        srv.stop(sig=signal.SIGKILL)
        stop.set()
        for t in threads:
            t.join()
        srv.start()

    # After the last restart every scan must end (leases expire in 2 s).
    deadline = time.time() + 120
    while time.time() < deadline:
        with sqlite3.connect(srv.db) as db:
            open_scans = db.execute("SELECT count(*) FROM scan_runs WHERE status IN "
                                    "('pending', 'running')").fetchone()[0]
        db.close()
        if open_scans == 0:
            break
        time.sleep(0.2)
    verify = ok(srv.request("GET", f"{base}/audit-log/verify", token=token))
    srv.stop()
    assert verify["status"] == "intact", verify
    assert acked, "no scan was acknowledged"
    with sqlite3.connect(srv.db) as db:
        scans = dict(db.execute("SELECT id, status FROM scan_runs").fetchall())
        for sid in acked:
            assert sid in scans, f"acknowledged scan {sid} lost"
        assert set(scans.values()) <= {"done", "error"}, scans
        jobs = [s for (s,) in db.execute("SELECT state FROM jobs WHERE kind='scan.run'")]
        assert jobs and set(jobs) <= {"done", "error"}, jobs
        assert len(jobs) == len(scans)
        summaries = dict(db.execute(
            "SELECT scan_id, new_count + missing_count + changed_count + noise_count "
            "FROM scan_summaries").fetchall())
        items = dict(db.execute(
            "SELECT scan_id, count(*) FROM drift_items GROUP BY scan_id").fetchall())
        completed = dict(db.execute(
            "SELECT target, count(*) FROM audit_events WHERE action='scan.completed' "
            "GROUP BY target").fetchall())
        for sid, status in scans.items():
            if status == "done":
                assert sid in summaries, f"done scan {sid} has no summary"
                assert items.get(sid, 0) == summaries[sid], sid
                assert completed.get(sid) == 1, (sid, completed.get(sid))
            else:
                assert sid not in summaries and sid not in items, sid
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    print(f"\nscan kill -9: {ROUNDS} rounds, {len(acked)} acknowledged scans, "
          f"{sum(1 for s in scans.values() if s == 'done')} done, "
          f"{sum(1 for s in scans.values() if s == 'error')} error")
