"""Every error is one ``error:`` line: whatever a message echoes back (an id, a path, a
driver's words), line breaks and control characters in it are shown escaped."""

from __future__ import annotations

import pytest

from tests.harness import Funnel

BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("brk", BREAKS, ids=[repr(b) for b in BREAKS])
def test_an_echoed_line_break_stays_escaped(funnel: Funnel, brk: str) -> None:
    for args in (("show", f"1{brk}2"), ("advance", brk), ("move", "1", f"trial{brk}x")):
        said = funnel.error(*args)
        assert said.endswith("\n") and len(said[:-1].splitlines()) == 1, said


def test_escape_codes_are_not_replayed_in_an_error(funnel: Funnel) -> None:
    said = funnel.error("show", "\x1b[2J\x1b[31m7")
    assert "\x1b" not in said and "\\x1b[2J" in said
