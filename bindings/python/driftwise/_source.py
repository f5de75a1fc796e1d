"""Turns the accepted kinds of ``source`` into a path or bytes."""

from __future__ import annotations

import json
import os
from typing import Any, Tuple, Union

Source = Union[str, bytes, bytearray, memoryview, "os.PathLike[str]",
               dict, list]


def classify(source: Any) -> Tuple[str, Any]:
    """Returns ("path", str) or ("data", bytes-like or str)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return "data", source
    if isinstance(source, (dict, list)):
        return "data", json.dumps(source)
    if isinstance(source, os.PathLike):
        return "path", os.fspath(source)
    if isinstance(source, str):
        stripped = source.lstrip()
        if stripped[:1] in ("{", "["):
            return "data", source
        return "path", source
    raise TypeError(
        "source must be a path, bytes, a JSON str or a dict, not "
        f"{type(source).__name__}")
