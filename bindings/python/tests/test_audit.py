"""Audit chains from Python: what AuditChain appends verifies intact, the
CLI agrees, and one changed byte breaks it."""
import json
import subprocess

import pytest

import driftwise
from conftest import CLI

EVENTS = [
    {"chain_id": "org-1", "time": "2026-01-02T03:04:05Z", "actor": "alice",
     "action": "plan.assess", "target": "ws/prod", "detail": {"risk": 3}},
    {"chain_id": "org-1", "time": "2026-01-02T03:04:06Z", "actor": "bob",
     "action": "drift.scan", "target": "ws/prod"},
    {"chain_id": "org-1", "time": "2026-01-02T03:04:07.5+02:00",
     "actor": "carol", "action": "policy.update", "target": "p/1"},
]


def build():
    chain = driftwise.AuditChain()
    for e in EVENTS:
        chain.append(e)
    return chain


def test_append_and_verify(tmp_path):
    chain = build()
    assert chain.next_seq == 3 and len(chain.head_hash) == 64
    text = "\n".join(chain.lines) + "\n"
    report = driftwise.verify_chain(text)
    assert report.ok and report.checked == 3 and report.head_seq == 2
    assert report.head_hash == chain.head_hash
    path = tmp_path / "chain.jsonl"
    path.write_text(text)
    assert driftwise.verify_chain(path).to_dict() == report.to_dict()
    if CLI:
        res = subprocess.run([CLI, "audit", "verify", str(path), "--output", "json"],
                             capture_output=True, text=True)
        assert res.returncode == 0
        assert json.loads(res.stdout) == report.to_dict()
        # The CLI's append gives the same lines for the same inputs.
        inputs = tmp_path / "in.jsonl"
        inputs.write_text("".join(json.dumps(e, separators=(",", ":")) + "\n"
                                  for e in EVENTS))
        res = subprocess.run([CLI, "audit", "append", str(inputs)],
                             capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
        assert res.stdout == text


def test_reopen_continues():
    chain = build()
    again = driftwise.AuditChain(chain.lines)
    assert again.next_seq == 3 and again.chain_id == "org-1"
    line = again.append({**EVENTS[0], "time": "2026-01-03T00:00:00Z"})
    assert json.loads(line)["seq"] == 3
    assert driftwise.verify_chain(chain.lines + [line]).checked == 4


def test_tamper_is_broken():
    lines = build().lines
    lines[1] = lines[1].replace('"bob"', '"Bob"')
    report = driftwise.verify_chain(lines)
    assert report.status == "broken" and report.first_bad_seq == 1
    assert not report.ok
    with pytest.raises(driftwise.ChainError, match="broken"):
        driftwise.AuditChain(lines)


def test_truncated():
    report = driftwise.verify_chain(build().lines, expected_min_seq=10)
    assert report.status == "truncated"


def test_bad_event_names_field():
    chain = build()
    with pytest.raises(driftwise.Error, match="time"):
        chain.append({**EVENTS[0], "time": "yesterday"})
    with pytest.raises(driftwise.Error):
        chain.append({**EVENTS[0], "chain_id": "other"})
    assert chain.next_seq == 3
