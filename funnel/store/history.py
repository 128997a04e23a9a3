"""A lead's history: events, stays, the highest stage reached and the won deal, kept
in step by every move, state change, contract, payment and order, in the caller's
transaction. Returns data (what happened), never text for people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from funnel.domain.choices import ACTIVE, LOST
from funnel.domain.dates import at_date, local_date
from funnel.domain.leads import (
    check_can_move,
    check_can_reopen,
    highest_after,
    next_state_on_lose,
)
from funnel.domain.money import check_sum, to_number
from funnel.domain.stages import (
    GateFacts,
    Stage,
    check_move,
    failed_gates,
    missing,
    overridden,
)
from funnel.errors import InvalidValue, NotFound
from funnel.i18n import t
from funnel.store.engine import is_write, lock_rows
from funnel.store.schema import (
    ACTIVITY,
    CHANGE,
    EVENT,
    LEAD,
    ORDER,
    PAYMENT,
    STAY,
    new_id,
)


def fetch_lead(conn: Connection, lead_id: int) -> RowMapping:
    """The lead's row; in a write transaction, locked until it ends, so what the
    caller decides from it still holds when it writes."""
    query = lock_rows(conn, sa.select(LEAD).where(LEAD.c.id == lead_id))
    row = conn.execute(query).mappings().first()
    if row is None:
        raise NotFound(t("err.not_found", id=lead_id))
    return row


def lock_leads(conn: Connection, lead_ids: Sequence[int]) -> None:
    """Lock several leads up front, in id order, so two commands that touch the same
    leads in a different order wait for each other instead of deadlocking."""
    if lead_ids and is_write(conn) and conn.dialect.name != "sqlite":
        query = sa.select(LEAD.c.id).where(LEAD.c.id.in_(sorted(set(lead_ids))))
        conn.execute(lock_rows(conn, query.order_by(LEAD.c.id))).all()


def add_event(
    conn: Connection,
    lead_id: int,
    *,
    at: datetime,
    kind: str,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    reason: str | None = None,
    forced: bool = False,
) -> None:
    conn.execute(
        EVENT.insert().values(
            lead_id=lead_id,
            at=at,
            kind=kind,
            field=field,
            old=None if old is None else str(old),
            new=None if new is None else str(new),
            reason=reason,
            forced=forced,
        )
    )


def open_stay(
    conn: Connection, lead_id: int, stage: Stage, at: datetime, *, created_on: date
) -> None:
    """A new stay; it carries the lead's (fixed) creation day so date cohorts need no join."""
    conn.execute(
        STAY.insert().values(
            lead_id=lead_id,
            stage=int(stage),
            entered_at=at,
            entered_on=local_date(at),
            lead_created_on=created_on,
        )
    )


def close_stay(conn: Connection, lead_id: int, at: datetime, *, forward: bool) -> tuple[date, int]:
    """End the lead's open stay; returns (entered_on, days spent)."""
    stay = conn.execute(
        sa.select(STAY.c.id, STAY.c.entered_on)
        .where(STAY.c.lead_id == lead_id, STAY.c.left_at.is_(None))
        .order_by(STAY.c.id.desc())
        .limit(1)
    ).first()
    left_on = local_date(at)
    if stay is None:
        return left_on, 0
    days = max((left_on - stay.entered_on).days, 0)
    conn.execute(
        STAY.update()
        .where(STAY.c.id == stay.id)
        .values(left_at=at, left_on=left_on, days=days, forward=forward)
    )
    return stay.entered_on, days


def record_win(conn: Connection, lead_id: int, value_cents: int, at: datetime) -> None:
    """Reaching formal for the first time: the won deal is the customer's first order."""
    conn.execute(
        ORDER.insert().values(
            lead_id=lead_id,
            amount_cents=value_cents,
            ordered_on=local_date(at),
            won_deal=True,
            created_at=at,
        )
    )
    conn.execute(LEAD.update().where(LEAD.c.id == lead_id).values(won_on=local_date(at)))


def gate_facts(row: RowMapping) -> GateFacts:
    """What the gates look at, from a lead's row."""
    return GateFacts(
        value_cents=row["value_cents"],
        contract_sent=row["contract_sent_on"] is not None,
        paid_cents=row["paid_cents"],
    )


@dataclass
class MoveResult:
    """What a move did. ``on`` is the day it is dated; ``entered_on`` the day the lead
    had entered ``old`` — later than ``on`` when the move is dated back before it (the
    days in ``old`` then count as 0)."""

    lead_id: int
    old: Stage
    new: Stage
    forced: bool
    on: date
    entered_on: date
    need: str | None = None  # when forced: what the first gate it overrode lacked


