"""Follow-ups in the store: interactions, the next follow-up, what is due, what went
stale, what is scheduled, and the last thing that happened to a lead.

Queries are portable SQLAlchemy Core: the due and stale filters and their order
run in SQL; Python only shapes the rows that come back. They return data; the
tips, labels and the iCalendar file are composed in ``funnel.views``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from funnel.domain import followups as rules
from funnel.domain.leads import ACTIVE
from funnel.domain.stages import Stage
from funnel.store import history, leads, schema

LEAD, ACTIVITY, EVENT = schema.LEAD, schema.ACTIVITY, schema.EVENT

_CHUNK = 500  # ids per IN (…) list: far below every engine's parameter limit

KEEP = object()  # ``set_follow_up(note=KEEP)``: leave the note as it is


# --- writing ------------------------------------------------------------------


def log_activity(
    conn: Connection,
    lead_id: int,
    *,
    kind: str,
    summary: str,
    at: datetime,
    now: datetime,
    next_day: date | None = None,
) -> int:
    """Record an interaction (it touches the lead) and, with ``next_day``, schedule
    the next follow-up in the same transaction. Returns the activity id."""
    row = history.fetch_lead(conn, lead_id)
    activity_id = schema.new_id(
        conn.execute(
            ACTIVITY.insert().values(
                lead_id=lead_id,
                kind=kind,
                at=at,
                summary=summary,
                created_at=now,
            )
        )
    )
    # A call logged late for last week does not make the lead look idle again.
    if row["touched_at"] is None or row["touched_at"] < at:
        conn.execute(LEAD.update().where(LEAD.c.id == lead_id).values(touched_at=at))
    if next_day is not None:
        # A new follow-up after an interaction: the old one's note is done with.
        set_follow_up(conn, lead_id, day=next_day, note=None, now=now)
    return int(activity_id)


def set_follow_up(
    conn: Connection, lead_id: int, *, day: date | None, note: Any = KEEP, now: datetime
) -> int:
    """Set (or with ``day=None`` clear) the next follow-up; each change of date or
    note is a 'follow' event. Clearing clears the note too. Returns the changes."""
    values: dict[str, Any] = {"follow_up": day}
    if day is None:
        values["follow_note"] = None
    elif note is not KEEP:
        values["follow_note"] = note
    return leads.edit_lead(conn, lead_id, values, now=now)


# --- reading ------------------------------------------------------------------


def _lead_objects(conn: Connection, rows: Sequence[Any]) -> list[dict[str, Any]]:
    tags = leads.tags_of(conn, [r["id"] for r in rows])
    return [leads.lead_object(r, tags.get(r["id"], [])) for r in rows]


def due_items(
    conn: Connection, *, today: date, within: int = 0, owner: str | None = None
) -> list[dict[str, Any]]:
    """Active leads whose follow-up is overdue, today or within ``within`` days;
    most overdue first, then the later stage, then the higher value. Each is the lead
    object plus ``due``, ``overdue_days`` and the follow-up's ``note``."""
    query = sa.select(LEAD).where(
        LEAD.c.state == ACTIVE,
        LEAD.c.next_follow_up.is_not(None),
        LEAD.c.next_follow_up <= today + timedelta(days=within),
    )
    if owner is not None:
        query = query.where(LEAD.c.owner == owner)
    query = query.order_by(
        LEAD.c.next_follow_up, LEAD.c.stage.desc(), LEAD.c.value_cents.desc(), LEAD.c.id
    )
    rows = conn.execute(query).mappings().all()
    items = []
    for row, lead in zip(rows, _lead_objects(conn, rows), strict=True):
        due = row["next_follow_up"]
        lead.update(
            due=due.isoformat(),
            overdue_days=rules.overdue_days(due, today=today),
            note=row["follow_note"],
        )
        items.append(lead)
    return items


