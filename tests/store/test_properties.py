"""Rules that combine, on the store: whatever a salesperson does to a lead — moves back
and forth, forced or not, while the deal value, the contract and the payments change —
its history stays consistent with a model written from the contract alone."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Connection

from funnel.domain.stages import STAGES, Stage
from funnel.errors import GateNotMet, InvalidValue
from funnel.store import history, leads
from funnel.store.schema import EVENT, ORDER, STAY
from tests.harness import at

if TYPE_CHECKING:
    from funnel.store.engine import Store

START = at("2026-01-01")


def gate_holds(stage: Stage, *, value: int, contract: bool, paid: int) -> bool:
    """The contract's table, written out again: what it takes to enter each stage."""
    return {
        Stage.INTENT: value > 0,
        Stage.QUASI: contract and paid > 0,
        Stage.FORMAL: paid >= value,
    }.get(stage, True)


@dataclass
class Model:
    """What the contract says the store must remember about one lead."""

    stage: Stage = Stage.POTENTIAL
    value: int = 0
    contract: bool = False
    paid: int = 0
    entered: list[Stage] = field(default_factory=lambda: [Stage.POTENTIAL])
    forced: list[bool] = field(default_factory=list)
    won: tuple[int, date] | None = None  # the won deal: amount and day

    def failing(self, target: Stage) -> bool:
        return any(
            not gate_holds(s, value=self.value, contract=self.contract, paid=self.paid)
            for s in STAGES
            if self.stage < s <= target
        )


moves = st.tuples(st.just("move"), st.sampled_from(STAGES), st.sampled_from([False, True, True]))
values = st.tuples(st.just("value"), st.integers(0, 4).map(lambda n: n * 500_00))
contracts = st.tuples(st.just("contract"))
payments = st.tuples(st.just("pay"), st.integers(1, 4).map(lambda n: n * 250_00))
steps = st.lists(
    st.tuples(st.integers(0, 3), st.one_of(moves, moves, moves, values, contracts, payments)),
    min_size=4,
    max_size=20,
)


def apply(conn: Connection, lid: int, model: Model, moment: datetime, step: tuple) -> None:
    """Do ``step`` on the store and in the model; check what the store said back."""
    kind, *args = step
    if kind == "value":
        leads.edit_lead(conn, lid, {"value": args[0]}, now=moment)
        model.value = args[0]
    elif kind == "contract":
        history.set_contract(conn, lid, on=moment.date(), now=moment)
        model.contract = True
    elif kind == "pay":
        history.add_payment(conn, lid, args[0], on=moment.date(), now=moment)
        model.paid += args[0]
    else:
        target, force = args
        if target == model.stage:
            with pytest.raises(InvalidValue):
                history.move_lead(conn, lid, target, now=moment, force=force)
            return
        failing = model.failing(target)
        if failing and not force:
            with pytest.raises(GateNotMet):
                history.move_lead(conn, lid, target, now=moment)
            return
        result = history.move_lead(conn, lid, target, now=moment, force=force)
        assert result.forced is failing
        if target is Stage.FORMAL and model.won is None:
            model.won = (model.value, moment.date())
        model.stage = target
        model.entered.append(target)
        model.forced.append(failing)


def check(conn: Connection, lid: int, model: Model) -> None:
    row = history.fetch_lead(conn, lid)
    # the stage it is in, and the highest stage = the most advanced stage it ever entered
    assert Stage(row["stage"]) == model.stage
    assert Stage(row["highest_stage"]) == max(model.entered)
    # exactly one won deal iff it ever reached formal: the value and day of the first arrival
    won = conn.execute(
        sa.select(ORDER.c.amount_cents, ORDER.c.ordered_on).where(
            ORDER.c.lead_id == lid, ORDER.c.won_deal.is_(True)
        )
    ).all()
    assert [tuple(w) for w in won] == ([model.won] if model.won else [])
    # stays: one per stage entered, each beginning where the last one ended
    stays = (
        conn.execute(sa.select(STAY).where(STAY.c.lead_id == lid).order_by(STAY.c.id))
        .mappings()
        .all()
    )
    assert [Stage(s["stage"]) for s in stays] == model.entered
    for before, after in itertools.pairwise(stays):
        assert before["left_at"] == after["entered_at"]
        assert before["left_on"] == after["entered_on"]
        assert before["days"] == (before["left_on"] - before["entered_on"]).days >= 0
        assert before["forward"] is (after["stage"] > before["stage"])
    assert stays[-1]["left_at"] is None and stays[-1]["days"] is None
    # every move is in the history, forced exactly when a gate on its way did not hold
    forced = conn.execute(
        sa.select(EVENT.c.forced)
        .where(EVENT.c.lead_id == lid, EVENT.c.kind == "move")
        .order_by(EVENT.c.id)
    ).scalars()
    assert [bool(f) for f in forced] == model.forced


@settings(
    max_examples=60,
    deadline=None,
    # Each example works on a lead of its own inside a transaction it rolls back, so
    # sharing the test's store between examples shares nothing.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=steps)
def test_any_sequence_keeps_stages_stays_and_the_won_deal_consistent(
    store: Store, steps: list[tuple[int, tuple]]
) -> None:
    with store.engine.connect() as conn:
        transaction = conn.begin()
        try:
            lid = leads.add_lead(conn, {"name": "Prop"}, now=START)
            model = Model()
            moment = START
            for gap, step in steps:
                moment += timedelta(days=gap)
                apply(conn, lid, model, moment, step)
            check(conn, lid, model)
        finally:
            transaction.rollback()
