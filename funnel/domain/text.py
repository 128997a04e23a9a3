"""Text people give and text people see: which characters a field may hold, and how
text that holds others is shown so that it cannot move the cursor, colour a terminal
or break a line it should stay on. Stdlib only.

A one-line field (a name, a company, a reason, a tag…) holds no control character at
all; a note may hold newlines and tabs (a carriage return is read as a newline).
"""

from __future__ import annotations

import re

from funnel.errors import CONTROL, escaped, one_line

__all__ = ["CONTROL", "CONTROL_IN_NOTE", "lines_of", "one_line", "visible"]

# The control characters (funnel.errors.CONTROL) less the newline and the tab, which a
# note may hold.
CONTROL_IN_NOTE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """``text`` as a table or card shows it: newlines and tabs kept, any other control
    character written as an escape (a store written before these rules may hold one)."""
    if text.isprintable():
        return text
    return CONTROL_IN_NOTE.sub(escaped, text)


def lines_of(text: str) -> str:
    """A note's line breaks as newlines: Windows' CR LF and a lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
