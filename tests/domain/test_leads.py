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
    assert rules.normalize_phone("+86 (138) 0013-8000") == "8613800138000"
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


@pytest.mark.parametrize(
    "text", ["a\tb", "line one\nline two", "全角\u3000空格", "x\x85y", "\u200bzero"]
)
def test_text_may_hold_tabs_newlines_and_unicode_spaces(text: str) -> None:
    assert rules.clean_text(text, field="note", limit=100) == text.strip()


@pytest.mark.parametrize("text", ["a\x01b", "bell\x07", "del\x7f", "esc\x1b[0m"])
def test_control_characters_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        rules.clean_text(text, field="note", limit=100)
    assert caught.value.message == "note contains control characters"