def move_lead(
    conn: Connection,
    lead_id: int,
    target: Stage,
    *,
    now: datetime,
    at: datetime | None = None,
    force: bool = False,
    reason: str | None = None,
    allow_same: bool = False,
) -> MoveResult:
    """Move one lead to ``target``, gates as the contract says; ``at`` dates the move."""
    row = fetch_lead(conn, lead_id)
    check_can_move(row["state"], lead=str(lead_id))
    current = Stage(row["stage"])
    if current == target:
        if allow_same:
            day = local_date(at or now)
            return MoveResult(lead_id, current, target, False, on=day, entered_on=day)
        raise InvalidValue(t("err.same_stage", lead=lead_id, stage=target.label))
    facts = gate_facts(row)
    forced = check_move(current, target, facts, force=force, lead=str(lead_id))
    need = overridden(current, target, facts) if forced else None
    when = at or now
    entered_on, _days = close_stay(conn, lead_id, when, forward=target > current)
    open_stay(conn, lead_id, target, when, created_on=row["created_on"])
    highest = highest_after(Stage(row["highest_stage"]), target)
    conn.execute(
        LEAD.update()
        .where(LEAD.c.id == lead_id)
        .values(
            stage=int(target),
            highest_stage=int(highest),
            stage_entered_at=when,
            updated_at=now,
            touched_at=now,
        )
    )
    add_event(
        conn,
        lead_id,
        at=when,
        kind="move",
        field="stage",
        old=current.key,
        new=target.key,
        reason=reason,
        forced=forced,
    )
    if target is Stage.FORMAL and row["highest_stage"] < Stage.FORMAL:
        record_win(conn, lead_id, row["value_cents"], when)
    return MoveResult(
        lead_id, current, target, forced, on=local_date(when), entered_on=entered_on, need=need
    )


def set_contract(conn: Connection, lead_id: int, *, on: date, now: datetime) -> None:
    row = fetch_lead(conn, lead_id)
    conn.execute(
        LEAD.update()
        .where(LEAD.c.id == lead_id)
        .values(contract_sent_on=on, updated_at=now, touched_at=now)
    )
    add_event(
        conn,
        lead_id,
        at=at_date(on, moment=now),
        kind="contract",
        field="contract_sent_on",
        old=row["contract_sent_on"].isoformat() if row["contract_sent_on"] else None,
        new=on.isoformat(),
    )


def add_payment(
    conn: Connection,
    lead_id: int,
    amount_cents: int,
    *,
    on: date,
    now: datetime,
    note: str | None = None,
) -> None:
    if amount_cents <= 0:
        raise InvalidValue(t("err.positive", field="amount"))
    row = fetch_lead(conn, lead_id)
    check_sum(row["paid_cents"], amount_cents, what="paid", lead=lead_id)
    conn.execute(
        PAYMENT.insert().values(
            lead_id=lead_id, amount_cents=amount_cents, paid_on=on, note=note, created_at=now
        )
    )
    conn.execute(
        LEAD.update()
        .where(LEAD.c.id == lead_id)
        .values(paid_cents=row["paid_cents"] + amount_cents, updated_at=now, touched_at=now)
    )
    add_event(
        conn,
        lead_id,
        at=at_date(on, moment=now),
        kind="payment",
        field="paid",
        old=to_number(row["paid_cents"]),
        new=to_number(row["paid_cents"] + amount_cents),
        reason=note,
    )


def add_order(conn: Connection, lead_id: int, amount_cents: int, *, on: date, now: datetime) -> int:
    """A purchase by an active formal customer; returns the order id."""
    if amount_cents <= 0:
        raise InvalidValue(t("err.positive", field="amount"))
    row = fetch_lead(conn, lead_id)
    if row["stage"] != Stage.FORMAL or row["state"] != ACTIVE:
        raise InvalidValue(t("err.order_not_formal", lead=lead_id))
    ordered = conn.execute(
        sa.select(sa.func.coalesce(sa.func.sum(ORDER.c.amount_cents), 0)).where(
            ORDER.c.lead_id == lead_id, ORDER.c.void_at.is_(None)
        )
    ).scalar_one()
    check_sum(int(ordered), amount_cents, what="orders", lead=lead_id)
    order_id = new_id(
        conn.execute(
            ORDER.insert().values(
                lead_id=lead_id,
                amount_cents=amount_cents,
                ordered_on=on,
                won_deal=False,
                created_at=now,
            )
        )
    )
    conn.execute(LEAD.update().where(LEAD.c.id == lead_id).values(updated_at=now, touched_at=now))
    add_event(
        conn,
        lead_id,
        at=at_date(on, moment=now),
        kind="order",
        field="order",
        new=to_number(amount_cents),
    )
    return int(order_id)


