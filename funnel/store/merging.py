"""Merging leads that are one person: OTHER's history, activities, payments, orders and
tags move to KEEP, KEEP takes the fields it lacks, and OTHER goes to the trash; all in
the caller's write transaction, so the journal makes it one change. Returns data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from funnel.domain import merging
from funnel.domain.fields import BY_KEY
from funnel.domain.leads import NORMALIZED
from funnel.domain.money import check_sum
from funnel.errors import InvalidValue
from funnel.i18n import t
from funnel.store.history import add_event, fetch_lead, lock_leads
from funnel.store.leads import delete_leads, tags_of
from funnel.store.schema import ACTIVITY, EVENT, LEAD, ORDER, PAYMENT, TAG

_NORMALIZED_AS = {arg: (column, normalize) for arg, column, normalize in NORMALIZED}
# What moves from OTHER to KEEP as it is (stays do not: KEEP keeps its own timeline).
_MOVED = (EVENT, ACTIVITY, PAYMENT, ORDER)


@dataclass(frozen=True)
class Conflict:
    other: int  # the lead whose value KEEP did not take
    field: str
    keep: Any
    theirs: Any


@dataclass(frozen=True)
class Merged:
    keep: int
    others: list[int]
    copied: list[str]  # the fields KEEP took, by key
    conflicts: list[Conflict]


def _fields(row: RowMapping | dict[str, Any]) -> dict[str, Any]:
    """A lead row's compared fields by their key in the lead object."""
    found = {key: row[BY_KEY[key].column or key] for key in merging.COMPARED}
    found[merging.CUSTOM] = dict(row["fields"] or {})
    return found


def _has_won_deal(conn: Connection, lead_id: int) -> bool:
    query = sa.select(ORDER.c.id).where(ORDER.c.lead_id == lead_id, ORDER.c.won_deal.is_(True))
    return conn.execute(query.limit(1)).first() is not None


def check_ids(keep: int, others: Sequence[int]) -> None:
    """KEEP and at least one other lead, KEEP not among them."""
    if keep in others:
        raise InvalidValue(t("err.merge_self", id=keep))
    if not others:
        raise InvalidValue(t("err.merge_two"))


def merge_leads(conn: Connection, keep: int, others: Sequence[int], *, now: datetime) -> Merged:
    """Merge ``others`` into ``keep`` (see the module docstring)."""
    check_ids(keep, others)
    lock_leads(conn, [keep, *others])
    keep_row = dict(fetch_lead(conn, keep))
    other_rows = [fetch_lead(conn, other) for other in others]
    current = _fields(keep_row)
    values: dict[str, Any] = {}
    copied: list[str] = []
    conflicts: list[Conflict] = []
    highest, paid, won_on = keep_row["highest_stage"], keep_row["paid_cents"], keep_row["won_on"]
    won = _has_won_deal(conn, keep)
    tags = set(tags_of(conn, [keep]).get(keep, []))
    for row in other_rows:
        other = row["id"]
        plan = merging.merge_fields(current, _fields(row))
        conflicts += [Conflict(other, c.field, c.keep, c.other) for c in plan.conflicts]
        for key, value in plan.copied.items():
            current[key] = value
            values[BY_KEY[key].column or key] = value
            if key in _NORMALIZED_AS:
                norm_column, normalize = _NORMALIZED_AS[key]
                values[norm_column] = normalize(value)
        if plan.custom_added:
            current[merging.CUSTOM] = values["fields"] = plan.custom
        copied += [key for key in plan.changed if key not in copied]
        highest = max(highest, row["highest_stage"])
        paid = check_sum(paid, row["paid_cents"], what="paid", lead=keep)
        # One won deal per lead: OTHER's stays an order.
        if won:
            conn.execute(
                ORDER.update()
                .where(ORDER.c.lead_id == other, ORDER.c.won_deal.is_(True))
                .values(won_deal=False)
            )
        elif _has_won_deal(conn, other):
            won, won_on = True, won_on or row["won_on"]
        for table in _MOVED:
            conn.execute(table.update().where(table.c.lead_id == other).values(lead_id=keep))
        for tag in tags_of(conn, [other]).get(other, []):
            if tag not in tags:
                conn.execute(TAG.insert().values(lead_id=keep, tag=tag))
                tags.add(tag)
        add_event(conn, keep, at=now, kind="merged", old=other, new=keep)
    # paid is the sum of the payments KEEP now has.
    paid = conn.execute(
        sa.select(sa.func.coalesce(sa.func.sum(PAYMENT.c.amount_cents), 0)).where(
            PAYMENT.c.lead_id == keep
        )
    ).scalar_one()
    values.update(
        highest_stage=highest, paid_cents=int(paid), won_on=won_on, updated_at=now, touched_at=now
    )
    conn.execute(LEAD.update().where(LEAD.c.id == keep).values(**values))
    delete_leads(conn, list(others))
    return Merged(keep, list(others), copied, conflicts)
