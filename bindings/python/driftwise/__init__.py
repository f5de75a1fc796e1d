"""driftwise: Terraform plans, states and audit chains from Python.

The parsing runs in the C++ core (with the GIL released); results are light
Python objects whose ``to_dict()`` gives exactly the JSON the ``driftwise``
CLI prints (``plan show --output json``, ``state show --output json``,
``audit verify --output json``).

Every function taking a ``source`` accepts:
  - a path (``str`` or ``os.PathLike``) of a file to read (memory-mapped);
  - ``bytes``/``bytearray``/``memoryview`` holding the JSON;
  - a ``str`` whose first non-blank character is ``{`` or ``[`` (JSON text);
  - a ``dict`` (serialized with ``json.dumps`` first).

Example::

    import driftwise
    plan = driftwise.parse_plan("plan.json")
    for rc in plan.resource_changes:
        if rc.action != "no-op":
            print(rc.action, rc.address, rc.changed_paths)
"""

from __future__ import annotations

from ._errors import (ChainError, Error, NotFoundError, ParseError,
                      UnsupportedError, ValidationError)
from ._plan import OutputChange, Plan, ResourceChange, parse_plan
from ._state import State, StateResource, parse_state
from ._audit import AuditChain, VerifyReport, verify_chain
from ._drift import DriftReport, Inventory, drift, load_inventory
from ._noise import NoiseTracker
from ._assess import Assessment, Policy, RiskEngine, assess_plan, fingerprint
from . import _driftwise

__version__: str = _driftwise.__version__
ABI_VERSION: int = _driftwise.ABI_VERSION

__all__ = [
    "ABI_VERSION", "Assessment", "AuditChain", "Policy", "RiskEngine",
    "assess_plan", "fingerprint", "DriftReport", "Inventory", "drift",
    "load_inventory", "NoiseTracker", "ChainError", "Error", "NotFoundError",
    "OutputChange", "ParseError", "Plan", "ResourceChange", "State",
    "StateResource", "UnsupportedError", "ValidationError", "VerifyReport",
    "parse_plan", "parse_state", "verify_chain", "__version__",
]
