"""Terraform plans: parse_plan() and the objects it returns."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from . import _driftwise
from ._source import Source, classify


class ResourceChange:
    """One entry of a plan's resource_changes or resource_drift.

    ``action`` is the folded action ("no-op", "create", "read", "update",
    "delete", "replace", "forget"); ``changed_paths`` the attribute paths
    whose values differ (section 3.1 syntax, sorted). Sensitive values are
    never exposed here; ``raw()`` returns the entry as Terraform wrote it.
    """

    __slots__ = ("_c",)

    def __init__(self, core: Any) -> None:
        self._c = core

    address = property(lambda self: self._c.address)
    previous_address = property(lambda self: self._c.previous_address)
    module_address = property(lambda self: self._c.module_address)
    mode = property(lambda self: self._c.mode)
    type = property(lambda self: self._c.type)
    name = property(lambda self: self._c.name)
    provider_name = property(lambda self: self._c.provider_name)
    deposed = property(lambda self: self._c.deposed)
    actions = property(lambda self: list(self._c.actions))
    action = property(lambda self: self._c.action)
    create_before_destroy = property(
        lambda self: self._c.create_before_destroy)
    action_reason = property(lambda self: self._c.action_reason)
    importing = property(lambda self: self._c.importing)
    changed_paths = property(lambda self: list(self._c.changed_paths))
    sensitive_paths = property(lambda self: list(self._c.sensitive_paths))
    unknown_paths = property(lambda self: list(self._c.unknown_paths))
    replace_paths = property(lambda self: list(self._c.replace_paths))

    @property
    def index(self) -> Any:
        """The count/for_each key (int or str), or None."""
        j = self._c.index_json
        return None if j is None else json.loads(j)

    def raw(self) -> Optional[Dict[str, Any]]:
        """The entry as written in the plan (None if values not retained)."""
        j = self._c.raw_json()
        return None if j is None else json.loads(j)

    def to_dict(self) -> Dict[str, Any]:
        """The entry as ``plan show --output json`` prints it."""
        d: Dict[str, Any] = {
            "address": self.address,
            "module_address": self.module_address or None,
            "mode": self.mode,
            "type": self.type,
            "name": self.name,
            "index": self.index,
            "provider_name": self.provider_name,
            "action": self.action,
            "actions": self.actions,
            "action_reason": self.action_reason or None,
        }
        if self.previous_address:
            d["previous_address"] = self.previous_address
        d["changed_paths"] = self.changed_paths
        d["sensitive_paths"] = self.sensitive_paths
        d["unknown_paths"] = self.unknown_paths
        if self.replace_paths:
            d["replace_paths"] = self.replace_paths
        return d

    def __repr__(self) -> str:
        return f"ResourceChange({self.address!r}, action={self.action!r})"


class OutputChange:
    """One entry of output_changes."""

    __slots__ = ("_c",)

    def __init__(self, core: Any) -> None:
        self._c = core

    name = property(lambda self: self._c.name)
    actions = property(lambda self: list(self._c.actions))
    action = property(lambda self: self._c.action)
    sensitive = property(lambda self: self._c.sensitive)
    unknown = property(lambda self: self._c.unknown)

    def to_dict(self) -> Dict[str, Any]:
        return {"action": self.action, "actions": self.actions,
                "sensitive": self.sensitive, "unknown": self.unknown}

    def __repr__(self) -> str:
        return f"OutputChange({self.name!r}, action={self.action!r})"


class Plan:
    """A parsed plan. Immutable; cheap to keep (the C++ plan owns the bytes).

    Lists of changes are built on first access, so parsing a large plan
    costs no Python objects until they are used.
    """

    __slots__ = ("_c", "_changes", "_drift")

    def __init__(self, core: Any) -> None:
        self._c = core
        self._changes: Optional[List[ResourceChange]] = None
        self._drift: Optional[List[ResourceChange]] = None

    format_version = property(lambda self: self._c.format_version)
    terraform_version = property(lambda self: self._c.terraform_version)
    errored = property(lambda self: self._c.errored)
    applyable = property(lambda self: self._c.applyable)
    complete = property(lambda self: self._c.complete)
    timestamp = property(lambda self: self._c.timestamp)
    field_names = property(lambda self: list(self._c.field_names))

    @property
    def resource_changes(self) -> List[ResourceChange]:
        if self._changes is None:
            c = self._c
            self._changes = [ResourceChange(c.change(False, i))
                             for i in range(c.count(False))]
        return self._changes

    @property
    def resource_drift(self) -> List[ResourceChange]:
        if self._drift is None:
            c = self._c
            self._drift = [ResourceChange(c.change(True, i))
                           for i in range(c.count(True))]
        return self._drift

    @property
    def output_changes(self) -> Dict[str, OutputChange]:
        return {o.name: OutputChange(o) for o in self._c.output_changes}

    def section(self, name: str) -> Any:
        """Top-level field ``name`` (e.g. "prior_state", "configuration")
        parsed to Python. Raises NotFoundError when absent."""
        return json.loads(self._c.section_json(name))

    def to_json(self) -> str:
        """Exactly ``driftwise plan show --output json``."""
        return self._c.show_json()

    def to_text(self) -> str:
        """Exactly ``driftwise plan show`` (needs retained values)."""
        return self._c.show_text()

    def to_dict(self) -> Dict[str, Any]:
        """``to_json()`` parsed."""
        return json.loads(self.to_json())

    def __repr__(self) -> str:
        return (f"Plan(format_version={self.format_version!r}, "
                f"changes={self._c.count(False)}, "
                f"drift={self._c.count(True)})")


def parse_plan(source: Source, *, retain_values: bool = True,
               compute_diff: bool = True, threads: int = 1) -> Plan:
    """Parses a Terraform plan (``terraform show -json PLANFILE``).

    ``retain_values=False`` halves memory when only addresses and paths are
    needed; ``compute_diff=False`` skips the attribute diff; ``threads=0``
    parses and diffs changes on one thread per core (results are the same).
    Raises ParseError (with ``offset``) for malformed input,
    UnsupportedError for an unknown major format_version, NotFoundError for
    a missing file.
    """
    kind, value = classify(source)
    if kind == "path":
        core = _driftwise.parse_plan_file(value, retain_values, compute_diff,
                                          threads)
    else:
        core = _driftwise.parse_plan_bytes(value, retain_values, compute_diff,
                                           threads)
    return Plan(core)
