"""NoiseTracker: which change patterns keep coming back across scans."""

from __future__ import annotations

import time as _time
import uuid
from typing import Any, Dict, List, Optional, Union

from . import _driftwise
from ._assess import Assessment, _timestamp
from ._plan import Plan, parse_plan
from ._source import Source


class NoiseTracker:
    """Records scans (plans or assessments) and reports the fingerprints
    (resource type, attribute path, action) seen in at least ``threshold``
    scans within ``window_days``: recurring changes nobody acts on are
    noise. Recording an Assessment also keeps which noise rule matched.
    """

    def __init__(self, *, window_days: int = 14, threshold: int = 3,
                 repo_owner: str = "", repo_name: str = "") -> None:
        self.window_days = window_days
        self.threshold = threshold
        self.repo_owner = repo_owner
        self.repo_name = repo_name
        self._scans: List[Any] = []

    def record(self, scan: Union[Plan, Assessment, Source], *,
               scan_id: Optional[str] = None,
               time: Union[None, int, float, str] = None) -> None:
        """Adds one scan taken at ``time`` (Unix seconds or RFC 3339;
        default now)."""
        t = _timestamp(time)
        sid = scan_id or uuid.uuid4().hex
        if isinstance(scan, Assessment):
            rec = _driftwise.scan_from_assessment(
                scan._c, sid, t, self.repo_owner, self.repo_name)
        else:
            if not isinstance(scan, Plan):
                scan = parse_plan(scan)
            rec = _driftwise.scan_from_plan(scan._c, sid, t, self.repo_owner,
                                            self.repo_name)
        self._scans.append(rec)

    def __len__(self) -> int:
        return len(self._scans)

    def patterns(self, *, now: Union[None, int, float, str] = None,
                 max_examples: int = 5) -> List[Dict[str, Any]]:
        """Every pattern in the window ending at ``now``, most frequent
        first; ``is_noise`` marks those at or over the threshold (or matched
        by a noise rule)."""
        return _driftwise.aggregate_recurrence(
            self._scans, self.window_days, self.threshold, _timestamp(now),
            self.repo_owner, self.repo_name, max_examples)

    def noise(self, **kwargs: Any) -> List[Dict[str, Any]]:
        """Only the patterns that are noise."""
        return [p for p in self.patterns(**kwargs) if p["is_noise"]]
