"""State sources end to end (issue 15), driven through the API as a user
would against a real `driftwise serve`: upload the basic-aws state and get
the facts `driftwise state show -o json` gives for the same bytes; an
unchanged state adds nothing; bad input (truncated, non-JSON, a plan, over
the size cap, a gzip bomb) gets a clear 4xx and changes no snapshot; file
sources refresh through the worker pool; globs discover, rescan, refresh
and cascade-delete; plan limits answer 402; another org's ids answer 404
exactly like unknown ones; credentials of 100 sources appear nowhere in
the database, its WAL, the logs or any response.
"""
import gzip
import hashlib
import json
import os
import re
import socket
import sqlite3
import subprocess
import time
import uuid

import pytest

from server_harness import CLI, Server

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("DW_SHARED_DIR", os.path.join(HERE, "..", "..", "..", "shared"))
SCENARIO = os.path.join(SHARED, "corpus", "scenarios", "basic-aws")
STATE_PATH = os.path.join(SCENARIO, "terraform.tfstate")


def ok(r, status=200):
    assert r.status == status, (r.status, r.body[:500])
    return r.json() if r.body else None


def error(r, status, *fragments):
    assert r.status == status, (r.status, r.body[:500])
    body = r.json()
    assert sorted(body) == ["error", "error_class", "request_id"], body
    for f in fragments:
        assert f in body["error"], (f, body)
    return body


def state_show(path):
    out = subprocess.run([CLI, "state", "show", "-o", "json", path],
                         check=True, capture_output=True)
    return json.loads(out.stdout)


def stored(db, sql, *args):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def snapshot_files(db):
    d = db + ".snapshots"
    return sorted(os.listdir(d)) if os.path.isdir(d) else []


class Org:
    def __init__(self, server, email, slug):
        self.server = server
        self.token = server.token(email)
        self.id = ok(server.request("POST", "/api/v2/orgs",
                                    {"slug": slug, "display_name": slug},
                                    token=self.token), 201)["id"]

    def call(self, method, path, body=None, **kw):
        return self.server.request(method, f"/api/v2/orgs/{self.id}{path}",
                                   body, token=self.token, **kw)

    def source(self, kind="upload", config=None, **extra):
        body = dict({"display_name": "src-" + uuid.uuid4().hex[:8], "kind": kind,
                     "config": config or {}}, **extra)
        return ok(self.call("POST", "/state-sources", body), 201)

    def get_source(self, sid):
        items = ok(self.call("GET", "/state-sources?limit=500"))["state_sources"]
        return next((s for s in items if s["id"] == sid), None)


def set_plan(server, org_id, plan):
    server.stop()
    with sqlite3.connect(server.db) as db:
        db.execute("UPDATE orgs SET plan=? WHERE id=?", (plan, org_id))
    db.close()
    server.start()


@pytest.fixture()
def world(tmp_path):
    states = tmp_path / "states"
    states.mkdir()
    srv = Server(tmp_path, extra_args=["--state-files-dir", str(states),
                                       "--max-state-bytes", "4000000"])
    yield srv, str(states)
    srv.stop()


