"""driftwise.assess_plan / Policy / RiskEngine / fingerprint: the same
verdicts and bytes as `driftwise plan assess`, and validation errors that
name the fields."""
import json
import subprocess
import threading

import pytest

import driftwise
from conftest import CLI, EXAMPLE, SOURCE_DIR, SHARED_DIR

REFRESH = EXAMPLE / "refresh-plan.json"
NOW = "2026-01-01T00:00:00Z"
DATA = SOURCE_DIR / "tests" / "data"


def cli_assess(*args):
    if not CLI:
        pytest.skip("DW_CLI not set")
    return subprocess.run([CLI, "plan", "assess", *map(str, args), "--now", NOW,
                           "--fail-on", "never"], capture_output=True)


def test_open_security_group_found():
    a = driftwise.assess_plan(REFRESH, now=NOW)
    assert a.risk_level in ("high", "critical")
    sg = [f for f in a.findings if f["address"] == "aws_security_group.web"][0]
    assert "attr.aws.sg.open_ingress" in sg["rules"]
    assert a.counts["drift"] == 7


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "markdown", "junit"])
def test_same_bytes_as_cli(fmt):
    res = cli_assess(REFRESH, "--output", fmt)
    a = driftwise.assess_plan(REFRESH, now=NOW)
    assert a.render(fmt, plan_uri=str(REFRESH), fail_on="critical").encode() == res.stdout


def test_with_policy_noise_and_suppressions():
    args = ["--policy", DATA / "policy" / "example_policy.json",
            "--noise-rules", DATA / "noise" / "example_noise_rules.json",
            "--suppressions", DATA / "noise" / "example_suppressions.json"]
    res = cli_assess(REFRESH, "--output", "json", *args)
    assert res.returncode == 0, res.stderr
    a = driftwise.assess_plan(
        REFRESH, policy=DATA / "policy" / "example_policy.json",
        noise_rules=DATA / "noise" / "example_noise_rules.json",
        suppressions=(DATA / "noise" / "example_suppressions.json").read_bytes(),
        now=NOW)
    assert a.to_json().encode() == res.stdout


def test_engine_reused_across_threads():
    engine = driftwise.RiskEngine()
    plan = driftwise.parse_plan(REFRESH)
    expected = engine.assess(plan, now=NOW).to_json()
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        engine.assess(plan, now=NOW).to_json())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


def test_no_builtins_means_no_risk():
    a = driftwise.assess_plan(REFRESH, builtin_risk=False, now=NOW)
    assert a.risk_level == "none"
    # changes are still listed, but no rule fired on any of them
    assert a.findings and all(f["severity"] == "none" and not f["rules"]
                              for f in a.findings)


def test_policy_validation_names_fields():
    with pytest.raises(driftwise.ValidationError) as exc:
        driftwise.Policy(DATA / "policy" / "invalid_policy.json")
    fields = exc.value.fields
    assert "rules[0].severity" in fields and "rules[0].resource_type" in fields
    assert isinstance(exc.value, ValueError)
    p = driftwise.Policy(DATA / "policy" / "example_policy.json")
    assert p.rules and p.to_dict()["version"] == p.version
    # a Policy object is accepted where a source is
    assert driftwise.assess_plan(REFRESH, policy=p, now=NOW).risk_level


def test_bad_noise_rules_is_an_error():
    with pytest.raises(driftwise.Error, match="noise rules"):
        driftwise.RiskEngine(noise_rules=DATA / "noise" / "invalid_noise_rules.json")


def test_unknown_format():
    a = driftwise.assess_plan(REFRESH, now=NOW)
    with pytest.raises(driftwise.Error, match="format"):
        a.render("pdf")


def test_fingerprint_known_answer():
    # the known-answer value of tests/unit/noise/fingerprint_test.cpp
    assert driftwise.fingerprint("aws_security_group", "ingress", "update") == \
        "8d8c154528ae3d95"
