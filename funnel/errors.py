"""Errors that carry their exit code; one handler in ``funnel.cli`` prints them."""

from __future__ import annotations

import re


class FunnelError(Exception):
    """Something the user can fix: printed as ``error: …`` with exit status 1."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(FunnelError):
    """No lead (or other record) with that id."""


class InvalidValue(FunnelError):
    """A value typed by the user does not parse or is out of range."""


class GateNotMet(FunnelError):
    """A forward move whose stage gate does not hold."""


class Conflict(FunnelError):
    """The store already holds something that clashes (duplicate phone, …)."""


class StoreError(FunnelError):
    """The store cannot be opened, is locked, or is from a newer version."""


# --- how a message that echoes input stays on one line ------------------------------

# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` with every control character written as an escape (``\\n``, ``\\x1b``):
    what an error or a warning that echoes input prints, so it stays one line."""
    if text.isprintable():  # the common case: nothing to look for
        return text
    return CONTROL.sub(escaped, text)
