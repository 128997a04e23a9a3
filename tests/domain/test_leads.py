"""A lead's fields and states: validation, normalised phone and email, lose and reopen."""

from __future__ import annotations

from datetime import date

import pytest

from funnel.domain import leads as rules
from funnel.domain.stages import Stage
from funnel.errors import InvalidValue

TODAY = date(2026, 11, 20)


def test_lead_validation() -> None:
    values = rules.validate_lead(
        {
            "name": " 张伟 ",
            "phone": "138 0013 8000",
            "email": "A@B.cn",
            "value": "10",
            "kind": "企业",
            "persona": "理智型",
            "tags": "vip, east",
            "stage": "试用",
        },
        today=TODAY,
    )
    assert values["name"] == "张伟"
    assert values["kind"] == "business" and values["persona"] == "rational"
    assert values["tags"] == ["vip", "east"] and values["value"] == 1000
    assert values["stage"] is Stage.TRIAL
    assert rules.normalize_phone("+86 (138) 0013-8000") == "13800138000"
    assert rules.normalize_email(" Zhang@Example.COM ") == "zhang@example.com"
    for bad in (
        {"name": " "},
        {"name": "x" * 201},
        {"name": "a", "email": "nope"},
        {"name": "a", "kind": "alien"},
        {"name": "a", "phone": "call me"},
        {"name": "a", "company": "x" * 1001},
        {"name": "a\x00b"},
    ):
        with pytest.raises(InvalidValue):
            rules.validate_lead(bad, today=TODAY)


def test_state_rules() -> None:
    assert rules.next_state_on_lose("active", final=False, lead="1") == "lost"
    assert rules.next_state_on_lose("active", final=True, lead="1") == "dead"
    assert rules.next_state_on_lose("lost", final=True, lead="1") == "dead"
    with pytest.raises(InvalidValue):
        rules.next_state_on_lose("lost", final=False, lead="1")
    with pytest.raises(InvalidValue):
        rules.next_state_on_lose("dead", final=True, lead="1")
    rules.check_can_reopen("lost", lead="1")
    for state in ("active", "dead"):
        with pytest.raises(InvalidValue):
            rules.check_can_reopen(state, lead="1")


@pytest.mark.parametrize("text", ["a\tb", "line one\nline two", "全角\u3000空格", "\u200bzero"])
def test_a_note_may_hold_tabs_newlines_and_unicode_spaces(text: str) -> None:
    assert rules.clean_text(text, field="note", limit=100, lines=True) == text.strip()


@pytest.mark.parametrize("text", ["全角\u3000空格", "\u200bzero", "emoji 🚀 ok", "[bold]x"])
def test_one_line_text_may_hold_unicode_spaces(text: str) -> None:
    assert rules.clean_text(text, field="name", limit=100) == text


def test_a_note_reads_carriage_returns_as_newlines() -> None:
    assert rules.clean_text("a\r\nb\rc", field="note", limit=100, lines=True) == "a\nb\nc"
    # the limit counts what is kept
    assert rules.clean_text("ab\r\n" * 25 + "x", field="note", limit=76, lines=True)


@pytest.mark.parametrize(
    "text",
    ["a\x01b", "bell\x07", "del\x7f", "esc\x1b[0m", "x\x85y", "csi\x9b31m", "vt\x0bx", "ls\u2028x"],
)
@pytest.mark.parametrize("lines", [False, True])
def test_control_characters_are_refused(text: str, lines: bool) -> None:
    with pytest.raises(InvalidValue) as caught:
        rules.clean_text(text, field="note", limit=100, lines=lines)
    assert caught.value.message == "note contains control characters"


@pytest.mark.parametrize("text", ["a\tb", "one\ntwo", "one\r\ntwo", "cr\rx"])
def test_one_line_text_refuses_tabs_and_newlines(text: str) -> None:
    with pytest.raises(InvalidValue):
        rules.clean_text(text, field="name", limit=100)
    with pytest.raises(InvalidValue):
        rules.validate_lead({"name": text}, today=TODAY)
    with pytest.raises(InvalidValue):
        rules.parse_tag(text)
    with pytest.raises(InvalidValue):
        rules.parse_field(f"k={text}")


def test_notes_keep_their_lines_in_a_lead() -> None:
    values = rules.validate_lead({"name": "a", "note": "one\n\ttwo\r\nthree"}, today=TODAY)
    assert values["note"] == "one\n\ttwo\nthree"


@pytest.mark.parametrize(
    "field,limit", [("name", 200), ("company", 1000), ("source", 1000), ("note", 10_000)]
)
def test_limits(field: str, limit: int) -> None:
    raw = {"name": "a", field: "x" * limit}
    assert rules.validate_lead(raw, today=TODAY)[field] == "x" * limit
    with pytest.raises(InvalidValue) as caught:
        rules.validate_lead({**raw, field: "x" * (limit + 1)}, today=TODAY)
    assert caught.value.message == f"{field} is too long ({limit + 1} characters; at most {limit})"


def test_filters_are_checked_but_kept_as_given() -> None:
    assert rules.check_text(" li ", field="--owner") == " li "
    assert rules.check_text(None, field="--owner") is None
    for bad in ("x" * 1001, "a\nb", "\x1b[2J"):
        with pytest.raises(InvalidValue):
            rules.check_text(bad, field="--owner")
    assert rules.check_text("a\nb", field="note", lines=True) == "a\nb"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dead_lead_is_never_told_to_reopen(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FUNNEL_LANG", lang)
    for check in (rules.check_can_move, rules.check_can_reopen):
        with pytest.raises(InvalidValue) as dead:
            check("dead", lead="7")
        text = str(dead.value)
        assert "reopen it first" not in text and "请先 reopen" not in text
        assert ("new lead" if lang == "en" else "新建客户") in text
    with pytest.raises(InvalidValue) as lost:
        rules.check_can_move("lost", lead="7")
    assert "reopen" in str(lost.value)  # a lost lead can be won back
