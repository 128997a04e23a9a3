"""Text shown on one line, text shown as it is, and CSV cells for a spreadsheet and back."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from funnel.domain.spreadsheet import TRIGGERS, neutralise, restore
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


# --- spreadsheet cells ---------------------------------------------------------------


@pytest.mark.parametrize(
    "cell,written",
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+86 138 0013 8000", "'+86 138 0013 8000"),
        ("-5 stars", "'-5 stars"),
        ("@home", "'@home"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'quoted", "'quoted"),  # an apostrophe before anything else is left alone
        ("'=x", "''=x"),  # ... but before a trigger it gets one more
        ("''+y", "'''+y"),
        ("'", "'"),
        ("", ""),
        ("plain", "plain"),
        ("2026-11-20", "2026-11-20"),
        ("a=b", "a=b"),
    ],
)
def test_neutralise(cell: str, written: str) -> None:
    assert neutralise(cell) == written
    assert restore(written) == cell


_cells = st.text(alphabet=st.sampled_from([*TRIGGERS, "'", "a", "1", " ", "张"]), max_size=8)


@given(st.one_of(_cells, st.text()))
@example("'=x")
@example("'")
def test_restore_undoes_neutralise(cell: str) -> None:
    assert restore(neutralise(cell)) == cell


@given(st.one_of(_cells, st.text()))
def test_a_neutralised_cell_never_starts_a_formula(cell: str) -> None:
    written = neutralise(cell)
    assert not written.startswith(TRIGGERS)
    # and only cells that would have run, or would be mistaken for guarded ones, change
    assert (written != cell) == cell.lstrip("'").startswith(TRIGGERS)
