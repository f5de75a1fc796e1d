"""Audit chains: verify_chain() and AuditChain."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional, Union

from . import _driftwise
from ._source import Source, classify


class VerifyReport:
    """The verdict on a chain: ``status`` is "intact", "broken" or
    "truncated"; ``to_dict()`` is ``audit verify --output json``."""

    __slots__ = ("_d",)

    def __init__(self, d: Dict[str, Any]) -> None:
        self._d = d

    status = property(lambda self: self._d["status"])
    checked = property(lambda self: self._d["checked"])
    head_seq = property(lambda self: self._d["head_seq"])
    head_hash = property(lambda self: self._d["head_hash"])
    first_bad_seq = property(lambda self: self._d["first_bad_seq"])
    reason = property(lambda self: self._d["reason"])

    @property
    def ok(self) -> bool:
        return self.status == "intact"

    def to_dict(self) -> Dict[str, Any]:
        return dict(self._d)

    def __repr__(self) -> str:
        return f"VerifyReport(status={self.status!r}, checked={self.checked})"


def _read(source: Optional[Source]) -> Union[str, bytes, bytearray,
                                             memoryview]:
    if source is None:
        return b""
    if isinstance(source, list):  # a list of event dicts or JSON lines
        return "".join((e if isinstance(e, str) else json.dumps(
            e, separators=(",", ":"))) + "\n" for e in source)
    kind, value = classify(source)
    if kind == "path":
        with open(value, "rb") as f:
            return f.read()
    return value


def verify_chain(source: Source, *, chain_id: Optional[str] = None,
                 expected_min_seq: Optional[int] = None,
                 threads: int = 0) -> VerifyReport:
    """Verifies a JSONL audit chain (path, bytes, str or list of lines).

    Bad data is a verdict, not an exception: check ``report.ok``.
    """
    text = _read(source)
    return VerifyReport(json.loads(_driftwise.verify_chain_json(
        text, threads, chain_id, expected_min_seq)))


class AuditChain:
    """An audit chain open for appending.

    ``AuditChain(source)`` checks the existing chain is intact (else
    ChainError); ``append(event)`` chains one event (a dict or JSON text with
    chain_id, time, actor, action, target and optional detail) and returns
    its JSONL line, which the caller stores.
    """

    def __init__(self, source: Optional[Source] = None) -> None:
        self._c = _driftwise.AuditChain.open(_read(source))
        self.lines: List[str] = []

    def append(self, event: Union[Mapping[str, Any], str]) -> str:
        if not isinstance(event, str):
            event = json.dumps(dict(event), separators=(",", ":"))
        line = self._c.append(event)
        self.lines.append(line)
        return line

    next_seq = property(lambda self: self._c.next_seq)
    head_hash = property(lambda self: self._c.head_hash)
    chain_id = property(lambda self: self._c.chain_id)