def stale_items(
    conn: Connection,
    *,
    now: datetime,
    thresholds: Mapping[Stage, int],
    owner: str | None = None,
) -> list[dict[str, Any]]:
    """Active leads untouched (no interaction, move or edit) for more days than
    their stage allows, and the slipped ones (still open, their expected close date
    passed); the longest idle first, then the later stage, then value. Each is the lead
    object plus ``idle_days``, ``threshold``, ``last_touch`` and ``slipped``."""
    today = now.date()
    stale = sa.or_(
        sa.false(),
        *(
            sa.and_(LEAD.c.stage == int(stage), LEAD.c.touched_at < rules.idle_cutoff(today, days))
            for stage, days in thresholds.items()
        ),
    )
    query = sa.select(LEAD).where(LEAD.c.state == ACTIVE, sa.or_(stale, slipped(today)))
    if owner is not None:
        query = query.where(LEAD.c.owner == owner)
    query = query.order_by(
        LEAD.c.touched_at, LEAD.c.stage.desc(), LEAD.c.value_cents.desc(), LEAD.c.id
    )
    rows = conn.execute(query).mappings().all()
    items = []
    for row, lead in zip(rows, _lead_objects(conn, rows), strict=True):
        close = row["close_on"]
        lead.update(
            idle_days=rules.idle_days(row["touched_at"], today=today),
            threshold=thresholds.get(Stage(row["stage"])),
            last_touch=leads.iso_ts(row["touched_at"]),
            slipped=row["stage"] < Stage.FORMAL and close is not None and close < today,
        )
        items.append(lead)
    return items


def slipped(today: date) -> sa.ColumnElement[bool]:
    """An open lead (potential…quasi) whose expected close date is before ``today``
    (with ``state = 'active'``: a slipped lead)."""
    return sa.and_(LEAD.c.stage < int(Stage.FORMAL), LEAD.c.close_on < today)


def slipped_count(conn: Connection, *, today: date) -> int:
    """How many active leads slipped: still open, their expected close date passed."""
    query = sa.select(sa.func.count()).where(LEAD.c.state == ACTIVE, slipped(today))
    return int(conn.execute(query).scalar_one())


def _counting(table: sa.Table) -> list[Any]:
    """A void row of a table that has them never counts."""
    return [table.c.void_at.is_(None)] if "void_at" in table.c else []


def _latest_per_lead(
    conn: Connection, table: sa.Table, columns: Sequence[Any], lead_ids: Sequence[int]
) -> dict[int, Mapping[str, Any]]:
    """The newest row of ``table`` per lead, one windowed query per chunk of ids."""
    out: dict[int, Any] = {}
    for start in range(0, len(lead_ids), _CHUNK):
        chunk = lead_ids[start : start + _CHUNK]
        rank = (
            sa.func.row_number()
            .over(partition_by=table.c.lead_id, order_by=(table.c.at.desc(), table.c.id.desc()))
            .label("rank")
        )
        inner = (
            sa.select(table.c.lead_id, table.c.at, *columns, rank)
            .where(table.c.lead_id.in_(chunk), *_counting(table))
            .subquery()
        )
        for found in conn.execute(sa.select(inner).where(inner.c.rank == 1)).mappings():
            out[found["lead_id"]] = found
    return out


def last_things(conn: Connection, lead_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The last thing that happened to each lead: its newest interaction
    (``{"at", "activity", "summary"}``) or history event (``{"at", "event", "field",
    "old", "new"}``), whichever is later."""
    activities = _latest_per_lead(conn, ACTIVITY, (ACTIVITY.c.kind, ACTIVITY.c.summary), lead_ids)
    events = _latest_per_lead(
        conn, EVENT, (EVENT.c.kind, EVENT.c.field, EVENT.c.old, EVENT.c.new), lead_ids
    )
    out: dict[int, dict[str, Any]] = {}
    for lead_id in lead_ids:
        act, ev = activities.get(lead_id), events.get(lead_id)
        if act is not None and (ev is None or act["at"] >= ev["at"]):
            out[lead_id] = {
                "at": leads.iso_ts(act["at"]),
                "activity": act["kind"],
                "summary": act["summary"],
            }
        elif ev is not None:
            out[lead_id] = {
                "at": leads.iso_ts(ev["at"]),
                "event": ev["kind"],
                "field": ev["field"],
                "old": ev["old"],
                "new": ev["new"],
            }
    return out


def scheduled(conn: Connection, *, owner: str | None = None) -> list[dict[str, Any]]:
    """Every active lead with a follow-up scheduled, soonest first: the lead object
    plus ``due`` and the follow-up's ``note``."""
    query = sa.select(LEAD).where(LEAD.c.state == ACTIVE, LEAD.c.next_follow_up.is_not(None))
    if owner is not None:
        query = query.where(LEAD.c.owner == owner)
    rows = conn.execute(query.order_by(LEAD.c.next_follow_up, LEAD.c.id)).mappings().all()
    items = []
    for row, lead in zip(rows, _lead_objects(conn, rows), strict=True):
        lead.update(due=row["next_follow_up"].isoformat(), note=row["follow_note"])
        items.append(lead)
    return items
