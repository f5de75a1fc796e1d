"""The driftwise exception hierarchy.

Every failure of the C++ core arrives as a status (code, message, byte
offset, JSON path); ``from_status`` turns it into the most specific class:

    Error                      base of everything driftwise raises
    ├── ParseError(ValueError) malformed input; ``offset`` says where
    ├── ValidationError(ValueError)
    │                          well-formed input with a bad field;
    │                          ``fields`` names them
    ├── UnsupportedError       e.g. a state version older than 4
    ├── NotFoundError(FileNotFoundError)
    └── ChainError             an audit chain that is not intact where one
                               must be
"""

from __future__ import annotations

from typing import List, Optional

# Canonical status codes (absl::StatusCode / gRPC), as the core uses them.
INVALID_ARGUMENT = 3
NOT_FOUND = 5
PERMISSION_DENIED = 7
RESOURCE_EXHAUSTED = 8
FAILED_PRECONDITION = 9
UNIMPLEMENTED = 12


class Error(Exception):
    """Base class of every error driftwise raises.

    Attributes: ``code`` (canonical status code), ``message``, ``offset``
    (byte offset into the input, or None) and ``path`` (JSON path of the
    offending value, "" when unknown).
    """

    def __init__(self, message: str, *, code: int = 2,
                 offset: Optional[int] = None, path: str = "") -> None:
        self.code = code
        self.message = message
        self.offset = offset
        self.path = path
        where = []
        if offset is not None:
            where.append(f"at byte {offset}")
        if path:
            where.append(f"path {path}")
        super().__init__(message + (f" ({', '.join(where)})" if where else ""))


class ParseError(Error, ValueError):
    """The input is not what it should be; ``offset`` points at it."""


class ValidationError(Error, ValueError):
    """A field is invalid; ``fields`` lists the offending field names."""

    def __init__(self, message: str, *, fields: Optional[List[str]] = None,
                 **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.fields: List[str] = list(fields or [])


class UnsupportedError(Error):
    """The input uses a version or feature this driftwise does not read."""


class NotFoundError(Error, FileNotFoundError):
    """A file (or named item) does not exist."""


class ChainError(Error):
    """An audit chain is broken or truncated where an intact one is needed."""


def from_status(code: int, message: str, offset: Optional[int],
                path: str) -> Error:
    """The exception for a failed core status (used by the C++ layer)."""
    kw = dict(code=code, offset=offset, path=path)
    if code == INVALID_ARGUMENT:
        if offset is not None:
            return ParseError(message, **kw)
        return ValidationError(message, fields=[path] if path else [], **kw)
    if code == UNIMPLEMENTED:
        return UnsupportedError(message, **kw)
    if code == NOT_FOUND:
        return NotFoundError(message, **kw)
    if code == FAILED_PRECONDITION:
        return ChainError(message, **kw)
    if code == RESOURCE_EXHAUSTED:
        return _MemoryError(message, **kw)
    return Error(message, **kw)


class _MemoryError(Error, MemoryError):
    """The core ran out of memory."""
