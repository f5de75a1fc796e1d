"""Terraform states: parse_state() and the objects it returns."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from . import _driftwise
from ._source import Source, classify


class StateResource:
    """One resource instance of a state.

    ``attributes()`` returns the values unmasked (your own input);
    ``to_dict()`` masks every sensitive value as the CLI does.
    """

    __slots__ = ("_c", "_state")

    def __init__(self, core: Any, state: "State") -> None:
        self._c = core
        self._state = state

    address = property(lambda self: self._c.address)
    module = property(lambda self: self._c.module)
    mode = property(lambda self: self._c.mode)
    type = property(lambda self: self._c.type)
    name = property(lambda self: self._c.name)
    provider = property(lambda self: self._c.provider)
    provider_source = property(lambda self: self._c.provider_source)
    provider_alias = property(lambda self: self._c.provider_alias)
    deposed = property(lambda self: self._c.deposed)
    tainted = property(lambda self: self._c.tainted)
    schema_version = property(lambda self: self._c.schema_version)
    sensitive_paths = property(lambda self: list(self._c.sensitive_paths))

    @property
    def index(self) -> Any:
        j = self._c.index_json
        return None if j is None else json.loads(j)

    def attributes(self) -> Dict[str, Any]:
        j = self._c.attributes_json()
        return {} if j is None else (json.loads(j) or {})

    def to_dict(self) -> Dict[str, Any]:
        """The resource as ``state show --output json`` prints it."""
        return self._state.to_dict()["resources"][
            self._state._index_of(self)]

    def __repr__(self) -> str:
        return f"StateResource({self.address!r})"


class State:
    """A parsed state (raw v4 or ``terraform show -json``). Immutable."""

    __slots__ = ("_c", "_resources", "_dict")

    def __init__(self, core: Any) -> None:
        self._c = core
        self._resources: Optional[List[StateResource]] = None
        self._dict: Optional[Dict[str, Any]] = None

    version = property(lambda self: self._c.version)
    format_version = property(lambda self: self._c.format_version)
    terraform_version = property(lambda self: self._c.terraform_version)
    serial = property(lambda self: self._c.serial)
    lineage = property(lambda self: self._c.lineage)

    @property
    def resources(self) -> List[StateResource]:
        if self._resources is None:
            c = self._c
            self._resources = [StateResource(c.resource(i), self)
                               for i in range(c.count())]
        return self._resources

    def _index_of(self, resource: StateResource) -> int:
        for i, r in enumerate(self.resources):
            if r is resource:
                return i
        raise ValueError("resource does not belong to this state")

    def outputs(self) -> Dict[str, Any]:
        j = self._c.outputs_json()
        return {} if j is None else json.loads(j)

    def to_json(self) -> str:
        """Exactly ``driftwise state show --output json`` (masked)."""
        return self._c.show_json()

    def to_text(self) -> str:
        """Exactly ``driftwise state show``."""
        return self._c.show_text()

    def to_dict(self) -> Dict[str, Any]:
        if self._dict is None:
            self._dict = json.loads(self.to_json())
        return self._dict

    def __repr__(self) -> str:
        return (f"State(version={self.version}, serial={self.serial}, "
                f"resources={self._c.count()})")


def parse_state(source: Source, *, threads: int = 1) -> State:
    """Parses a Terraform state (raw file v4 or ``show -json`` output).

    ``threads``: a state file's resources are read in batches on this many
    threads (1: the calling thread; 0: one per core); the result does not
    depend on it, and the GIL is released while reading.
    Raises ParseError (with ``offset``) for malformed input,
    UnsupportedError for state versions 1 to 3, NotFoundError for a
    missing file, ValueError for a negative ``threads``.
    """
    if threads < 0:
        raise ValueError("threads must be 0 (one per core) or more")
    kind, value = classify(source)
    if kind == "path":
        return State(_driftwise.parse_state_file(value, threads))
    return State(_driftwise.parse_state_bytes(value, threads))
