"""Text people give and text people see: which characters a field may hold, and how
text that holds others is shown so that it cannot move the cursor, colour a terminal
or break a line it should stay on. Stdlib only.

A one-line field (a name, a company, a reason, a tag…) holds no control character at
all; a note may hold newlines and tabs (a carriage return is read as a newline).
"""

from __future__ import annotations

import re

# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# ... less the newline and the tab, which a note may hold.
CONTROL_IN_NOTE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
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
    return CONTROL.sub(_escaped, text)


def visible(text: str) -> str:
    """``text`` as a table or card shows it: newlines and tabs kept, any other control
    character written as an escape (a store written before these rules may hold one)."""
    if text.isprintable():
        return text
    return CONTROL_IN_NOTE.sub(_escaped, text)


def lines_of(text: str) -> str:
    """A note's line breaks as newlines: Windows' CR LF and a lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
