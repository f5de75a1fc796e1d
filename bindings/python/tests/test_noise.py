"""NoiseTracker: a change seen in `threshold` scans inside the window is
noise; fewer scans, or scans outside the window, are not."""
import pytest

import driftwise
from conftest import EXAMPLE

PLAN = EXAMPLE / "plan.json"
DAY = 86400
NOW = 1767225600  # 2026-01-01T00:00:00Z


def test_recurrence_threshold_and_window():
    plan = driftwise.parse_plan(PLAN)
    tracker = driftwise.NoiseTracker(window_days=14, threshold=3)
    tracker.record(plan, time=NOW - 40 * DAY)  # outside the window
    tracker.record(plan, time=NOW - 2 * DAY)
    tracker.record(plan, time=NOW - DAY)
    assert len(tracker) == 3
    patterns = tracker.patterns(now=NOW)
    assert patterns and all(p["occurrences"] == 2 for p in patterns)
    assert not [p for p in patterns if p["is_noise"] and not p["matched_rule"]]
    tracker.record(plan, time="2025-12-31T12:00:00Z")
    noisy = [p for p in tracker.patterns(now=NOW) if not p["matched_rule"]]
    assert noisy and all(p["occurrences"] == 3 and p["is_noise"] for p in noisy)
    sg = [p for p in noisy if p["resource_type"] == "aws_security_group"]
    assert sg and sg[0]["example_addresses"] == ["aws_security_group.web"]
    # the fingerprint is the documented hash of type, path and action
    p = noisy[0]
    assert p["fingerprint"] == driftwise.fingerprint(
        p["resource_type"], p["attribute_path"], p["action"])


def test_assessment_keeps_noise_rule_matches():
    refresh = EXAMPLE / "refresh-plan.json"
    tracker = driftwise.NoiseTracker(threshold=100)
    tracker.record(driftwise.assess_plan(refresh, now=NOW), time=NOW)
    by_rule = [p for p in tracker.patterns(now=NOW) if p["matched_rule"]]
    # built-in noise rules matched something in the scenario (tags null -> {})
    assert by_rule and all(p["is_noise"] for p in by_rule)


def test_bad_options():
    tracker = driftwise.NoiseTracker(window_days=0)
    tracker.record(PLAN, time=NOW)
    with pytest.raises(driftwise.Error):
        tracker.patterns(now=NOW)
