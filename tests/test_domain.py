"""The pure rules: stages, gates, moves, dates, money. No store, no CLI."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from funnel.domain import leads as rules
from funnel.domain.dates import parse_date
from funnel.domain.money import parse_money, to_number
from funnel.domain.stages import (
    STAGES,
    GateFacts,
    Stage,
    check_move,
    failed_gates,
    gate_holds,
    parse_stage,
)
from funnel.errors import GateNotMet, InvalidValue

NOTHING = GateFacts(value_cents=0, contract_sent=False, paid_cents=0)


@pytest.mark.parametrize(
    "text,stage",
    [
        ("potential", Stage.POTENTIAL),
        ("TRIAL", Stage.TRIAL),
        ("意向客户", Stage.INTENT),
        ("意向", Stage.INTENT),
        ("准", Stage.QUASI),
        ("准客户", Stage.QUASI),
        ("正式", Stage.FORMAL),
        (" formal ", Stage.FORMAL),
        ("潜在", Stage.POTENTIAL),
        ("试用客户", Stage.TRIAL),
    ],
)
def test_stage_names_and_aliases(text: str, stage: Stage) -> None:
    assert parse_stage(text) is stage


@pytest.mark.parametrize("text", ["", "lead", "formal customer", "正式的", "5"])
def test_unknown_stage_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_stage(text)


def test_gates() -> None:
    assert gate_holds(Stage.TRIAL, NOTHING)
    assert not gate_holds(Stage.INTENT, NOTHING)
    assert gate_holds(Stage.INTENT, GateFacts(1, False, 0))
    assert not gate_holds(Stage.QUASI, GateFacts(100, True, 0))
    assert not gate_holds(Stage.QUASI, GateFacts(100, False, 50))
    assert gate_holds(Stage.QUASI, GateFacts(100, True, 50))
    assert not gate_holds(Stage.FORMAL, GateFacts(100, True, 99))
    assert gate_holds(Stage.FORMAL, GateFacts(100, True, 100))


def test_skip_checks_every_stage_passed_over() -> None:
    facts = GateFacts(value_cents=0, contract_sent=True, paid_cents=500)
    # quasi's gate holds, but skipping from trial passes over intent, which needs a value.
    assert failed_gates(Stage.TRIAL, Stage.QUASI, facts) == [Stage.INTENT]
    with pytest.raises(GateNotMet, match="intent"):
        check_move(Stage.TRIAL, Stage.QUASI, facts, force=False, lead="1")
    assert check_move(Stage.TRIAL, Stage.QUASI, facts, force=True, lead="1") is True


def test_backward_moves_enter_no_gate() -> None:
    assert failed_gates(Stage.FORMAL, Stage.POTENTIAL, NOTHING) == []
    assert check_move(Stage.QUASI, Stage.TRIAL, NOTHING, force=False, lead="1") is False


facts_strategy = st.builds(
    GateFacts,
    value_cents=st.integers(0, 10**6),
    contract_sent=st.booleans(),
    paid_cents=st.integers(0, 10**6),
)


@given(
    start=st.sampled_from(STAGES),
    moves=st.lists(st.tuples(st.sampled_from(STAGES), st.booleans(), facts_strategy), max_size=12),
)
def test_no_sequence_of_moves_lowers_highest_or_skips_a_gate(
    start: Stage, moves: list[tuple[Stage, bool, GateFacts]]
) -> None:
    current = highest = start
    for target, force, facts in moves:
        try:
            forced = check_move(current, target, facts, force=force, lead="1")
        except GateNotMet:
            assert not force
            assert failed_gates(current, target, facts)
            continue
        if not force:
            # an unforced move only enters stages whose gates hold
            assert all(gate_holds(s, facts) for s in STAGES if current < s <= target)
        assert forced == bool(failed_gates(current, target, facts))
        new_highest = rules.highest_after(highest, target)
        assert new_highest >= highest
        assert new_highest >= target
        current, highest = target, new_highest


TODAY = date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2026-02-28", date(2026, 2, 28)),
        ("2028-02-29", date(2028, 2, 29)),
        ("today", TODAY),
        ("tomorrow", date(2026, 11, 21)),
        ("yesterday", date(2026, 11, 19)),
        ("+3d", date(2026, 11, 23)),
        ("-2d", date(2026, 11, 18)),
        ("+2w", date(2026, 12, 4)),
        ("+0d", TODAY),
        ("+11d", date(2026, 12, 1)),
        ("fri", date(2026, 11, 27)),  # "fri" on a Friday means the next one
        ("mon", date(2026, 11, 23)),
        ("sat", date(2026, 11, 21)),
        ("thu", date(2026, 11, 26)),
        ("Friday", date(2026, 11, 27)),
        ("今天", TODAY),
        ("明天", date(2026, 11, 21)),
        ("后天", date(2026, 11, 22)),
    ],
)
def test_date_parser(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


def test_date_parser_month_end_and_leap_day() -> None:
    assert parse_date("+1d", today=date(2026, 1, 31)) == date(2026, 2, 1)
    assert parse_date("+1d", today=date(2028, 2, 28)) == date(2028, 2, 29)
    assert parse_date("+1d", today=date(2027, 2, 28)) == date(2027, 3, 1)
    assert parse_date("-1d", today=date(2026, 3, 1)) == date(2026, 2, 28)
    assert parse_date("+1w", today=date(2026, 12, 28)) == date(2027, 1, 4)


@pytest.mark.parametrize(
    "text",
    ["2026-02-30", "2027-02-29", "31/12/2026", "next week", "+3", "3d", "", "2026-1-5", "+99999d"],
)
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_date(text, today=TODAY)


@pytest.mark.parametrize(
    "text,cents",
    [
        ("0", 0),
        ("48000", 4_800_000),
        ("1299.5", 129_950),
        ("1299.50", 129_950),
        ("0.01", 1),
        ("9999999999999.99", 10**15 - 1),
        ("12.", 1200),
        (".5", 50),
    ],
)
def test_money(text: str, cents: int) -> None:
    assert parse_money(text) == cents


@pytest.mark.parametrize(
    "text",
    ["-1", "1e3", "1.234", "abc", "", "10000000000000", "1,000", "NaN", "inf", " ", "0x10", "１２"],
)
def test_bad_money_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_money(text)


@given(st.integers(0, 10**15 - 1))
def test_money_round_trips_through_json_numbers(cents: int) -> None:
    number = to_number(cents)
    assert parse_money(str(number) if isinstance(number, int) else f"{number:.2f}") == cents


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
