"""``db check`` finds what a write applied against a stale read leaves behind, and names
the leads; a store that funnel wrote itself is clean."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.engine import Connection

from funnel.domain.stages import Stage
from funnel.store import checks, history, leads
from funnel.store.engine import Store, check
from funnel.store.schema import EVENT, LEAD, ORDER, PAYMENT, STAY
from tests.harness import at


def story(conn: Connection) -> tuple[int, int]:
    """Two leads with moves, payments and a won deal: every check passes."""
    now = at("2026-01-05")
    a = leads.add_lead(conn, {"name": "Ann", "value": 100_00}, now=now)
    b = leads.add_lead(conn, {"name": "Bob"}, now=now)
    history.move_lead(conn, a, Stage.INTENT, now=at("2026-01-10"))
    history.set_contract(conn, a, on=at("2026-01-11").date(), now=at("2026-01-11"))
    history.add_payment(conn, a, 100_00, on=at("2026-01-12").date(), now=at("2026-01-12"))
    history.move_lead(conn, a, Stage.FORMAL, now=at("2026-01-12"))
    history.move_lead(conn, b, Stage.TRIAL, now=at("2026-01-10"))
    history.lose_lead(conn, b, reason="no budget", final=False, now=at("2026-01-20"))
    return a, b


def second_open_stay(conn: Connection, lead: int) -> None:
    """Two moves from the same stage, both applied: the lead has two open stays."""
    conn.execute(
        STAY.insert().values(
            lead_id=lead,
            stage=int(Stage.QUASI),
            entered_at=at("2026-01-13"),
            entered_on=at("2026-01-13").date(),
        )
    )


def stage_without_stay(conn: Connection, lead: int) -> None:
    conn.execute(LEAD.update().where(LEAD.c.id == lead).values(stage=int(Stage.INTENT)))


def second_won_deal(conn: Connection, lead: int) -> None:
    conn.execute(
        ORDER.insert().values(
            lead_id=lead,
            amount_cents=100_00,
            ordered_on=at("2026-01-12").date(),
            won_deal=True,
            created_at=at("2026-01-12"),
        )
    )


def lost_payment(conn: Connection, lead: int) -> None:
    """Two payments at once, one of them read a stale ``paid``."""
    conn.execute(
        PAYMENT.insert().values(
            lead_id=lead,
            amount_cents=5_00,
            paid_on=at("2026-01-12").date(),
            created_at=at("2026-01-12"),
        )
    )


def highest_below(conn: Connection, lead: int) -> None:
    conn.execute(LEAD.update().where(LEAD.c.id == lead).values(highest_stage=int(Stage.TRIAL)))


DAMAGE: dict[str, Callable[[Connection, int], None]] = {
    "open stays": second_open_stay,
    "stay and stage": stage_without_stay,
    "won deals": second_won_deal,
    "paid": lost_payment,
    "highest stage": highest_below,
}


def findings(store: Store) -> dict[str, str]:
    return {name: result for name, result in check(store) if result != "ok"}


def test_a_store_funnel_wrote_is_clean(store: Store) -> None:
    with store.write() as conn:
        story(conn)
    assert findings(store) == {}


@pytest.mark.parametrize("damage", DAMAGE)
def test_each_trace_of_a_stale_write_is_found_and_names_the_lead(store: Store, damage: str) -> None:
    with store.write() as conn:
        a, _b = story(conn)
        DAMAGE[damage](conn, a)
    found = findings(store)
    assert found.get(damage) == f"1 lead: {a}"
    # The others still see nothing, or the same lead (a second open stay is also one that
    # disagrees with the stage).
    assert all(result == f"1 lead: {a}" for result in found.values())


def test_history_after_a_delete_is_found(own_store: Store) -> None:
    store = own_store
    # Only a store whose references are not enforced can hold these: simulate one.
    with store.write() as conn:
        a, _b = story(conn)
        if not store.is_sqlite:
            conn.exec_driver_sql("ALTER TABLE event DROP CONSTRAINT event_lead_id_fkey")
    orphan = {"lead_id": a + 1000, "at": at("2026-02-01"), "kind": "edit", "forced": False}
    if store.is_sqlite:
        import sqlite3

        raw = sqlite3.connect(store.path)  # foreign keys are off unless asked for
        with raw:
            raw.execute(
                "INSERT INTO event (lead_id, at, kind, forced) VALUES (?, ?, ?, 0)",
                (orphan["lead_id"], "2026-02-01 09:00:00.000000", "edit"),
            )
        raw.close()
    else:
        with store.write() as conn:
            conn.execute(EVENT.insert().values(**orphan))
    assert findings(store)["deleted leads"] == f"1 lead: {a + 1000}"


def test_many_leads_are_counted_past_the_first_ten() -> None:
    ids: list[Any] = list(range(1, 14))
    assert checks.named(ids) == "13 leads: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, … (+3)"
    assert checks.named([]) == "ok"
