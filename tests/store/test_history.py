"""A lead's history straight on the store, no CLI: moves and stays, the highest stage,
the won deal, gates and force, contract and payments, lose and reopen, delete."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from funnel.domain.stages import Stage
from funnel.errors import GateNotMet, InvalidValue, NotFound
from funnel.store import history, leads
from funnel.store.schema import ACTIVITY, EVENT, LEAD, ORDER, PAYMENT, STAY, TAG
from tests.harness import at

CHILDREN = {"tag": TAG, "event": EVENT, "stay": STAY, "payment": PAYMENT, "orders": ORDER}


def new_lead(conn: Connection, day: str = "2026-01-01", **values: Any) -> int:
    return leads.add_lead(conn, {"name": "Ann", **values}, now=at(day))


def stays(conn: Connection, lead_id: int) -> list[tuple[Any, ...]]:
    """(stage, entered on, left on, days, forward) of each stay, oldest first."""
    rows = conn.execute(
        sa.select(STAY.c.stage, STAY.c.entered_on, STAY.c.left_on, STAY.c.days, STAY.c.forward)
        .where(STAY.c.lead_id == lead_id)
        .order_by(STAY.c.id)
    ).all()
    return [
        (
            Stage(r.stage).key,
            r.entered_on.isoformat(),
            r.left_on.isoformat() if r.left_on else None,
            r.days,
            r.forward,
        )
        for r in rows
    ]


def events(conn: Connection, lead_id: int, kind: str) -> list[dict[str, Any]]:
    return [e for e in leads.lead_detail(conn, lead_id)["history"] if e["event"] == kind]


def lead(conn: Connection, lead_id: int) -> dict[str, Any]:
    return dict(history.fetch_lead(conn, lead_id))


def rows_of(conn: Connection, lead_id: int) -> dict[str, int]:
    tables = {**CHILDREN, "activity": ACTIVITY}
    return {
        name: conn.execute(
            sa.select(sa.func.count()).select_from(table).where(table.c.lead_id == lead_id)
        ).scalar_one()
        for name, table in tables.items()
    }


# --- moves and stays --------------------------------------------------------------------


def test_a_move_closes_the_open_stay_and_opens_the_next(conn: Connection) -> None:
    lid = new_lead(conn, "2026-01-01")
    assert stays(conn, lid) == [("potential", "2026-01-01", None, None, None)]
    result = history.move_lead(conn, lid, Stage.TRIAL, now=at("2026-01-05"))
    assert (result.lead_id, result.old, result.new, result.forced) == (
        lid,
        Stage.POTENTIAL,
        Stage.TRIAL,
        False,
    )
    # a backward move, dated (``at``) before the day it is typed (``now``)
    history.move_lead(conn, lid, Stage.POTENTIAL, now=at("2026-01-15"), at=at("2026-01-08"))
    assert stays(conn, lid) == [
        ("potential", "2026-01-01", "2026-01-05", 4, True),
        ("trial", "2026-01-05", "2026-01-08", 3, False),
        ("potential", "2026-01-08", None, None, None),
    ]
    assert lead(conn, lid)["stage"] == Stage.POTENTIAL


def test_a_move_dated_before_the_stay_began_counts_no_negative_days(conn: Connection) -> None:
    lid = new_lead(conn, "2026-03-10")
    history.move_lead(conn, lid, Stage.TRIAL, now=at("2026-03-12"), at=at("2026-03-01"))
    assert stays(conn, lid)[0] == ("potential", "2026-03-10", "2026-03-01", 0, True)


def test_highest_stage_never_goes_down(conn: Connection) -> None:
    lid = new_lead(conn, value=100_00)
    highest = []
    for stage, day, reason in (
        (Stage.INTENT, "2026-01-02", None),
        (Stage.POTENTIAL, "2026-01-03", "budget frozen"),
        (Stage.TRIAL, "2026-01-04", None),
    ):
        history.move_lead(conn, lid, stage, now=at(day), reason=reason)
        highest.append(Stage(lead(conn, lid)["highest_stage"]))
    assert highest == [Stage.INTENT] * 3
    assert [(e["old"], e["new"], e["reason"]) for e in events(conn, lid, "move")] == [
        ("potential", "intent", None),
        ("intent", "potential", "budget frozen"),  # backward moves are recorded too
        ("potential", "trial", None),
    ]


# --- gates and force --------------------------------------------------------------------


@pytest.mark.parametrize("target", [Stage.INTENT, Stage.QUASI, Stage.FORMAL])
def test_a_gate_not_met_raises_and_changes_nothing(conn: Connection, target: Stage) -> None:
    lid = new_lead(conn)  # no value, no contract, no payment
    before = (lead(conn, lid), stays(conn, lid), leads.lead_detail(conn, lid))
    with pytest.raises(GateNotMet):
        history.move_lead(conn, lid, target, now=at("2026-01-02"))
    assert (lead(conn, lid), stays(conn, lid), leads.lead_detail(conn, lid)) == before


def test_force_passes_a_gate_and_the_history_says_so(conn: Connection) -> None:
    lid = new_lead(conn)
    result = history.move_lead(
        conn, lid, Stage.QUASI, now=at("2026-01-02"), force=True, reason="signed at once"
    )
    assert result.forced is True
    [move] = events(conn, lid, "move")
    assert (move["old"], move["new"], move["forced"], move["reason"]) == (
        "potential",
        "quasi",
        True,
        "signed at once",
    )
    # force on a move whose gates hold is not a forced move
    other = new_lead(conn, name="Bob", value=5_00)
    moved = history.move_lead(conn, other, Stage.INTENT, now=at("2026-01-02"), force=True)
    assert moved.forced is False and events(conn, other, "move")[0]["forced"] is False


def test_contract_and_payments_feed_the_gates(conn: Connection) -> None:
    lid = new_lead(conn, value=1000_00)
    history.move_lead(conn, lid, Stage.INTENT, now=at("2026-01-02"))
    with pytest.raises(GateNotMet):
        history.move_lead(conn, lid, Stage.QUASI, now=at("2026-01-03"))
    history.set_contract(conn, lid, on=date(2026, 1, 3), now=at("2026-01-03"))
    with pytest.raises(GateNotMet):  # a contract, but no payment yet
        history.move_lead(conn, lid, Stage.QUASI, now=at("2026-01-03"))
    history.add_payment(conn, lid, 400_00, on=date(2026, 1, 4), now=at("2026-01-04"))
    history.move_lead(conn, lid, Stage.QUASI, now=at("2026-01-04"))
    with pytest.raises(GateNotMet):  # 400 paid of 1000
        history.move_lead(conn, lid, Stage.FORMAL, now=at("2026-01-05"))
    history.add_payment(
        conn, lid, 600_00, on=date(2026, 1, 6), now=at("2026-01-06"), note="balance"
    )
    assert history.move_lead(conn, lid, Stage.FORMAL, now=at("2026-01-06")).forced is False
    shown = leads.lead_detail(conn, lid)
    assert (shown["paid"], shown["contract_sent_on"]) == (1000, "2026-01-03")
    assert [(p["amount"], p["on"], p["note"]) for p in shown["payments"]] == [
        (400, "2026-01-04", None),
        (600, "2026-01-06", "balance"),
    ]
    assert [(e["old"], e["new"]) for e in events(conn, lid, "payment")] == [
        ("0", "400"),
        ("400", "1000"),
    ]


def test_a_payment_or_order_must_be_positive_and_orders_are_for_formal_customers(
    conn: Connection,
) -> None:
    lid = new_lead(conn)
    with pytest.raises(InvalidValue):
        history.add_payment(conn, lid, 0, on=date(2026, 1, 2), now=at("2026-01-02"))
    with pytest.raises(InvalidValue):
        history.add_order(conn, lid, 100_00, on=date(2026, 1, 2), now=at("2026-01-02"))
    assert rows_of(conn, lid)["payment"] == rows_of(conn, lid)["orders"] == 0


# --- the won deal -----------------------------------------------------------------------


def test_the_won_deal_is_recorded_once_on_first_arrival_at_formal(conn: Connection) -> None:
    lid = new_lead(conn, value=1000_00)
    history.set_contract(conn, lid, on=date(2026, 3, 25), now=at("2026-03-25"))
    history.add_payment(conn, lid, 1000_00, on=date(2026, 4, 1), now=at("2026-04-01"))
    history.move_lead(conn, lid, Stage.FORMAL, now=at("2026-04-10"), at=at("2026-04-01"))
    history.move_lead(conn, lid, Stage.QUASI, now=at("2026-05-01"))
    history.move_lead(conn, lid, Stage.FORMAL, now=at("2026-06-01"))
    order_id = history.add_order(conn, lid, 250_00, on=date(2026, 6, 15), now=at("2026-06-15"))
    orders = leads.lead_detail(conn, lid)["orders"]
    assert [(o["amount"], o["on"], o["won_deal"]) for o in orders] == [
        (1000, "2026-04-01", True),  # dated by the move, not by when it was typed
        (250, "2026-06-15", False),
    ]
    assert orders[1]["id"] == order_id
    assert lead(conn, lid)["won_on"] == date(2026, 4, 1)


def test_a_lead_added_as_formal_is_won_the_day_it_is_added(conn: Connection) -> None:
    values = {"name": "Won", "value": 800_00, "stage": Stage.FORMAL}
    with pytest.raises(GateNotMet):  # nothing paid of 800
        leads.add_lead(conn, values, now=at("2026-10-01"))
    lid = leads.add_lead(conn, values, now=at("2026-10-01"), force=True)
    orders = leads.lead_detail(conn, lid)["orders"]
    assert [(o["amount"], o["on"], o["won_deal"]) for o in orders] == [(800, "2026-10-01", True)]
    [created] = events(conn, lid, "created")
    assert (created["new"], created["forced"]) == ("formal", True)
    assert stays(conn, lid) == [("formal", "2026-10-01", None, None, None)]


# --- lose and reopen --------------------------------------------------------------------


def test_lose_remembers_the_stage_and_the_day(conn: Connection) -> None:
    lid = new_lead(conn, "2026-04-10")
    history.move_lead(conn, lid, Stage.TRIAL, now=at("2026-04-20"))
    history.lose_lead(conn, lid, reason="no budget", final=False, now=at("2026-05-10"))
    row = lead(conn, lid)
    assert (row["state"], row["lost_stage"], row["lost_on"], row["lost_reason"]) == (
        "lost",
        Stage.TRIAL,
        date(2026, 5, 10),
        "no budget",
    )
    with pytest.raises(InvalidValue):  # a lost lead is reopened, not moved
        history.move_lead(conn, lid, Stage.INTENT, now=at("2026-05-11"), force=True)
    with pytest.raises(InvalidValue):  # already lost
        history.lose_lead(conn, lid, reason="again", final=False, now=at("2026-05-12"))
    history.lose_lead(conn, lid, reason="hostile", final=True, now=at("2026-05-20"))
    row = lead(conn, lid)
    # dead since the 20th, lost since the 10th: the stage and the day it was lost stay
    assert (row["state"], row["lost_stage"], row["lost_on"], row["lost_reason"]) == (
        "dead",
        Stage.TRIAL,
        date(2026, 5, 10),
        "hostile",
    )
    assert [(e["old"], e["new"], e["reason"]) for e in events(conn, lid, "state")] == [
        ("active", "lost", "no budget"),
        ("lost", "dead", "hostile"),
    ]
    with pytest.raises(InvalidValue):  # dead is for good
        history.reopen_lead(conn, lid, now=at("2026-06-01"))
    straight = new_lead(conn, "2026-04-10", name="Bob")
    history.lose_lead(conn, straight, reason="fraud", final=True, now=at("2026-05-01"))
    row = lead(conn, straight)
    assert (row["state"], row["lost_stage"], row["lost_on"]) == (
        "dead",
        Stage.POTENTIAL,
        date(2026, 5, 1),
    )


def test_reopen_returns_to_the_stage_it_was_lost_from_or_another(conn: Connection) -> None:
    lid = new_lead(conn, "2026-06-01", value=100_00)
    history.move_lead(conn, lid, Stage.INTENT, now=at("2026-06-02"))
    history.lose_lead(conn, lid, reason="price", final=False, now=at("2026-06-05"))
    assert history.reopen_lead(conn, lid, now=at("2026-06-10")) is None
    row = lead(conn, lid)
    assert (row["state"], row["stage"]) == ("active", Stage.INTENT)
    assert (row["lost_stage"], row["lost_on"], row["lost_reason"]) == (None, None, None)
    reopened = events(conn, lid, "state")[-1]
    assert (reopened["old"], reopened["new"], reopened["reason"]) == ("lost", "active", "price")
    with pytest.raises(InvalidValue):  # active: nothing to reopen
        history.reopen_lead(conn, lid, now=at("2026-06-11"))

    history.lose_lead(conn, lid, reason="price", final=False, now=at("2026-06-15"))
    moved = history.reopen_lead(conn, lid, now=at("2026-06-20"), stage=Stage.POTENTIAL)
    assert moved is not None and (moved.old, moved.new) == (Stage.INTENT, Stage.POTENTIAL)
    row = lead(conn, lid)
    assert (row["state"], row["stage"], row["highest_stage"]) == (
        "active",
        Stage.POTENTIAL,
        Stage.INTENT,
    )
    assert stays(conn, lid)[-2:] == [
        ("intent", "2026-06-02", "2026-06-20", 18, False),
        ("potential", "2026-06-20", None, None, None),
    ]


# --- edit and delete --------------------------------------------------------------------


def test_a_stage_set_by_edit_goes_through_the_gates(conn: Connection) -> None:
    lid = new_lead(conn)
    with pytest.raises(GateNotMet):
        leads.edit_lead(conn, lid, {"stage": Stage.INTENT}, now=at("2026-01-02"))
    changed = leads.edit_lead(
        conn, lid, {"value": 50_00, "stage": Stage.INTENT}, now=at("2026-01-03")
    )
    assert changed == 2
    assert [(e["event"], e["field"], e["old"], e["new"]) for e in events(conn, lid, "edit")] == [
        ("edit", "value", "0", "50")
    ]
    assert [(e["old"], e["new"], e["forced"]) for e in events(conn, lid, "move")] == [
        ("potential", "intent", False)
    ]


def test_delete_removes_the_lead_and_everything_it_owns(conn: Connection) -> None:
    keep = new_lead(conn, name="Keep", tags=["vip"])
    gone = new_lead(conn, name="Gone", value=100_00, tags=["vip", "east"])
    history.set_contract(conn, gone, on=date(2026, 1, 2), now=at("2026-01-02"))
    history.add_payment(conn, gone, 100_00, on=date(2026, 1, 3), now=at("2026-01-03"))
    history.move_lead(conn, gone, Stage.FORMAL, now=at("2026-01-04"))
    history.add_order(conn, gone, 50_00, on=date(2026, 1, 5), now=at("2026-01-05"))
    conn.execute(
        ACTIVITY.insert().values(
            lead_id=gone,
            kind="call",
            at=at("2026-01-05"),
            summary="hi",
            created_at=at("2026-01-05"),
        )
    )
    assert all(rows_of(conn, gone).values())
    kept = rows_of(conn, keep)
    assert leads.delete_leads(conn, [gone]) == 1
    assert set(rows_of(conn, gone).values()) == {0}
    assert rows_of(conn, keep) == kept
    with pytest.raises(NotFound):
        history.fetch_lead(conn, gone)


def test_deleting_a_missing_lead_deletes_nothing(conn: Connection) -> None:
    lid = new_lead(conn)
    before = rows_of(conn, lid)
    with pytest.raises(NotFound):
        leads.delete_leads(conn, [lid, lid + 1])
    assert rows_of(conn, lid) == before and lead(conn, lid)["name"] == "Ann"
    assert conn.execute(sa.select(sa.func.count()).select_from(LEAD)).scalar_one() == 1
