"""Text shown on one line, and text shown as it is."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from funnel.domain.text import CONTROL, lines_of, one_line, visible


@pytest.mark.parametrize(
    "text,shown",
    [
        ("plain 张伟 🚀", "plain 张伟 🚀"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\r\\nb"),
        ("tab\there", "tab\\there"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("nel\x85", "nel\\x85"),
        ("ls\u2028x", "ls\\u2028x"),
        ("[bold]markup[/bold]", "[bold]markup[/bold]"),
        ("全角\u3000空格", "全角\u3000空格"),
    ],
)
def test_one_line(text: str, shown: str) -> None:
    assert one_line(text) == shown


@given(st.text())
def test_one_line_is_one_line_and_never_drives_a_terminal(text: str) -> None:
    shown = one_line(text)
    assert not CONTROL.search(shown)
    assert len(shown.splitlines()) <= 1


def test_visible_keeps_a_notes_lines_and_shows_the_rest() -> None:
    assert visible("one\n\ttwo") == "one\n\ttwo"
    assert visible("\x1b[2Jgone\x07") == "\\x1b[2Jgone\\x07"
    assert visible("cr\rback") == "cr\\rback"


def test_lines_of() -> None:
    assert lines_of("a\r\nb\rc\nd") == "a\nb\nc\nd"
    assert lines_of("no breaks") == "no breaks"
