"""driftwise.drift / load_inventory on the basic-aws scenario: the facts
of examples/data/basic-aws/truth.json, and the CLI's bytes."""
import json
import subprocess

import pytest

import driftwise
from conftest import CLI, EXAMPLE

STATE = EXAMPLE / "terraform.tfstate"
INVENTORY = EXAMPLE / "inventory.json"
REFRESH = EXAMPLE / "refresh-plan.json"


def test_truth():
    report = driftwise.drift(STATE, INVENTORY, plans=REFRESH)
    assert report.has_drift
    changed = {i["address"]: sorted(p["path"] for p in i["paths"])
               for i in report.items if i["kind"] == "changed"}
    assert changed == {"aws_s3_bucket.logs": ["tags.owner", "tags_all.owner"],
                       "aws_security_group.web": ["ingress"]}
    extra = sorted(i["name"] for i in report.items if i["kind"] == "extra")
    assert extra == ["shadow-it-bucket", "unmanaged-admin"]
    assert not [i for i in report.items if i["kind"] == "missing"]


@pytest.mark.parametrize("fmt", ["json", "text", "markdown", "sarif"])
def test_same_bytes_as_cli(fmt):
    if not CLI:
        pytest.skip("DW_CLI not set")
    res = subprocess.run([CLI, "drift", "--state", str(STATE), "--inventory",
                          str(INVENTORY), "--plan", str(REFRESH), "-o", fmt],
                         capture_output=True)
    assert res.returncode == 1, res.stderr
    report = driftwise.drift([str(STATE)], [str(INVENTORY)], plans=[str(REFRESH)])
    assert report.render(fmt).encode() == res.stdout


def test_objects_and_sources():
    inv = driftwise.load_inventory(INVENTORY.read_bytes(), label="live")
    assert len(inv) > 0 and inv.format != "auto" and inv.label == "live"
    state = driftwise.parse_state(STATE)
    a = driftwise.drift(state, inv).to_dict()
    b = driftwise.drift(str(STATE), str(INVENTORY)).to_dict()
    assert a["summary"] == b["summary"]


def test_threads_give_the_same_report():
    one = driftwise.drift(STATE, INVENTORY, plans=REFRESH)
    every_core = driftwise.drift(STATE, INVENTORY, plans=REFRESH, threads=0)
    assert every_core.render("json") == one.render("json")
    with pytest.raises(ValueError):
        driftwise.drift(STATE, INVENTORY, threads=-1)


def test_ignore_rules():
    report = driftwise.drift(STATE, INVENTORY,
                             ignore="AWS::S3::Bucket.shadow-it-bucket\n")
    extra = sorted(i["name"] for i in report.items if i["kind"] == "extra")
    assert extra == ["unmanaged-admin"]


def test_bad_inventory():
    with pytest.raises(driftwise.ParseError) as exc:
        driftwise.load_inventory(b"[1,")
    assert exc.value.offset is not None
    with pytest.raises(driftwise.Error):
        driftwise.load_inventory(b"[]", format="driftctl")
    with pytest.raises(driftwise.Error, match="format"):
        driftwise.load_inventory(b"[]", format="csv")


def test_threads_read_a_large_inventory_the_same():
    records = [{"provider": "aws", "provider_type": "AWS::EC2::Instance",
                "provider_resource_id": f"i-{i:08x}", "region": "us-east-1",
                "properties": {"InstanceType": "t3.micro"}}
               for i in range(2500)]  # several batches of records
    data = json.dumps(records).encode()
    one = driftwise.load_inventory(data)
    every_core = driftwise.load_inventory(data, threads=0)
    assert len(one) == len(every_core) == 2500
    # Every record shows up as an unmanaged finding, with its id.
    a = driftwise.drift(STATE, one).render("json")
    assert a == driftwise.drift(STATE, every_core).render("json")
    extra = [i for i in json.loads(a)["items"] if i["kind"] == "extra"]
    assert sum(i["provider_resource_id"].startswith("i-0") for i in extra) == 2500
    with pytest.raises(ValueError):
        driftwise.load_inventory(data, threads=-1)
