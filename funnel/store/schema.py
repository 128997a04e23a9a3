"""SQLModel tables. Imported only by the store, the reports and the migrations.

Money is integer cents (BigInteger), stages are their rank 0…4 (SmallInteger),
timestamps are aware datetimes stored as UTC, and dates a user thinks in
(payment day, follow-up day, the local day a lead was created) are plain dates.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, Integer, SmallInteger, Text
from sqlalchemy.engine import CursorResult
from sqlmodel import Field, SQLModel


def _lead_fk() -> Any:
    return Field(
        sa_column=Column(
            Integer, ForeignKey("lead.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )


class Lead(SQLModel, table=True):
    __tablename__ = "lead"
    __table_args__ = (
        Index("ix_lead_state_stage", "state", "stage"),
        Index("ix_lead_follow_up", "state", "next_follow_up"),
        # Covering indexes for the funnel report: one index scan, no table reads.
        Index(
            "ix_lead_funnel",
            "state",
            "stage",
            "highest_stage",
            "lost_stage",
            "value_cents",
            "created_on",
        ),
        Index("ix_lead_lost_reason", "state", "lost_reason"),
        # ... for the sources/owners breakdowns and the trend.
        Index("ix_lead_source_won", "source", "highest_stage", "value_cents", "created_on"),
        Index("ix_lead_owner_won", "owner", "highest_stage", "value_cents", "created_on"),
        Index("ix_lead_won_on", "won_on", "created_on"),
        Index("ix_lead_lost_on", "lost_on", "state", "created_on"),
        # ... for the forecast and goals: open leads by stage and expected close date.
        Index("ix_lead_close", "state", "stage", "close_on", "value_cents"),
        # A deleted lead's id is never given to another lead (it may come back).
        {"sqlite_autoincrement": True},
    )

    # Columns in the order of the lead's field declarations (funnel.domain.fields): the
    # rows an import builds in that order go to the driver as they are.
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    company: str | None = Field(default=None, max_length=1000)
    phone: str | None = Field(default=None, max_length=1000)
    phone_norm: str | None = Field(default=None, max_length=1000, index=True)
    email: str | None = Field(default=None, max_length=1000)
    email_norm: str | None = Field(default=None, max_length=1000, index=True)
    wechat: str | None = Field(default=None, max_length=1000)
    source: str | None = Field(default=None, max_length=1000, index=True)
    owner: str | None = Field(default=None, max_length=1000, index=True)
    kind: str | None = Field(default=None, max_length=20)
    persona: str | None = Field(default=None, max_length=20)
    value_cents: int = Field(default=0, sa_type=BigInteger)
    stage: int = Field(default=0, sa_type=SmallInteger)
    state: str = Field(default="active", max_length=10)
    highest_stage: int = Field(default=0, sa_type=SmallInteger)
    fields: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    contract_sent_on: date | None = None
    paid_cents: int = Field(default=0, sa_type=BigInteger)
    note: str | None = Field(default=None, sa_type=Text)
    next_follow_up: date | None = None
    follow_note: str | None = Field(default=None, sa_type=Text)
    close_on: date | None = None  # the day the lead is expected to sign
    lost_reason: str | None = Field(default=None, max_length=1000)
    lost_stage: int | None = Field(default=None, sa_type=SmallInteger)
    created_at: datetime
    updated_at: datetime
    created_on: date = Field(index=True)
    touched_at: datetime
    stage_entered_at: datetime
    won_on: date | None = None
    lost_on: date | None = None


class Goal(SQLModel, table=True):
    """A sales target: the value to win in a month, quarter or year, by one owner or
    (owner NULL) the team. One goal per period and owner: NULLs are never equal in a
    unique index, so the index is on the owner with NULL read as ''."""

    __tablename__ = "goal"
    __table_args__ = ({"sqlite_autoincrement": True},)  # ids never reused

    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(max_length=7)  # 2026-11, 2026-Q4 or 2026
    owner: str | None = Field(default=None, max_length=1000)
    target_cents: int = Field(sa_type=BigInteger)


class LeadTag(SQLModel, table=True):
    __tablename__ = "lead_tag"

    lead_id: int = Field(
        sa_column=Column(Integer, ForeignKey("lead.id", ondelete="CASCADE"), primary_key=True)
    )
    tag: str = Field(primary_key=True, max_length=1000, index=True)


class Event(SQLModel, table=True):
    """One entry of a lead's history: a move, a state change, an edit, money."""

    __tablename__ = "event"
    __table_args__ = (
        # what happened after a day, for the reports as of that day (funnel.store.asof)
        Index("ix_event_at", "at"),
        {"sqlite_autoincrement": True},  # ids never reused
    )

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = _lead_fk()
    at: datetime
    kind: str = Field(max_length=20)
    field: str | None = Field(default=None, max_length=1000)
    old: str | None = Field(default=None, sa_type=Text)
    new: str | None = Field(default=None, sa_type=Text)
    reason: str | None = Field(default=None, sa_type=Text)
    forced: bool = False


