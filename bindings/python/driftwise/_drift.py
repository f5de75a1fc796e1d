"""Drift: load_inventory() and drift(), the `driftwise drift` command."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _driftwise
from ._plan import Plan, parse_plan
from ._source import Source, classify
from ._state import State, parse_state


class Inventory:
    """A live inventory: resources read from AWS Config, GCP Cloud Asset
    Inventory, Azure Resource Graph, kubectl, driftctl or driftwise's own
    format. ``format`` says which one was read."""

    __slots__ = ("_c", "label")

    def __init__(self, core: Any, label: str) -> None:
        self._c = core
        self.label = label

    format = property(lambda self: self._c.format)

    def __len__(self) -> int:
        return self._c.count()

    @property
    def skipped(self) -> List[Tuple[int, int, str]]:
        """(index, byte offset, reason) of records that could not be read."""
        return list(self._c.skipped())

    def __repr__(self) -> str:
        return f"Inventory({self.label!r}, format={self.format!r}, resources={len(self)})"


def _bytes_and_label(source: Source, default_label: str) -> Tuple[Any, str]:
    kind, value = classify(source)
    if kind == "path":
        with open(value, "rb") as f:
            return f.read(), value
    return value, default_label


def load_inventory(source: Source, *, format: str = "auto",
                   terraform_type: str = "", default_account: str = "",
                   default_region: str = "",
                   label: Optional[str] = None,
                   threads: int = 1) -> Inventory:
    """Parses a live inventory. ``format``: auto, driftwise, kubectl,
    gcp-cai, azure-resource-graph, aws-config or driftctl (which needs
    ``terraform_type``). ``label`` names it in findings (default: the
    path). ``threads``: a driftwise-format list is read in batches on this
    many threads (0: one per core); the result does not depend on it.
    Raises ParseError for input that is not JSON, ValueError for a negative
    ``threads``."""
    if threads < 0:
        raise ValueError("threads must be 0 (one per core) or more")
    data, default = _bytes_and_label(source, "inventory")
    core = _driftwise.parse_inventory_bytes(data, format, terraform_type,
                                            default_account, default_region,
                                            threads)
    return Inventory(core, label or default)


class DriftReport:
    """The outcome of drift(): ``has_drift``, ``summary``, ``items``;
    ``to_dict()`` is ``driftwise drift --output json``."""

    __slots__ = ("_c", "_dict")

    def __init__(self, core: Any) -> None:
        self._c = core
        self._dict: Optional[Dict[str, Any]] = None

    @property
    def has_drift(self) -> bool:
        return self._c.has_drift()

    def render(self, format: str = "text") -> str:
        """text, json, markdown or sarif, as the CLI prints it."""
        return self._c.render(format)

    def to_json(self) -> str:
        return self.render("json")

    def to_dict(self) -> Dict[str, Any]:
        if self._dict is None:
            self._dict = json.loads(self.to_json())
        return self._dict

    summary = property(lambda self: dict(self.to_dict()["summary"]))
    items = property(lambda self: list(self.to_dict()["items"]))

    def __repr__(self) -> str:
        return f"DriftReport(has_drift={self.has_drift})"


def _labelled(items: Iterable[Any], kind: str, load) -> List[Tuple[str, Any]]:
    out = []
    for n, item in enumerate(items):
        if isinstance(item, (State, Plan)):
            out.append((f"{kind}[{n}]", item))
            continue
        kind_, value = classify(item)
        label = value if kind_ == "path" else f"{kind}[{n}]"
        out.append((label, load(item)))
    return out


def _as_list(x: Any) -> Sequence[Any]:
    if x is None:
        return []
    if isinstance(x, (list, tuple)):
        return x
    return [x]


def drift(states: Union[State, Source, Sequence[Union[State, Source]]],
          inventories: Union[Inventory, Source, Sequence[Union[Inventory, Source]]],
          *, plans: Union[None, Plan, Source, Sequence[Union[Plan, Source]]] = None,
          ignore: Optional[Union[str, bytes, "os.PathLike[str]"]] = None,
          show_defaults: bool = False, threads: int = 1) -> DriftReport:
    """Matches Terraform states with live inventories (and the
    resource_drift of refresh-only ``plans``): changed, missing and
    unmanaged resources with IaC coverage. ``ignore`` is .driftignore text
    or a path to such a file. Paths given here label findings as the CLI
    does. ``threads``: 1 reads the inputs given as paths or bytes and
    matches on the calling thread (the GIL is released either way), 0 on
    one thread per core; results do not depend on it."""
    if threads < 0:
        raise ValueError("threads must be 0 (one per core) or more")
    st = _labelled(_as_list(states), "state",
                   lambda s: parse_state(s, threads=threads))
    pl = _labelled(_as_list(plans), "plan",
                   lambda p: parse_plan(p, threads=threads))
    inv: List[Tuple[str, Inventory]] = []
    for item in _as_list(inventories):
        if not isinstance(item, Inventory):
            item = load_inventory(item, threads=threads)
        inv.append((item.label, item))
    ignore_text = None
    if ignore is not None:
        if isinstance(ignore, bytes):
            ignore_text = ignore.decode("utf-8")
        elif isinstance(ignore, os.PathLike) or (
                isinstance(ignore, str) and "\n" not in ignore
                and os.path.isfile(ignore)):
            with open(ignore, encoding="utf-8") as f:
                ignore_text = f.read()
        else:
            ignore_text = ignore
    core = _driftwise.compute_drift(
        [(label, s._c) for label, s in st],
        [(label, i._c) for label, i in inv],
        [(label, p._c) for label, p in pl],
        ignore_text, show_defaults, threads)
    return DriftReport(core)
