"""S3 state sources and globs against moto_server on loopback (issue 15):
a source registered with moto's endpoint refreshes to the snapshot facts
`driftwise state show` gives for the same bytes; a glob over 1,000 objects
matching three prefixes yields exactly the matching .tfstate children, and
deleting it removes them; the endpoint is refused before save unless the
operator allowed loopback. Skips when moto_server is not installed."""
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.request

import pytest

from server_harness import CLI, Server

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("DW_SHARED_DIR", os.path.join(HERE, "..", "..", "..", "shared"))
STATE = os.path.join(SHARED, "corpus", "scenarios", "basic-aws", "terraform.tfstate")
MOTO = shutil.which("moto_server")
pytestmark = pytest.mark.skipif(MOTO is None, reason="moto_server is not installed")
CREDS = {"access_key_id": "AKIDEXAMPLE", "secret_access_key": "moto-secret-not-real"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def moto(tmp_path_factory):
    port = free_port()
    log = open(tmp_path_factory.mktemp("moto") / "moto.log", "wb")
    proc = subprocess.Popen([MOTO, "-H", "127.0.0.1", "-p", str(port)],
                            stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait()


def put(url, data=b""):
    # (urllib's default form Content-Type makes moto store an empty object.)
    req = urllib.request.Request(url, data=data, method="PUT",
                                 headers={"Content-Type": "application/octet-stream"})
    urllib.request.urlopen(req, timeout=10).read()


def test_s3_source_and_globs_on_moto(moto, tmp_path):
    data = open(STATE, "rb").read()
    bucket = "tf-states"
    put(f"{moto}/{bucket}")
    put(f"{moto}/{bucket}/prod/terraform.tfstate", data)
    # 1,000 objects: three prefixes with some .tfstate files each, plus
    # non-state files and other prefixes that must not match.
    expected = {"team-a/": [], "team-b/": [], "team-c/": []}
    n = 0
    for i in range(999):
        prefix = ["team-a/", "team-b/", "team-c/", "other/"][i % 4]
        key = f"{prefix}env{i:04d}/" + ("terraform.tfstate" if i % 3 == 0 else "notes.txt")
        put(f"{moto}/{bucket}/{key}", b"{}" if key.endswith(".txt") else data)
        if prefix in expected and key.endswith(".tfstate"):
            expected[prefix].append(key)
        n += 1
    assert n + 1 == 1000

    srv = Server(tmp_path, extra_args=["--outbound-allow-loopback"])
    try:
        token = srv.token("alice@example.com")
        org = srv.request("POST", "/api/v2/orgs", {"slug": "acme", "display_name": "A"},
                          token=token).json()["id"]
        srv.stop()

        with sqlite3.connect(srv.db) as db:
            db.execute("UPDATE orgs SET plan='enterprise'")
        db.close()
        srv.start()
        call = lambda m, p, b=None: srv.request(m, f"/api/v2/orgs/{org}{p}", b, token=token)
        config = {"bucket": bucket, "key": "prod/terraform.tfstate", "region": "us-east-1",
                  "endpoint": moto, "use_path_style": True}
        r = call("POST", "/state-sources", {"display_name": "prod", "kind": "s3",
                                            "config": config, "credentials": CREDS})
        assert r.status == 201, r.body
        src = r.json()
        assert src["has_credentials"] and "secret_access_key" not in json.dumps(src)
        r = call("POST", f"/state-sources/{src['id']}/refresh")
        assert r.status == 200, r.body
        out = r.json()
        show = json.loads(subprocess.run([CLI, "state", "show", "-o", "json", STATE],
                                         check=True, capture_output=True).stdout)
        assert out["refreshed"] is True
        assert out["content_hash"] == hashlib.sha256(data).hexdigest()
        assert out["resource_count"] == len(show["resources"])
        assert call("POST", f"/state-sources/{src['id']}/refresh").json()["refreshed"] is False

        globs = {}
        for prefix, keys in expected.items():
            body = {"provider": "s3", "bucket": bucket, "prefix": prefix,
                    "region": "us-east-1", "cloud_account_id": "acct",
                    "display_name": prefix, "endpoint": moto, "use_path_style": True,
                    "credentials": CREDS}
            preview = call("POST", "/state-source-globs/preview", body)
            assert preview.status == 200, preview.body
            assert preview.json()["total_matches"] == len(keys)
            r = call("POST", "/state-source-globs", body)
            assert r.status == 201, r.body
            assert r.json()["added"] == len(keys)
            globs[prefix] = r.json()["glob"]["id"]
        listed = call("GET", "/state-sources?limit=500").json()["state_sources"]
        for prefix, gid in globs.items():
            kids = sorted(s["config"]["key"] for s in listed if s["parent_glob_id"] == gid)
            assert kids == sorted(expected[prefix]), prefix
        # A child refreshes through the glob's (re-sealed) credentials.
        child = next(s for s in listed if s["parent_glob_id"] == globs["team-a/"])
        r = call("POST", f"/state-sources/{child['id']}/refresh")
        assert r.status == 200 and r.json()["content_hash"] == out["content_hash"], r.body
        r = call("DELETE", f"/state-source-globs/{globs['team-b/']}")
        assert r.status == 204
        left = call("GET", "/state-sources?limit=500").json()["state_sources"]
        assert not [s for s in left if s["parent_glob_id"] == globs["team-b/"]]
        assert len(left) == 1 + len(expected["team-a/"]) + len(expected["team-c/"])
    finally:
        srv.stop()
    # Without the operator's opt-in, a loopback endpoint is refused at save.
    (tmp_path / "strict").mkdir()
    with Server(tmp_path / "strict") as strict:
        token = strict.token("bob@example.com")
        org = strict.request("POST", "/api/v2/orgs", {"slug": "bravo", "display_name": "B"},
                             token=token).json()["id"]
        r = strict.request("POST", f"/api/v2/orgs/{org}/state-sources",
                           {"display_name": "x", "kind": "s3", "config": config}, token=token)
        assert r.status == 400 and "config.endpoint" in r.json()["error"], r.body