class Stay(SQLModel, table=True):
    """A lead's time in one stage: kept in step with every move, so reports are cheap."""

    __tablename__ = "stay"
    __table_args__ = (
        Index("ix_stay_stage_forward", "stage", "forward"),
        # Covers the report's average days per stage, for date cohorts too.
        Index("ix_stay_days", "forward", "stage", "lead_created_on", "days", "lead_id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = _lead_fk()
    stage: int = Field(sa_type=SmallInteger)
    entered_at: datetime
    entered_on: date
    left_at: datetime | None = None
    left_on: date | None = None
    days: int | None = None
    forward: bool | None = None
    lead_created_on: date | None = None  # the lead's creation day (it never changes)


class Payment(SQLModel, table=True):
    __tablename__ = "payment"
    __table_args__ = ({"sqlite_autoincrement": True},)  # ids never reused

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = _lead_fk()
    amount_cents: int = Field(sa_type=BigInteger)
    paid_on: date
    note: str | None = Field(default=None, sa_type=Text)
    created_at: datetime
    void_reason: str | None = Field(default=None, sa_type=Text)  # set when voided
    void_at: datetime | None = None
    void_user: str | None = Field(default=None, max_length=200)


class Order(SQLModel, table=True):
    """A purchase by a formal customer; the won deal is the first one."""

    __tablename__ = "orders"
    __table_args__ = ({"sqlite_autoincrement": True},)  # ids never reused

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = _lead_fk()
    amount_cents: int = Field(sa_type=BigInteger)
    ordered_on: date = Field(index=True)
    won_deal: bool = False
    created_at: datetime
    void_reason: str | None = Field(default=None, sa_type=Text)  # set when voided
    void_at: datetime | None = None
    void_user: str | None = Field(default=None, max_length=200)


class Activity(SQLModel, table=True):
    """An interaction: a call, a visit, an email…"""

    __tablename__ = "activity"
    __table_args__ = ({"sqlite_autoincrement": True},)  # ids never reused

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = _lead_fk()
    kind: str = Field(max_length=20)
    at: datetime
    summary: str = Field(sa_type=Text)
    created_at: datetime
    void_reason: str | None = Field(default=None, sa_type=Text)  # set when voided
    void_at: datetime | None = None
    void_user: str | None = Field(default=None, max_length=200)


class Change(SQLModel, table=True):
    """One command that wrote: who, when, what was typed; which change reversed it."""

    __tablename__ = "change"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    user: str = Field(max_length=200)
    role: str | None = Field(default=None, max_length=200)  # the PostgreSQL role
    command: str = Field(sa_type=Text)
    undoes: int | None = None  # the change this one reversed, for an undo
    undone_by: int | None = None  # the change that reversed this one, while it stands


class ChangeRow(SQLModel, table=True):
    """One row a change inserted ('i'), updated ('u') or deleted ('d'), written by the
    journal's triggers: its key, and for an update or delete the row as it was (JSON)."""

    __tablename__ = "change_row"
    __table_args__ = (Index("ix_change_row_lead", "lead_id", "change_id"),)

    id: int | None = Field(default=None, primary_key=True)
    change_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("change.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    lead_id: int | None = None
    tbl: str = Field(max_length=20)
    op: str = Field(max_length=1)
    key: str = Field(sa_type=Text)
    old: str | None = Field(default=None, sa_type=Text)


class JournalNow(SQLModel, table=True):
    """SQLite only: the change being written, for the triggers (0 or 1 row; PostgreSQL
    keeps it in a transaction-local setting instead)."""

    __tablename__ = "journal_now"

    id: int = Field(primary_key=True)


# The tables as SQLAlchemy Core sees them: queries and bulk writes use these.


def _table(model: type[SQLModel]) -> sa.Table:
    return cast(sa.Table, model.__table__)  # type: ignore[attr-defined]


LEAD = _table(Lead)
TAG = _table(LeadTag)
EVENT = _table(Event)
STAY = _table(Stay)
PAYMENT = _table(Payment)
ORDER = _table(Order)
ACTIVITY = _table(Activity)
CHANGE = _table(Change)
CHANGE_ROW = _table(ChangeRow)
JOURNAL_NOW = _table(JournalNow)
GOAL = _table(Goal)
Index("ux_goal_period_owner", GOAL.c.period, sa.func.coalesce(GOAL.c.owner, ""), unique=True)

# What the journal records: a lead and every table that hangs off it, and the goals.
JOURNALED = (LEAD, TAG, EVENT, STAY, PAYMENT, ORDER, ACTIVITY, GOAL)


def new_id(result: CursorResult[Any]) -> int:
    """The primary key an INSERT gave its row."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])
