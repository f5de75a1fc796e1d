"""`driftwise inventory aws` and `driftwise drift --aws` against moto_server on
loopback: the basic-aws scenario (tfmoto's main.tf and drift.py) is rebuilt
with boto3, and the lister's inventory must give the same `driftwise drift`
findings as the inventory boto3 lists (tfmoto's own `inventory()`), and the
findings the scenario's truth.json names. Skips with a message when
moto_server, boto3 or the shared corpus is absent.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest

from server_harness import CLI

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("DW_SHARED_DIR", os.path.join(REPO, "..", "shared"))
SCENARIO = os.path.join(SHARED, "corpus", "scenarios", "basic-aws")
TFMOTO = os.path.join(SHARED, "tools", "tfmoto")

def boto3_python():
    """A python that has boto3: the one on PATH (pyenv, beside moto_server)
    first, then Debian's."""
    for exe in (shutil.which("python3"), "/usr/bin/python3"):
        if exe and subprocess.run([exe, "-c", "import boto3"],
                                  capture_output=True).returncode == 0:
            return exe
    return None


BOTO3_PYTHON = boto3_python()

pytestmark = [
    pytest.mark.skipif(shutil.which("moto_server") is None,
                       reason="moto_server not on PATH (pip install 'moto[server]')"),
    pytest.mark.skipif(BOTO3_PYTHON is None, reason="no python3 with boto3"),
    pytest.mark.skipif(not os.path.isdir(SCENARIO) or not os.path.isdir(TFMOTO),
                       reason=f"shared corpus/tools not found under {SHARED}"),
]


@pytest.fixture(scope="module")
def moto():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    endpoint = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield endpoint
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def scenario(moto, tmp_path_factory):
    out = tmp_path_factory.mktemp("basic-aws")
    subprocess.run([BOTO3_PYTHON, os.path.join(HERE, "aws_scenario_seed.py"), moto, SHARED,
                    str(out)], check=True, timeout=120)
    return out, json.loads((out / "truth.json").read_text())


def env_for(endpoint):
    return dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="test",
                AWS_SECRET_ACCESS_KEY="test", AWS_REGION="us-east-1",
                DRIFTWISE_ALLOW_LOOPBACK="1", AWS_SHARED_CREDENTIALS_FILE="/dev/null")


def findings(report):
    """What drifted (kind, address or live identity, changed paths, live
    values), independent of which input listed it."""
    out = []
    for item in report["items"]:
        paths = tuple(sorted((p["path"], json.dumps(p.get("live"), sort_keys=True))
                             for p in item.get("paths", [])))
        out.append((item["kind"], item.get("address", ""), item.get("provider_type", ""),
                    item.get("provider_resource_id", ""), paths))
    return sorted(out)


def drift(state, args, endpoint):
    r = subprocess.run([CLI, "drift", "--state", str(state), "-o", "json", "--fail-on",
                        "never"] + args, capture_output=True, text=True, env=env_for(endpoint),
                       timeout=60)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_inventory_aws_lists_the_scenario(moto, scenario):
    out, _ = scenario
    r = subprocess.run([CLI, "inventory", "aws", "--regions", "us-east-1"],
                       capture_output=True, text=True, env=env_for(moto), timeout=60)
    assert r.returncode == 0, r.stderr
    listed = json.loads(r.stdout)
    reference = json.loads((out / "reference.json").read_text())
    types = set(listed["covered_types"])
    assert types == {"AWS::S3::Bucket", "AWS::IAM::Role", "AWS::EC2::VPC",
                     "AWS::EC2::Subnet", "AWS::EC2::SecurityGroup", "AWS::SQS::Queue",
                     "AWS::DynamoDB::Table"}
    assert listed["notes"] == []
    ids = lambda inv: sorted((x["provider_type"], x["provider_resource_id"], x["name"])
                             for x in inv if x["provider_type"] in types)
    assert ids(listed["resources"]) == ids(reference)
    (out / "listed.json").write_text(r.stdout)


def test_drift_findings_match_boto3_inventory_and_truth(moto, scenario):
    out, truth = scenario
    state = out / "terraform.tfstate"
    by_file = drift(state, ["--inventory", str(out / "reference.json")], moto)
    live = drift(state, ["--aws", "--regions", "us-east-1"], moto)
    assert findings(live) == findings(by_file)
    by_kind = lambda kind: [x for x in live["items"] if x["kind"] == kind]
    unmanaged = {(x["provider_type"], x["name"]) for x in by_kind("extra")}
    assert unmanaged == {(e["provider_type"], e["name"]) for e in truth["extra"]}
    changed = {x["address"]: {p["path"] for p in x["paths"]} for x in by_kind("changed")}
    assert set(changed) == {c["address"] for c in truth["changed"]}
    for c in truth["changed"]:
        assert set(c["paths"]) <= changed[c["address"]] | {"tags_all.owner"}, (c, changed)
    assert by_kind("missing") == []
    assert live["summary"]["matched"] == by_file["summary"]["matched"] == 8


def test_types_glob_and_access_denied_note(moto, scenario):
    env = env_for(moto)
    env["AWS_ENDPOINT_URL_DYNAMODB"] = "http://127.0.0.1:1"  # nothing listens
    r = subprocess.run([CLI, "inventory", "aws", "--types", "AWS::EC2::*,AWS::DynamoDB::*"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    listed = json.loads(r.stdout)
    assert {x["provider_type"] for x in listed["resources"]} == {
        "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::SecurityGroup"}
    assert "AWS::DynamoDB::Table" not in listed["covered_types"]
    assert any("AWS::DynamoDB::Table" in n for n in listed["notes"])
    assert "AWS::DynamoDB::Table" in r.stderr
