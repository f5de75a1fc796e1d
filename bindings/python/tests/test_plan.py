"""driftwise.parse_plan over the real corpus: the same facts the C++
corpus check holds (tests/corpus/check_plans.py), the same bytes the CLI
prints, and every kind of input source."""
import json
import threading

import pytest

import driftwise
from check_plans import BROKEN
from conftest import EXAMPLE, SHARED_DIR, cli_output, corpus_files

PLANS = corpus_files("plans")
PLANS_DIR = SHARED_DIR / "corpus" / "plans"


def rel(p):
    return str(p.relative_to(PLANS_DIR))


def drift_address(r):
    # Terraform's own rule, for 0.15-era plans that omit `address`.
    if "address" in r:
        return r["address"]
    a = (r["module_address"] + ".") if r.get("module_address") else ""
    a += ("data." if r.get("mode") == "data" else "") + r["type"] + "." + r["name"]
    if "index" in r:
        a += "[" + json.dumps(r["index"]) + "]"
    return a


def test_corpus_is_there():
    assert len(PLANS) > 200


@pytest.mark.parametrize("path", PLANS, ids=rel)
def test_corpus_plan(path):
    if rel(path) in BROKEN:
        with pytest.raises(driftwise.Error) as exc:
            driftwise.parse_plan(path)
        assert BROKEN[rel(path)] in str(exc.value)
        return
    plan = driftwise.parse_plan(path)
    truth = json.loads(path.read_bytes())
    assert plan.format_version == truth.get("format_version")
    rcs = truth.get("resource_changes") or []
    assert [r.address for r in plan.resource_changes] == [r["address"] for r in rcs]
    assert [r.actions for r in plan.resource_changes] == [
        r["change"]["actions"] for r in rcs]
    assert [r.type for r in plan.resource_changes] == [r["type"] for r in rcs]
    drift = truth.get("resource_drift") or []
    assert [r.address for r in plan.resource_drift] == [drift_address(r) for r in drift]
    assert sorted(plan.output_changes) == sorted(truth.get("output_changes") or {})
    # raw() is the entry exactly as written
    for ours, theirs in zip(plan.resource_changes, rcs):
        assert ours.raw() == theirs
        break


@pytest.mark.parametrize("path", [p for p in PLANS if rel(p) not in BROKEN][::3],
                         ids=rel)
def test_same_bytes_as_cli(path):
    res = cli_output("plan", "show", str(path), "--output", "json")
    assert res.returncode == 0
    plan = driftwise.parse_plan(path)
    assert plan.to_json().encode() == res.stdout
    # the per-change to_dict() agrees with the whole document
    doc = json.loads(res.stdout)
    assert [rc.to_dict() for rc in plan.resource_changes] == doc["resource_changes"]
    assert [rc.to_dict() for rc in plan.resource_drift] == doc["resource_drift"]
    assert {k: v.to_dict() for k, v in plan.output_changes.items()} == doc["output_changes"]


def test_text_same_as_cli():
    path = EXAMPLE / "refresh-plan.json"
    res = cli_output("plan", "show", str(path))
    assert driftwise.parse_plan(path).to_text().encode() == res.stdout


def test_sources_agree():
    path = EXAMPLE / "plan.json"
    raw = path.read_bytes()
    expected = driftwise.parse_plan(path).to_json()
    for source in (str(path), raw, bytearray(raw), memoryview(raw),
                   raw.decode(), json.loads(raw)):
        assert driftwise.parse_plan(source).to_json() == expected, type(source)


def test_example_facts():
    plan = driftwise.parse_plan(EXAMPLE / "plan.json")
    assert plan.terraform_version == "1.11.4"
    updates = [rc for rc in plan.resource_changes if rc.action == "update"]
    assert [rc.address for rc in updates] == ["aws_s3_bucket.logs",
                                              "aws_security_group.web"]
    assert all(rc.changed_paths for rc in updates)
    assert len(plan.resource_drift) == 7
    assert plan.resource_drift[5].index == 0
    assert "prior_state" in plan.field_names
    assert plan.section("prior_state")["format_version"] == "1.0"
    with pytest.raises(driftwise.NotFoundError):
        plan.section("no_such_field")


def test_threads_give_the_same_plan():
    one = driftwise.parse_plan(EXAMPLE / "refresh-plan.json", threads=1)
    many = driftwise.parse_plan(EXAMPLE / "refresh-plan.json", threads=0)
    assert one.to_text() == many.to_text() and one.to_json() == many.to_json()
    with pytest.raises(driftwise.Error):
        driftwise.parse_plan(EXAMPLE / "plan.json", threads=-1)


def test_no_values_option():
    plan = driftwise.parse_plan(EXAMPLE / "plan.json", retain_values=False)
    assert plan.resource_changes[2].raw() is None
    assert plan.resource_changes[2].changed_paths


def test_children_outlive_the_plan_object():
    rc = driftwise.parse_plan(EXAMPLE / "plan.json").resource_changes[2]
    import gc
    gc.collect()
    assert rc.address == "aws_s3_bucket.logs" and rc.raw()["type"] == "aws_s3_bucket"


def test_parse_error_has_offset():
    bad = b'{"format_version": "1.2", "resource_changes": 7}'
    with pytest.raises(driftwise.ParseError) as exc:
        driftwise.parse_plan(bad)
    assert exc.value.offset == 46
    assert isinstance(exc.value, ValueError)
    assert "resource_changes" in str(exc.value)


def test_missing_file():
    with pytest.raises(driftwise.NotFoundError) as exc:
        driftwise.parse_plan("/nonexistent/plan.json")
    assert isinstance(exc.value, FileNotFoundError)
    assert "/nonexistent/plan.json" in str(exc.value)


def test_bad_source_type():
    with pytest.raises(TypeError):
        driftwise.parse_plan(42)


def test_unsupported_format_version():
    with pytest.raises(driftwise.UnsupportedError):
        driftwise.parse_plan({"format_version": "2.0"})


def test_gil_released_while_parsing():
    # A Python thread keeps running while another parses a plan: with the
    # GIL held during the parse, `ticks` could not advance meanwhile.
    raw = (EXAMPLE / "plan.json").read_bytes()
    big = {"format_version": "1.2", "resource_changes": [
        json.loads(raw)["resource_changes"][2]] * 20000}
    data = json.dumps(big).encode()
    ticks = []
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            ticks.append(1)

    t = threading.Thread(target=spin)
    t.start()
    try:
        before = len(ticks)
        for _ in range(3):
            driftwise.parse_plan(data)
        during = len(ticks) - before
    finally:
        stop.set()
        t.join()
    assert during > 0