def test_upload_matches_state_show_and_unchanged_adds_nothing(world):
    srv, _ = world
    org = Org(srv, "alice@example.com", "acme")
    src = org.source()
    assert src["latest_snapshot_id"] is None and src["has_credentials"] is False
    data = open(STATE_PATH, "rb").read()
    first = ok(org.call("POST", f"/state-sources/{src['id']}/upload", data), 201)
    want = state_show(STATE_PATH)
    assert first["refreshed"] is True
    assert first["content_hash"] == hashlib.sha256(data).hexdigest()
    assert first["resource_count"] == len(want["resources"])
    (sha, serial, lineage, tfv, count, nbytes), = stored(
        srv.db, "SELECT sha256, serial, lineage, terraform_version, resource_count, bytes "
                "FROM state_snapshots WHERE id = ?", first["snapshot_id"])
    assert (serial, lineage, tfv) == (want["serial"], want["lineage"], want["terraform_version"])
    assert (count, nbytes) == (len(want["resources"]), len(data))
    rows = stored(srv.db, "SELECT address, mode, type, name, provider, module, index_key, "
                          "resource_id FROM state_resources WHERE snapshot_id = ? "
                          "ORDER BY ordinal", first["snapshot_id"])
    expect = [(r["address"], r["mode"], r["type"], r["name"], r["provider"],
               r["module"] or "", "" if r["index"] is None else json.dumps(r["index"]),
               (r["attributes"] or {}).get("id") or "") for r in want["resources"]]
    assert rows == expect
    # The verbatim bytes are kept content-addressed for the scans.
    path = srv.db + ".snapshots/" + sha + ".tfstate"
    assert open(path, "rb").read() == data
    listed = org.get_source(src["id"])
    assert listed["latest_snapshot_id"] == first["snapshot_id"]
    assert listed["status"] == "ok" and listed["last_fetched_at"]

    # Same bytes again, plain or gzip: 200, no new snapshot.
    for body in (data, gzip.compress(data)):
        again = ok(org.call("POST", f"/state-sources/{src['id']}/upload", body))
        assert again["refreshed"] is False
        assert again["snapshot_id"] == first["snapshot_id"]
    assert stored(srv.db, "SELECT count(*) FROM state_snapshots") == [(1,)]
    # Refresh of an upload source answers its current snapshot.
    cur = ok(org.call("POST", f"/state-sources/{src['id']}/refresh"))
    assert cur["snapshot_id"] == first["snapshot_id"] and cur["refreshed"] is False
    assert snapshot_files(srv.db) == [sha + ".tfstate"]


