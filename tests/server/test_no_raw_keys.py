"""No raw API key and no bearer token is ever written at rest or in logs.

Creates 1,000 API keys through the API, uses some of them, sends raw keys
where they do not belong (query strings, Authorization headers), then stops
the server and scans every file it wrote (database, WAL, access log, stderr,
pepper file) as bytes. Sanity checks prove the scan sees what is stored:
every key's prefix and its HMAC-SHA-256(pepper, key) are in the database.
"""
import concurrent.futures
import hashlib
import hmac
import os
import sqlite3
import time
import urllib.parse

from server_harness import Server

KEYS = 1000
USED = 100


def files_under(root):
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                yield path, f.read()


def test_no_raw_key_or_token_at_rest_or_in_logs(tmp_path):
    started = time.time()
    srv = Server(tmp_path)
    token = srv.token("owner@example.com")
    assert srv.request("GET", "/api/v2/admin/me", token=token).status == 200
    org = srv.request("POST", "/api/v2/orgs", {"slug": "many-keys", "display_name": "K"},
                      token=token).json()["id"]
    # The free plan allows 2 keys and no API changes a plan: set it in the
    # file while the server is stopped, then restart on the same files.
    srv.stop()
    with sqlite3.connect(srv.db) as db:
        db.execute("UPDATE orgs SET plan='enterprise' WHERE id=?", (org,))
    db.close()
    srv.start()

    def create(i):
        r = srv.request("POST", f"/api/v2/orgs/{org}/api-keys",
                        {"name": f"key-{i}", "scopes": ["read", "write"]}, token=token)
        assert r.status == 201, (r.status, r.body)
        out = r.json()
        return out["id"], out["key_prefix"], out["raw_key"]

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        created = list(pool.map(create, range(KEYS)))
    created_s = time.time() - started
    raw_keys = [raw for _, _, raw in created]
    assert len(set(raw_keys)) == KEYS
    for _, prefix, raw in created:
        assert raw.startswith(prefix + "_"), (prefix, raw)

    # Each used key authenticates (and gets last_used_at written).
    for _, _, raw in created[:USED]:
        r = srv.request("GET", f"/api/v2/orgs/{org}", api_key=raw)
        assert r.status == 200, r.body
    # Raw keys where they do not belong: they must not authenticate, and
    # the server must not write them down anywhere either.
    misplaced = created[USED:USED + 10]
    for _, _, raw in misplaced:
        q = urllib.parse.quote(raw)
        assert srv.request("GET", f"/api/v2/orgs/{org}?api_key={q}").status == 401
        assert srv.request("GET", f"/api/v2/providers?key={q}&x=1").status == 401
        assert srv.request("GET", f"/healthz?token={q}").status == 200
        for authorization in ("Bearer " + raw, raw, "ApiKey " + raw, "Basic " + raw):
            r = srv.request("GET", f"/api/v2/orgs/{org}", headers={"Authorization": authorization})
            assert r.status == 401, (authorization, r.status)
        # Both credentials at once: refused, still not logged.
        r = srv.request("GET", f"/api/v2/orgs/{org}", token=token, api_key=raw)
        assert r.status == 400
        # Pasted into the path (as an org id, or as a path of its own): the
        # access log redacts credential-looking segments.
        assert srv.request("GET", f"/api/v2/orgs/{raw}", token=token).status == 404
        assert srv.request("GET", f"/{raw}").status == 404
        # A tampered secret under a real prefix.
        assert srv.request("GET", f"/api/v2/orgs/{org}", api_key=raw[:-1] + (
            "A" if raw[-1] != "A" else "B")).status == 401
    # Revocation writes audit events about keys: by id and prefix only.
    for key_id, _, _ in created[-5:]:
        r = srv.request("DELETE", f"/api/v2/orgs/{org}/api-keys/{key_id}", token=token)
        assert r.status == 204
    listed = srv.request("GET", f"/api/v2/orgs/{org}/api-keys?limit=500", token=token)
    assert listed.status == 200 and all(k not in listed.body.decode() for k in raw_keys)
    assert srv.stop() == 0

    files = dict(files_under(srv.workdir))
    for expected in ("driftwise.db", "access.log", "server.stderr", "driftwise.db.pepper"):
        assert os.path.join(srv.workdir, expected) in files, sorted(files)
    hits = []
    secrets = [raw.split("_", 2)[2] for raw in raw_keys]
    assert all(len(s) >= 32 for s in secrets)
    for path, data in files.items():
        for raw, secret in zip(raw_keys, secrets):
            if raw.encode() in data:
                hits.append(f"raw key {raw[:16]}... in {path}")
            elif secret.encode() in data:
                hits.append(f"secret of {raw[:16]}... in {path}")
        for what, needle in (("bearer token", token), ("token signature", token.rsplit(".", 1)[1])):
            if needle.encode() in data:
                hits.append(f"{what} in {path}")

    # The scan must be able to see stored key material: every prefix and
    # every HMAC(pepper, raw key) is in the database (main file or WAL).
    db_bytes = b"".join(data for path, data in files.items()
                        if os.path.basename(path).startswith("driftwise.db")
                        and not path.endswith(".pepper"))
    pepper = files[os.path.join(srv.workdir, "driftwise.db.pepper")]
    missing_prefixes = [p for _, p, _ in created if p.encode() not in db_bytes]
    missing_hashes = [raw for raw in raw_keys
                      if hmac.new(pepper, raw.encode(), hashlib.sha256).digest() not in db_bytes]
    log = files[srv.access_log]
    used_in_log = log.count(f"/api/v2/orgs/{org}".encode())
    print(f"\n{KEYS} keys created in {created_s:.1f} s; scanned {len(files)} files "
          f"({sum(len(d) for d in files.values())} bytes) for {KEYS} raw keys, "
          f"{KEYS} secrets and the bearer token: {len(hits)} hits; "
          f"prefixes missing from db: {len(missing_prefixes)}, hashes missing: "
          f"{len(missing_hashes)}; total {time.time() - started:.1f} s")
    assert not hits, "\n".join(hits[:50])
    assert not missing_prefixes, missing_prefixes[:5]
    assert not missing_hashes, "HMAC(pepper, key) not found: scan or hashing is off"
    # The requests made with the keys are in the access log (so it was
    # scanned while holding those requests).
    assert used_in_log >= USED, used_in_log
