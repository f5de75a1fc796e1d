"""/api/v2/openapi.json describes request and response bodies (issue 15):
the document validates with openapi-spec-validator, and every response the
state-source routes give in a realistic session validates against the
schema the document declares for it (openapi-schema-validator)."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest

from server_harness import Server

VALIDATE = r"""
import json, sys
from openapi_spec_validator import validate
from openapi_schema_validator import OAS30Validator, validate as validate_instance
job = json.load(open(sys.argv[1]))
validate(job["doc"])
for schema, instance in job["checks"]:
    validate_instance(instance, schema, cls=OAS30Validator)
print("validated", len(job["checks"]))
"""


def validator_python():
    """A python that has both validators (the machine's pyenv one, first on
    PATH, usually does; the test runner's may not)."""
    for candidate in (shutil.which("python3"), sys.executable, "/usr/bin/python3"):
        if not candidate:
            continue
        probe = subprocess.run([candidate, "-c", "import openapi_spec_validator, "
                                "openapi_schema_validator"], capture_output=True)
        if probe.returncode == 0:
            return candidate
    return None


HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("DW_SHARED_DIR", os.path.join(HERE, "..", "..", "..", "shared"))
STATE = os.path.join(SHARED, "corpus", "scenarios", "basic-aws", "terraform.tfstate")


def check(doc, method, template, response, checked):
    op = doc["paths"][template][method.lower()]
    status = str(response.status)
    assert status in op["responses"], (method, template, status, response.body[:300])
    schema = op["responses"][status]["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].split("/")[-1]]
    checked.append((method, template, status, schema, response.json()))


def test_document_is_valid_and_state_source_responses_match_it(tmp_path):
    states = tmp_path / "states"
    (states / "bucket").mkdir(parents=True)
    data = open(STATE, "rb").read()
    for name in ("one.tfstate", "bucket/a.tfstate", "bucket/b.tfstate"):
        (states / name).write_bytes(data)
    with Server(tmp_path, extra_args=["--state-files-dir", str(states)]) as srv:
        python = validator_python()
        if python is None:
            pytest.skip("no python with openapi-spec-validator and "
                        "openapi-schema-validator")
        doc = srv.request("GET", "/api/v2/openapi.json").json()
        token = srv.token("alice@example.com")
        org = srv.request("POST", "/api/v2/orgs", {"slug": "acme", "display_name": "A"},
                          token=token).json()["id"]
        base = "/api/v2/orgs/{id}"
        call = lambda m, p, b=None: srv.request(m, p.replace("{id}", org), b, token=token)
        checked = []
        # Every described route declares its request body too.
        for template in (base + "/state-sources", base + "/state-source-globs",
                         base + "/state-source-globs/preview",
                         base + "/state-sources/{src_id}/upload"):
            assert "requestBody" in doc["paths"][template]["post"], template

        r = call("POST", base + "/state-sources",
                 {"display_name": "up", "kind": "upload", "config": {}})
        check(doc, "POST", base + "/state-sources", r, checked)
        up = r.json()["id"]
        r = call("POST", base + f"/state-sources/{up}/upload", data)
        check(doc, "POST", base + "/state-sources/{src_id}/upload", r, checked)
        r = call("POST", base + f"/state-sources/{up}/upload", data)
        assert r.status == 200
        r = call("POST", base + "/state-sources",
                 {"display_name": "f", "kind": "file", "config": {"path": "one.tfstate"}})
        fid = r.json()["id"]
        r = call("POST", base + f"/state-sources/{fid}/refresh")
        check(doc, "POST", base + "/state-sources/{src_id}/refresh", r, checked)
        r = call("GET", base + "/state-sources")
        check(doc, "GET", base + "/state-sources", r, checked)
        r = call("POST", base + f"/state-sources/{fid}/refresh", None)
        assert r.status == 200
        # Errors follow the shared error schema (the "default" response).
        r = call("POST", base + f"/state-sources/{up}/upload", b"not json")
        assert r.status == 422
        checked.append(("POST", "error", "422", doc["components"]["schemas"]["Error"],
                        r.json()))

        srv.stop()
        with sqlite3.connect(srv.db) as db:
            db.execute("UPDATE orgs SET plan='team'")
        db.close()
        srv.start()
        glob_body = {"bucket": "bucket", "cloud_account_id": "a", "display_name": "g",
                     "provider": "file"}
        r = call("POST", base + "/state-source-globs/preview", glob_body)
        check(doc, "POST", base + "/state-source-globs/preview", r, checked)
        r = call("POST", base + "/state-source-globs", glob_body)
        check(doc, "POST", base + "/state-source-globs", r, checked)
        gid = r.json()["glob"]["id"]
        r = call("GET", base + "/state-source-globs")
        check(doc, "GET", base + "/state-source-globs", r, checked)
        r = call("POST", base + f"/state-source-globs/{gid}/rescan")
        check(doc, "POST", base + "/state-source-globs/{glob_id}/rescan", r, checked)
        r = call("POST", base + f"/state-source-globs/{gid}/refresh-children")
        check(doc, "POST", base + "/state-source-globs/{glob_id}/refresh-children", r,
              checked)
        time.sleep(0.5)
        r = call("GET", base + "/state-sources")
        check(doc, "GET", base + "/state-sources", r, checked)
        assert len({(m, t) for m, t, *_ in checked if t != "error"}) == 9, checked
        job = tmp_path / "validate.json"
        job.write_text(json.dumps({"doc": doc,
                                   "checks": [[c[3], c[4]] for c in checked]}))
        out = subprocess.run([python, "-c", VALIDATE, str(job)], capture_output=True,
                             text=True)
        assert out.returncode == 0, out.stderr[-3000:]
        assert f"validated {len(checked)}" in out.stdout