def test_bad_uploads_get_a_clear_4xx_and_change_no_snapshot(world):
    srv, _ = world
    org = Org(srv, "alice@example.com", "acme")
    src = org.source()
    data = open(STATE_PATH, "rb").read()
    good = ok(org.call("POST", f"/state-sources/{src['id']}/upload", data), 201)
    before = (stored(srv.db, "SELECT * FROM state_snapshots"),
              stored(srv.db, "SELECT count(*) FROM state_resources"),
              snapshot_files(srv.db))
    cases = [
        ("truncated", data[: len(data) // 2], 422, "at byte"),
        ("non-JSON", b"this is not json", 422, "at byte"),
        ("plan", open(os.path.join(SCENARIO, "plan.json"), "rb").read(), 422,
         "not a usable Terraform state"),
        ("gzip bomb", gzip.compress(b" " * 50_000_000), 413, "4000000"),
        ("corrupt gzip", gzip.compress(data)[:200], 400, "gzip"),
        ("empty", b"", 400, "body"),
    ]
    # Far over the cap: refused on its Content-Length, before any body byte
    # is read (the server answers and closes, so send only the head; a
    # modest excess would be read and dropped first).
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
        sock.sendall((f"POST /api/v2/orgs/{org.id}/state-sources/{src['id']}/upload HTTP/1.1\r\n"
                      f"Host: x\r\nAuthorization: Bearer {org.token}\r\n"
                      f"Content-Length: 400000001\r\n\r\n").encode())
        head = sock.recv(65536).decode(errors="replace")
    assert head.startswith("HTTP/1.1 413") and "4000000" in head, head
    for name, body, status, fragment in cases:
        r = org.call("POST", f"/state-sources/{src['id']}/upload", body)
        error(r, status, fragment)
        after = (stored(srv.db, "SELECT * FROM state_snapshots"),
                 stored(srv.db, "SELECT count(*) FROM state_resources"),
                 snapshot_files(srv.db))
        assert after == before, name
        listed = org.get_source(src["id"])
        assert listed["latest_snapshot_id"] == good["snapshot_id"], name
    # The parser's error (with its byte offset) is on the source.
    org.call("POST", f"/state-sources/{src['id']}/upload", b'{"version": 4, "resources": [')
    listed = org.get_source(src["id"])
    assert listed["status"] == "error" and "byte" in listed["last_fetch_error"], listed


def test_file_source_refreshes_through_jobs_and_keeps_last_good(world):
    srv, states = world
    org = Org(srv, "alice@example.com", "acme")
    data = open(STATE_PATH, "rb").read()
    with open(os.path.join(states, "prod.tfstate"), "wb") as f:
        f.write(data)
    error(org.call("POST", "/state-sources",
                   {"display_name": "x", "kind": "file", "config": {"path": "../etc/passwd"}}),
          400, "leaves")
    src = org.source("file", {"path": "prod.tfstate"})
    first = ok(org.call("POST", f"/state-sources/{src['id']}/refresh"))
    assert first["refreshed"] is True
    assert first["resource_count"] == len(state_show(STATE_PATH)["resources"])
    second = ok(org.call("POST", f"/state-sources/{src['id']}/refresh"))
    assert second["refreshed"] is False and second["snapshot_id"] == first["snapshot_id"]
    with open(os.path.join(states, "prod.tfstate"), "wb") as f:
        f.write(data[:100])
    error(org.call("POST", f"/state-sources/{src['id']}/refresh"), 422, "at byte")
    listed = org.get_source(src["id"])
    assert listed["latest_snapshot_id"] == first["snapshot_id"]
    assert listed["status"] == "error" and "at byte" in listed["last_fetch_error"]
    assert stored(srv.db, "SELECT state, count(*) FROM jobs GROUP BY state") == \
        [("done", 2), ("error", 1)]
        # Backend endpoints pass the SSRF checks before anything is saved.
    for endpoint in ("http://127.0.0.1:9", "https://169.254.169.254", "https://10.0.0.1",
                     "https://0x7f.0.0.1", "https://[::ffff:127.0.0.1]"):
        error(org.call("POST", "/state-sources",
                       {"display_name": "x", "kind": "s3",
                        "config": {"bucket": "b", "key": "k", "endpoint": endpoint}}),
              400, "config.endpoint")


def test_plan_limit_cross_org_404_and_delete(world):
    srv, _ = world
    a = Org(srv, "alice@example.com", "acme")
    b = Org(srv, "bob@example.com", "beta")
    ids = [a.source()["id"] for _ in range(3)]  # the free plan's limit
    r = a.call("POST", "/state-sources", {"display_name": "4th", "kind": "upload", "config": {}})
    assert r.status == 402, r.body
    assert r.json()["limit"] == "state_sources"
    theirs = b.source()["id"]
    for method, suffix in (("DELETE", ""), ("POST", "/refresh"), ("POST", "/upload")):
        body = b"{}" if suffix == "/upload" else None
        other = a.call(method, f"/state-sources/{theirs}{suffix}", body)
        missing = a.call(method, f"/state-sources/{uuid.uuid4()}{suffix}", body)
        assert other.status == missing.status == 404
        strip = lambda x: re.sub(rb'"request_id":"[^"]*"', b"", x)
        assert strip(other.body) == strip(missing.body)
    assert a.call("DELETE", f"/state-sources/{ids[0]}").status == 204
    assert a.call("DELETE", f"/state-sources/{ids[0]}").status == 404
    assert len(ok(a.call("GET", "/state-sources"))["state_sources"]) == 2
    ok(a.call("POST", "/state-sources", {"display_name": "again", "kind": "upload",
                                         "config": {}}), 201)
    verify = ok(a.call("GET", "/audit-log/verify"))
    assert verify["status"] == "intact", verify


def test_globs_discover_rescan_refresh_and_cascade(world):
    srv, states = world
    org = Org(srv, "alice@example.com", "acme")
    data = open(STATE_PATH, "rb").read()
    bucket = os.path.join(states, "bucket")
    os.makedirs(os.path.join(bucket, "envs"))
    for name in ("envs/a.tfstate", "envs/b.tfstate", "envs/c.tfstate",
                 "envs/notes.txt", "other/d.tfstate"):
        os.makedirs(os.path.dirname(os.path.join(bucket, name)), exist_ok=True)
        with open(os.path.join(bucket, name), "wb") as f:
            f.write(data)
    body = {"bucket": "bucket", "prefix": "envs/", "cloud_account_id": "acct",
            "display_name": "envs", "provider": "file"}
    r = org.call("POST", "/state-source-globs/preview", body)
    assert r.status == 402 and r.json()["limit"] == "glob_state_sources", r.body
    set_plan(srv, org.id, "team")
    preview = ok(org.call("POST", "/state-source-globs/preview", body))
    assert preview == {"total_matches": 3, "would_add": 3, "would_truncate": False,
                       "plan_remaining": 100, "would_exceed_plan": False}
    hand = org.source()
    created = ok(org.call("POST", "/state-source-globs", body), 201)
    assert created["added"] == 3 and created["truncated"] is False
    gid = created["glob"]["id"]
    children = [s for s in ok(org.call("GET", "/state-sources"))["state_sources"]
                if s["parent_glob_id"] == gid]
    assert sorted(s["config"]["path"] for s in children) == [
        "bucket/envs/a.tfstate", "bucket/envs/b.tfstate", "bucket/envs/c.tfstate"]
    with open(os.path.join(bucket, "envs", "e.tfstate"), "wb") as f:
        f.write(data)
    assert ok(org.call("POST", f"/state-source-globs/{gid}/rescan")) == \
        {"added": 1, "total": 4, "truncated": False}
    assert ok(org.call("POST", f"/state-source-globs/{gid}/rescan"))["added"] == 0
    assert ok(org.call("GET", "/state-source-globs"))[0]["child_count"] == 4
    assert ok(org.call("POST", f"/state-source-globs/{gid}/refresh-children"), 202) == {"queued": 4}
    deadline = time.time() + 30
    while time.time() < deadline:
        kids = [s for s in ok(org.call("GET", "/state-sources"))["state_sources"]
                if s["parent_glob_id"] == gid]
        if all(s["latest_snapshot_id"] for s in kids):
            break
        time.sleep(0.2)
    assert all(s["latest_snapshot_id"] and s["status"] == "ok" for s in kids), kids
    # Same bytes everywhere: one file on disk, four snapshots.
    assert len(snapshot_files(srv.db)) == 1
    assert org.call("DELETE", f"/state-source-globs/{gid}").status == 204
    left = ok(org.call("GET", "/state-sources"))["state_sources"]
    assert [s["id"] for s in left] == [hand["id"]]
    assert ok(org.call("GET", "/state-source-globs")) == []
    events = ok(org.call("GET", "/audit-log?limit=200"))
    deleted = [e for e in events.get("events", events.get("audit_log", []))
               if e.get("action") == "state_source_glob.deleted"]
    assert deleted and '"children_deleted":4' in json.dumps(deleted[0]).replace(" ", "")


def test_credentials_of_100_sources_are_never_stored_logged_or_returned(world):
    srv, _ = world
    org = Org(srv, "alice@example.com", "acme")
    set_plan(srv, org.id, "enterprise")
    secrets = []
    bodies = []
    for i in range(100):
        secret = f"SeCrEt{uuid.uuid4().hex}"
        token = f"TfcToken{uuid.uuid4().hex}"
        secrets += [secret, token]
        kind = "s3" if i % 2 else "tfc"
        config = ({"bucket": "b", "key": f"k{i}.tfstate", "region": "eu-west-1",
                   "secret_access_key": secret} if kind == "s3"
                  else {"organization": "acme", "workspace": f"ws{i}", "token": secret})
        r = org.call("POST", "/state-sources",
                     {"display_name": f"s{i}", "kind": kind, "config": config,
                      "credentials": {"access_key_id": f"AKID{i}",
                                      "session_token": token}})
        bodies.append(r.body)
        created = ok(r, 201)
        assert created["has_credentials"] is True
    bodies.append(org.call("GET", "/state-sources?limit=500").body)
    bodies.append(org.call("GET", "/audit-log?limit=200").body)
    sealed = stored(srv.db, "SELECT credentials FROM state_sources")
    assert len(sealed) == 100 and all(c.startswith("dws1:") for (c,) in sealed)
    blobs = b"".join(bodies)
    for path in (srv.db, srv.db + "-wal", srv.access_log, srv.stderr_path):
        if os.path.exists(path):
            blobs += open(path, "rb").read()
    leaked = [s for s in secrets if s.encode() in blobs]
    assert not leaked, f"{len(leaked)} secrets leaked, e.g. {leaked[:2]}"