def lose_lead(conn: Connection, lead_id: int, *, reason: str, final: bool, now: datetime) -> None:
    row = fetch_lead(conn, lead_id)
    new_state = next_state_on_lose(row["state"], final=final, lead=str(lead_id))
    already_lost = row["state"] == LOST
    lost_stage = row["lost_stage"] if already_lost else row["stage"]
    lost_on = row["lost_on"] if already_lost and row["lost_on"] else local_date(now)
    conn.execute(
        LEAD.update()
        .where(LEAD.c.id == lead_id)
        .values(
            state=new_state,
            lost_reason=reason,
            lost_stage=lost_stage,
            lost_on=lost_on,
            updated_at=now,
            touched_at=now,
        )
    )
    add_event(
        conn,
        lead_id,
        at=now,
        kind="state",
        field="state",
        old=row["state"],
        new=new_state,
        reason=reason,
    )


def reopen_lead(
    conn: Connection, lead_id: int, *, now: datetime, stage: Stage | None = None
) -> MoveResult | None:
    """Win back a lost lead: active again at the stage it was lost from (or ``stage``)."""
    row = fetch_lead(conn, lead_id)
    check_can_reopen(row["state"], lead=str(lead_id))
    conn.execute(
        LEAD.update()
        .where(LEAD.c.id == lead_id)
        .values(
            state=ACTIVE,
            lost_reason=None,
            lost_stage=None,
            lost_on=None,
            updated_at=now,
            touched_at=now,
        )
    )
    add_event(
        conn,
        lead_id,
        at=now,
        kind="state",
        field="state",
        old=row["state"],
        new=ACTIVE,
        reason=row["lost_reason"],
    )
    if stage is not None and stage != Stage(row["stage"]):
        return move_lead(conn, lead_id, stage, now=now)
    return None


# --- void ----------------------------------------------------------------------------

VOIDABLE = {"payment": PAYMENT, "order": ORDER, "activity": ACTIVITY}


@dataclass
class VoidResult:
    """What a void did: the lead, and the stages up to its own whose gates its facts
    no longer meet (the stage it is in first among them, if any)."""

    lead_id: int
    stage: Stage
    failed: list[Stage]
    need: str | None = None  # what the first failed gate lacks now


def void_row(
    conn: Connection, kind: str, row_id: int, *, reason: str, now: datetime, user: str | None
) -> VoidResult:
    """Mark a payment, order or activity void: it stays in the lead's history with
    ``reason`` and no longer counts (a payment leaves ``paid``). ``user`` defaults to
    the user of the change being written."""
    table = VOIDABLE[kind]
    found = conn.execute(sa.select(table).where(table.c.id == row_id)).mappings().first()
    if found is None:
        raise NotFound(t("err.void_not_found", what=t(f"void.{kind}"), id=row_id))
    lead = fetch_lead(conn, found["lead_id"])  # locked: paid is read and written below
    found = conn.execute(sa.select(table).where(table.c.id == row_id)).mappings().one()
    if found["void_at"] is not None:
        raise InvalidValue(t("err.already_void", what=t(f"void.{kind}"), id=row_id))
    if user is None and "change" in conn.info:
        user = conn.execute(
            sa.select(CHANGE.c.user).where(CHANGE.c.id == conn.info["change"])
        ).scalar()
    lead_id = lead["id"]
    conn.execute(
        table.update()
        .where(table.c.id == row_id)
        .values(void_reason=reason, void_at=now, void_user=user)
    )
    changes: dict[str, Any] = {"updated_at": now}
    paid = lead["paid_cents"]
    if table is PAYMENT:
        paid = max(paid - found["amount_cents"], 0)
        changes["paid_cents"] = paid
    if table is ACTIVITY and lead["touched_at"] is not None and found["at"] >= lead["touched_at"]:
        changes["touched_at"] = _last_touch(conn, lead_id, lead["created_at"])
    conn.execute(LEAD.update().where(LEAD.c.id == lead_id).values(**changes))
    old = new = None
    if table is PAYMENT:
        old, new = to_number(lead["paid_cents"]), to_number(paid)
    add_event(
        conn,
        lead_id,
        at=now,
        kind="void",
        field=f"{kind} {row_id}",
        old=old,
        new=new,
        reason=reason,
    )
    stage = Stage(lead["stage"])
    facts = GateFacts(
        value_cents=lead["value_cents"],
        contract_sent=lead["contract_sent_on"] is not None,
        paid_cents=paid,
    )
    failed = failed_gates(Stage(0), stage, facts) if lead["state"] == ACTIVE else []
    return VoidResult(lead_id, stage, failed, missing(failed[0], facts) if failed else None)


def _last_touch(conn: Connection, lead_id: int, created_at: datetime) -> datetime:
    """When the lead was last touched, its void interactions left out: its newest
    interaction or history event, else its creation."""
    times = [
        conn.execute(
            sa.select(sa.func.max(ACTIVITY.c.at)).where(
                ACTIVITY.c.lead_id == lead_id, ACTIVITY.c.void_at.is_(None)
            )
        ).scalar(),
        conn.execute(sa.select(sa.func.max(EVENT.c.at)).where(EVENT.c.lead_id == lead_id)).scalar(),
        created_at,
    ]
    return max(x for x in times if x is not None)
