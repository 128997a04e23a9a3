"""Wrapping paragraphs for people: between words and Chinese characters, never a line
starting with Chinese closing punctuation, nothing lost, nothing wider than asked."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from funnel.domain.text import CLOSING, OPENING, cells, wrap
from funnel.i18n import MESSAGES


def test_punctuation_moves_down_with_the_character_before_it() -> None:
    # "比以前省时；" would put "；" first on a line: "时" moves down with it
    assert wrap("让试用顺畅，讲清楚比以前省时；然后", 10) == [
        "让试用顺",
        "畅，讲清楚",
        "比以前省",
        "时；然后",
    ]
    lines = wrap("按约交付，取得对方验收确认，再收取尾款。", 10)
    assert lines == ["按约交付，", "取得对方验", "收确认，再", "收取尾款。"]
    assert wrap("谈范围和价格。", 12) == ["谈范围和价", "格。"]


def test_latin_words_break_at_spaces() -> None:
    assert wrap("Make the trial easy and show", 12) == ["Make the", "trial easy", "and show"]
    assert wrap("a verylongwordindeed b", 6) == ["a", "verylo", "ngword", "indeed", "b"]


def test_newlines_start_new_lines_and_widths_count_wide_characters() -> None:
    assert wrap("一二\n三", 10) == ["一二", "三"]
    assert cells("潜在a") == 5


@pytest.mark.parametrize("key", [k for k in MESSAGES if k.startswith(("tip.", "approach."))])
@pytest.mark.parametrize("width", [12, 20, 30, 41, 60])
def test_catalogue_paragraphs_never_start_a_line_with_punctuation(key: str, width: int) -> None:
    for text in MESSAGES[key]:
        lines = wrap(text, width)
        assert all(cells(line) <= width for line in lines), lines
        assert not any(line[:1] in CLOSING for line in lines[1:]), lines


chinese = st.sampled_from("一二三四五六七八九十客户试用合同")
punct = st.sampled_from(sorted(CLOSING | OPENING))
latin = st.sampled_from("abcXYZ0123 ")
texts = st.lists(st.one_of(chinese, punct, latin), max_size=80).map("".join)


def _glued(text: str) -> str:
    """Closing punctuation written after a character (never first, never after a space),
    opening punctuation before one (never before a space: it would open nothing)."""
    out = ""
    for char in text:
        if char in CLOSING and (not out or out[-1] == " " or out[-1] in OPENING):
            continue
        if char == " " and out and out[-1] in OPENING:
            continue
        out += char
    return out


@settings(max_examples=500)
@given(texts.map(_glued), st.integers(min_value=4, max_value=50))
def test_wrapping_any_text(text: str, width: int) -> None:
    lines = wrap(text, width)
    # nothing lost but the spaces where lines break
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    # never a line starting with closing punctuation
    assert not any(line[:1] in CLOSING for line in lines[1:]), lines
    # never a line ending with opening punctuation when more follows
    assert not any(line[-1:] in OPENING for line in lines[:-1] if len(line) > 1), lines
    # no line wider than asked but one character and the punctuation around it
    for line in lines:
        core = line.lstrip("".join(OPENING)).rstrip("".join(CLOSING))
        assert cells(line) <= width or len(core) <= 1, (line, lines)


def test_folding_carries_the_character_before_a_run_of_punctuation() -> None:
    assert wrap("一!、", 4) == ["一!、"]  # one character and its punctuation: it hangs
    assert wrap("一二!、", 4) == ["一", "二!、"]
    assert wrap("一二三!!、", 6) == ["一二", "三!!、"]
    assert wrap("一（（二", 4) == ["一", "（（二"]
