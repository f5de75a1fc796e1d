"""kill -9 during state uploads and refreshes (issue 15, Proof).

Each round starts `driftwise serve` on the same database, runs threads that
upload states (alternating between two different states, so most uploads
make a snapshot) and refresh "file" sources (through the worker pool),
SIGKILLs the server mid-load, restarts it and checks:

  * no half-written snapshot: every snapshot row has exactly
    resource_count state_resources rows and its content-addressed file,
    whose SHA-256 is the row's; every source's current snapshot exists;
  * every job reaches done or error after the restart (leases of jobs the
    kill interrupted expire and they run again);
  * every acknowledged upload's snapshot is stored;
  * every org's audit chain verifies "intact"; PRAGMA integrity_check ok.

DW_STATE_KILL9_ROUNDS sets the rounds (default 5; bench/state_kill9.sh runs 20).
"""
import hashlib
import http.client
import json
import os
import random
import signal
import sqlite3
import threading
import time

from server_harness import Server

ROUNDS = int(os.environ.get("DW_STATE_KILL9_ROUNDS", "5"))
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("DW_SHARED_DIR", os.path.join(HERE, "..", "..", "..", "shared"))
STATE = os.path.join(SHARED, "corpus", "scenarios", "basic-aws", "terraform.tfstate")


def variants():
    """Two valid, different states (the serial differs)."""
    doc = json.load(open(STATE))
    out = []
    for serial in (1001, 1002):
        doc["serial"] = serial
        out.append(json.dumps(doc).encode())
    return out


def loader(port, token, org, sources, states, stop, acked, lock):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    n = 0
    while not stop.is_set():
        kind, sid = random.choice(sources)
        n += 1
        if kind == "upload":
            path, body = f"/api/v2/orgs/{org}/state-sources/{sid}/upload", states[n % 2]
        else:
            path, body = f"/api/v2/orgs/{org}/state-sources/{sid}/refresh", None
        try:
            conn.request("POST", path, body=body, headers={"Authorization": "Bearer " + token})
            r = conn.getresponse()
            data = r.read()
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            time.sleep(0.02)
            continue
        if r.status in (200, 201):
            with lock:
                acked.add(json.loads(data)["snapshot_id"])


def check_consistent(db, snapshots_dir):
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for sid, sha, count in con.execute(
                "SELECT id, sha256, resource_count FROM state_snapshots"):
            rows = con.execute("SELECT count(*) FROM state_resources WHERE snapshot_id=?",
                               (sid,)).fetchone()[0]
            assert rows == count, (sid, rows, count)
            path = os.path.join(snapshots_dir, sha + ".tfstate")
            assert hashlib.sha256(open(path, "rb").read()).hexdigest() == sha
        dangling = con.execute(
            "SELECT count(*) FROM state_sources s WHERE current_snapshot_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM state_snapshots p WHERE p.id = s.current_snapshot_id)"
        ).fetchone()[0]
        assert dangling == 0
        return {r[0] for r in con.execute("SELECT id FROM state_snapshots")}
    finally:
        con.close()


def test_kill9_during_uploads_and_refreshes(tmp_path):
    states_dir = tmp_path / "states"
    states_dir.mkdir()
    states = variants()
    for i in range(2):
        (states_dir / f"s{i}.tfstate").write_bytes(states[i])
    srv = Server(tmp_path, extra_args=["--state-files-dir", str(states_dir),
                                       "--job-lease-seconds", "2", "--workers", "2"])
    token = srv.token("alice@example.com")
    org = srv.request("POST", "/api/v2/orgs", {"slug": "acme", "display_name": "A"},
                      token=token).json()["id"]
    sources = []
    for i in range(3):
        kind = "upload" if i < 2 else "file"
        config = {"path": f"s{i % 2}.tfstate"} if kind == "file" else {}
        r = srv.request("POST", f"/api/v2/orgs/{org}/state-sources",
                        {"display_name": f"s{i}", "kind": kind, "config": config}, token=token)
        assert r.status == 201, r.body
        sources.append((kind, r.json()["id"]))
    acked, lock = set(), threading.Lock()
    try:
        for rnd in range(ROUNDS):
            stop = threading.Event()
            threads = [threading.Thread(target=loader, args=(srv.port, token, org, sources,
                                                             states, stop, acked, lock))
                       for _ in range(3)]
            for t in threads:
                t.start()
            # Swap a file source's bytes so refreshes make new snapshots too.
            (states_dir / "s0.tfstate").write_bytes(states[rnd % 2])
            time.sleep(random.uniform(0.3, 1.0))
            srv.proc.send_signal(signal.SIGKILL)
            srv.proc.wait()
            stop.set()
            for t in threads:
                t.join()
            srv.start()
            stored = check_consistent(srv.db, srv.db + ".snapshots")
            assert acked <= stored, acked - stored
            # Interrupted jobs re-run after their 2 s lease: all end.
            deadline = time.time() + 30
            while time.time() < deadline:
                con = sqlite3.connect(srv.db)
                pending = con.execute(
                    "SELECT count(*) FROM jobs WHERE state IN ('queued','running')"
                ).fetchone()[0]
                con.close()
                if pending == 0:
                    break
                time.sleep(0.2)
            assert pending == 0, f"round {rnd}: {pending} jobs never finished"
            r = srv.request("GET", f"/api/v2/orgs/{org}/audit-log/verify", token=token) \
                if rnd in (0, ROUNDS - 1) else None
            if r is not None:
                assert r.status == 200 and r.json()["status"] == "intact", r.body
        check_consistent(srv.db, srv.db + ".snapshots")
        assert acked, "no upload or refresh was ever acknowledged"
    finally:
        srv.stop()
