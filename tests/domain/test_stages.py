"""Stages, gates and moves: the pure rules, no store, no CLI."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from funnel.domain import leads as rules
from funnel.domain.stages import (
    STAGES,
    GateFacts,
    Stage,
    check_move,
    failed_gates,
    gate_holds,
    missing,
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


@pytest.mark.parametrize(
    ("facts", "says", "never"),
    [
        (
            GateFacts(value_cents=100, contract_sent=True, paid_cents=0),
            "needs at least one payment",
            "contract",
        ),
        (
            GateFacts(value_cents=100, contract_sent=False, paid_cents=50),
            "needs the contract sent",
            "payment",
        ),
        (
            GateFacts(value_cents=100, contract_sent=False, paid_cents=0),
            "needs the contract sent and at least one payment",
            "cover",
        ),
    ],
)
def test_a_quasi_refusal_names_only_what_is_missing(
    facts: GateFacts, says: str, never: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FUNNEL_LANG", "en")
    assert missing(Stage.QUASI, facts) == says
    with pytest.raises(GateNotMet) as refused:
        check_move(Stage.INTENT, Stage.QUASI, facts, force=False, lead="1")
    assert says in str(refused.value)
    assert never not in str(refused.value).replace(says, "")


def test_a_formal_refusal_says_how_much_is_still_to_pay(monkeypatch: pytest.MonkeyPatch) -> None:
    facts = GateFacts(value_cents=1_000_050, contract_sent=True, paid_cents=800_000)
    monkeypatch.setenv("FUNNEL_LANG", "en")
    assert missing(Stage.FORMAL, facts) == "needs 2,000.50 more in payments to cover the deal value"
    monkeypatch.setenv("FUNNEL_LANG", "zh")
    assert "2,000.50" in missing(Stage.FORMAL, facts)
    assert missing(Stage.QUASI, GateFacts(100, True, 0)) == "需要至少收到一笔付款"
    assert missing(Stage.QUASI, GateFacts(100, False, 5)) == "需要先发送合同"


def test_what_is_missing_is_only_asked_of_a_gate_that_fails() -> None:
    # every refusal check_move raises names the first failing gate's missing part
    facts = GateFacts(value_cents=0, contract_sent=True, paid_cents=0)
    with pytest.raises(GateNotMet) as refused:
        check_move(Stage.POTENTIAL, Stage.FORMAL, facts, force=False, lead="1")
    assert missing(Stage.INTENT, facts) in str(refused.value)
