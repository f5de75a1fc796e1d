"""Plan risk assessment: Policy, RiskEngine, assess_plan() and fingerprint()."""

from __future__ import annotations

import json
import time
from typing import Any, Dict, List, Optional, Union

from . import _driftwise
from ._errors import ValidationError
from ._plan import Plan, parse_plan
from ._source import Source, classify


def _text(source: Optional[Source]) -> Optional[str]:
    """JSON text of a config source (path, bytes, str, dict/list)."""
    if source is None:
        return None
    if isinstance(source, Policy):
        return source.to_json()
    kind, value = classify(source)
    if kind == "path":
        with open(value, "rb") as f:
            value = f.read()
    if isinstance(value, (bytes, bytearray, memoryview)):
        value = bytes(value).decode("utf-8")
    return value


def _timestamp(t: Union[None, int, float, str]) -> int:
    """Unix seconds from None (now), a number or an RFC 3339 string."""
    if t is None:
        return int(time.time())
    if isinstance(t, str):
        return _driftwise.parse_timestamp(t)
    return int(t)


class Policy:
    """A validated risk policy (the CLI's --policy file).

    Raises ValidationError listing every problem, with ``fields`` such as
    ``["rules[0].resource_type", "rules[0].severity"]``.
    """

    def __init__(self, source: Source) -> None:
        text = _text(source)
        issues = _driftwise.validate_policy_json(text)
        if issues:
            fields = [(f"rules[{i}].{f}" if i >= 0 else f)
                      for i, f, _, _, _ in issues]
            raise ValidationError(
                "invalid policy: " + "; ".join(t for *_, t in issues),
                fields=fields, code=3, offset=issues[0][3])
        self._json: str = _driftwise.policy_json(text)
        self._dict: Dict[str, Any] = json.loads(self._json)

    @property
    def version(self) -> int:
        return self._dict.get("version", 0)

    @property
    def rules(self) -> List[Dict[str, Any]]:
        return list(self._dict.get("rules", []))

    def to_json(self) -> str:
        return self._json

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(self._json)

    def __repr__(self) -> str:
        return f"Policy(version={self.version}, rules={len(self.rules)})"


class Assessment:
    """The verdict on a plan: ``risk_level``, ``counts``, ``findings``,
    ``noise``, ``narrative``; ``to_dict()`` is ``plan assess -o json``."""

    __slots__ = ("_c", "_dict")

    def __init__(self, core: Any) -> None:
        self._c = core
        self._dict: Optional[Dict[str, Any]] = None

    risk_level = property(lambda self: self._c.risk_level)

    def render(self, format: str = "text", *, plan_uri: str = "",
               fail_on: str = "high") -> str:
        """The report as ``driftwise plan assess --output FORMAT`` prints
        it: text, json, sarif, markdown or junit."""
        return self._c.render(format, plan_uri, fail_on)

    def to_json(self) -> str:
        return self.render("json")

    def to_dict(self) -> Dict[str, Any]:
        if self._dict is None:
            self._dict = json.loads(self.to_json())
        return self._dict

    counts = property(lambda self: dict(self.to_dict()["counts"]))
    findings = property(lambda self: list(self.to_dict()["findings"]))
    noise = property(lambda self: list(self.to_dict()["noise"]))
    narrative = property(lambda self: self.to_dict()["narrative"])

    def __repr__(self) -> str:
        return f"Assessment(risk_level={self.risk_level!r})"


class RiskEngine:
    """Compiled rules (built-in catalog, policy, noise rules,
    suppressions), reusable across plans and threads."""

    def __init__(self, *, policy: Optional[Union[Policy, Source]] = None,
                 noise_rules: Optional[Source] = None,
                 suppressions: Optional[Source] = None,
                 builtin_risk: bool = True, builtin_noise: bool = True) -> None:
        self._c = _driftwise.RiskEngine(
            _text(policy), _text(noise_rules), _text(suppressions),
            builtin_risk, builtin_noise)

    def assess(self, plan: Union[Plan, Source], *,
               now: Union[None, int, float, str] = None) -> Assessment:
        """Assesses a plan (a Plan or any plan source). ``now`` (Unix
        seconds or RFC 3339) decides which suppressions are active."""
        if not isinstance(plan, Plan):
            plan = parse_plan(plan)
        return Assessment(self._c.assess(plan._c, _timestamp(now)))


def assess_plan(plan: Union[Plan, Source], *,
                policy: Optional[Union[Policy, Source]] = None,
                noise_rules: Optional[Source] = None,
                suppressions: Optional[Source] = None,
                builtin_risk: bool = True, builtin_noise: bool = True,
                now: Union[None, int, float, str] = None) -> Assessment:
    """One-shot ``driftwise plan assess``: builds a RiskEngine and assesses
    ``plan`` with it."""
    engine = RiskEngine(policy=policy, noise_rules=noise_rules,
                        suppressions=suppressions, builtin_risk=builtin_risk,
                        builtin_noise=builtin_noise)
    return engine.assess(plan, now=now)


def fingerprint(resource_type: str, attribute_path: str, action: str) -> str:
    """The noise fingerprint of a change pattern (16 hex digits)."""
    return _driftwise.fingerprint(resource_type, attribute_path, action)
