"""Leads as they stood at the end of a day, rebuilt from their history: the one place
every ``--as-of`` report (and the review's "pipeline then") reads leads from.

Every change to a lead's stage, state, value and close date is an event that keeps
the value it replaced (``old``), so a lead's value of a field at the end of a day is
the ``old`` of its first event on that field after the day, or, without one, the value
it has now. That reads only the events after the day, in one set-based pass (a window
function picks each lead's first event per field), and needs no replay of the whole
history. Two rarer facts need a look before the day, per lead, and only for the leads
concerned: the highest stage when a later move reached the highest stage again, and
the reason of a loss whose reason a later ``lose --final`` replaced.

Leads created after the day are left out; deleted leads (the trash) are left out of
every report, as-of ones too. Owner and source are today's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from funnel.domain.choices import DEAD, LOST
from funnel.domain.stages import STAGES, Stage
from funnel.store.schema import EVENT, LEAD, PAYMENT, STAY

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

FORMAL = int(Stage.FORMAL)
# The fields whose history the rebuild reads: moves, state changes, and these edits.
_TRACKED = ("stage", "state", "value", "close_on")


def end_of(day: date) -> datetime:
    """The first moment after ``day`` (local midnight): events before it happened by
    the end of that day."""
    return datetime.combine(day + timedelta(days=1), time()).astimezone()


def _rank(text: Any) -> Any:
    """A stage's key (as events keep it) → its rank 0…4, in SQL."""
    return sa.case(*((text == s.key, int(s)) for s in STAGES), else_=None)


def _cents(text: Any) -> Any:
    """An amount as events keep it ('48000', '1299.5') → integer cents, in SQL."""
    return sa.cast(sa.func.round(sa.cast(text, sa.Numeric(16, 2)) * 100), sa.BigInteger)


def _day(conn: Connection, text: Any) -> Any:
    """An ISO date as events keep it → a date, in SQL (SQLite keeps dates as text)."""
    if conn.dialect.name == "sqlite":
        return sa.type_coerce(text, sa.Date)
    return sa.cast(text, sa.Date)


def _firsts(cut: datetime) -> sa.CTE:
    """Per lead with any tracked event after ``cut``: for each tracked field, whether it
    changed and the value its first change replaced; the highest stage moved to."""
    later = (
        sa.select(
            EVENT.c.lead_id,
            EVENT.c.kind,
            EVENT.c.field,
            EVENT.c.old,
            EVENT.c.new,
            EVENT.c.reason,
            sa.func.row_number()
            # lead_id + 0: read the events in table order and sort the few after the
            # day, rather than walk all of them in the lead index's order
            .over(
                partition_by=(EVENT.c.lead_id + 0, EVENT.c.field),
                order_by=(EVENT.c.at, EVENT.c.id),
            )
            .label("nth"),
        )
        .where(EVENT.c.at >= cut, EVENT.c.field.in_(_TRACKED))
        .subquery("later")
    )
    first = later.c.nth == 1

    def when(field: str, what: Any, *, only_first: bool = True) -> Any:
        cond = sa.and_(later.c.field == field, first) if only_first else later.c.field == field
        return sa.func.max(sa.case((cond, what), else_=None))

    return (
        sa.select(
            later.c.lead_id,
            when("stage", 1).label("moved"),
            when("stage", later.c.old).label("stage_old"),
            when("stage", _rank(later.c.new), only_first=False).label("top_after"),
            when("state", 1).label("restated"),
            when("state", later.c.old).label("state_old"),
            when("state", later.c.new).label("state_new"),
            when("state", later.c.reason).label("state_reason"),
            when("value", 1).label("revalued"),
            when("value", later.c.old).label("value_old"),
            when("close_on", 1).label("reclosed"),
            when("close_on", sa.func.coalesce(later.c.old, "")).label("close_old"),
        )
        .group_by(later.c.lead_id)
        .cte("firsts")
    )


def _columns(conn: Connection, f: Any, day: date, *, paid: bool) -> tuple[list[Any], list[Any]]:
    """The columns of a lead as it is now and as it stood at the end of ``day`` (for
    the leads with tracked events after it, ``f``), in the same order."""
    cut = end_of(day)
    # as it stood: the day of the first win only once it had happened
    won_on = sa.case((LEAD.c.won_on <= day, LEAD.c.won_on), else_=None).label("won_on")
    same: list[Any] = [
        LEAD.c.id,
        LEAD.c.name,
        LEAD.c.source,
        LEAD.c.owner,
        LEAD.c.created_on,
        LEAD.c.stage,
        LEAD.c.highest_stage,
        LEAD.c.state,
        LEAD.c.lost_stage,
        LEAD.c.lost_reason,
        LEAD.c.value_cents,
        LEAD.c.won_on,
    ]
    # the larger of two values: max(a, b) in SQLite, greatest(a, b) in PostgreSQL
    greatest = sa.func.max if conn.dialect.name == "sqlite" else sa.func.greatest
    rebuilt = [*_rebuilt(f, cut, greatest), won_on]
    if "close_on" in LEAD.c:
        same.append(LEAD.c.close_on)
        old_close = _day(conn, sa.func.nullif(f.c.close_old, ""))
        rebuilt.append(
            sa.case((f.c.reclosed == 1, old_close), else_=LEAD.c.close_on).label("close_on")
        )
    if paid:
        counted = sa.and_(
            PAYMENT.c.lead_id == LEAD.c.id,
            PAYMENT.c.paid_on <= day,
            sa.or_(PAYMENT.c.void_at.is_(None), PAYMENT.c.void_at >= cut),
        )
        paid_cents = (
            sa.select(sa.func.coalesce(sa.func.sum(PAYMENT.c.amount_cents), 0))
            .where(counted)
            .scalar_subquery()
            .label("paid_cents")
        )
        same.append(paid_cents)
        rebuilt.append(paid_cents)
    return same, rebuilt


def _created_by(conn: Connection, day: date) -> Any:
    created = LEAD.c.created_on <= day
    if conn.dialect.name == "sqlite":
        # In a CASE, the creation day reads the leads in one pass (a covering index
        # when the query needs nothing else), not each one looked up by that day.
        created = sa.case((created, 1), else_=0) == 1
    return created


def leads_as_of(conn: Connection, day: date, *, paid: bool = False) -> sa.Subquery:
    """Each lead created by ``day`` as it stood at the end of it: ``id, name, source,
    owner, created_on, stage, highest_stage, state, lost_stage, lost_reason,
    value_cents, won_on`` (and ``close_on`` when the store has it, ``paid_cents`` with
    ``paid``), with the same meanings as the lead table's columns. A subquery named
    ``lead``: a query reads it in place of the lead table.

    Two parts, one row per lead: the leads with no tracked event after the day, read as
    they are, and the others, rebuilt. Reports that only count and sum use
    :func:`grouped_as_of`, the same rebuild done faster."""
    f = _firsts(end_of(day))
    same, rebuilt = _columns(conn, f, day, paid=paid)
    unchanged = sa.select(*same).where(
        _created_by(conn, day), LEAD.c.id.not_in(sa.select(f.c.lead_id))
    )
    changed = (
        sa.select(*rebuilt)
        .select_from(f.join(LEAD, LEAD.c.id == f.c.lead_id))
        .where(LEAD.c.created_on <= day)
    )
    return sa.union_all(unchanged, changed).subquery("lead")


def grouped_as_of(
    conn: Connection, day: date, query: Callable[[Any], sa.Select[Any]], *, sums: int
) -> list[tuple[Any, ...]]:
    """``query(lead)`` — a GROUP BY over ``lead`` whose last ``sums`` columns are counts
    or sums, the first of them a count — run on the leads as they stood at the end of
    ``day`` (as :func:`leads_as_of` rebuilds them). Counts and sums add up, so it runs
    on the lead table as it is (with the table's indexes), minus the leads changed
    since as they are now, plus the same leads as they stood: one statement, and only
    the events after the day are read. Groups whose count comes to 0 are left out."""
    f = _firsts(end_of(day))
    same, rebuilt = _columns(conn, f, day, paid=False)
    changed = f.join(LEAD, LEAD.c.id == f.c.lead_id)
    created = LEAD.c.created_on <= day
    now = sa.select(*same).select_from(changed).where(created).subquery("lead")
    then = sa.select(*rebuilt).select_from(changed).where(created).subquery("lead")
    parts: list[Any] = [query(LEAD).where(_created_by(conn, day))]
    for sign, lead in ((-1, now), (1, then)):
        grouped = query(lead).subquery()
        cols = list(grouped.c)
        keys, added = cols[: len(cols) - sums], cols[len(cols) - sums :]
        parts.append(sa.select(*keys, *(c * sign for c in added)))
    totals: dict[tuple[Any, ...], list[int]] = {}
    for row in conn.execute(sa.union_all(*parts)):
        key, figures = tuple(row[: len(row) - sums]), row[len(row) - sums :]
        into = totals.setdefault(key, [0] * sums)
        for i, value in enumerate(figures):
            into[i] += int(value or 0)
    return [(*key, *figures) for key, figures in totals.items() if figures[0]]


def _rebuilt(f: Any, cut: datetime, greatest: Callable[..., Any]) -> list[Any]:
    """The columns of a lead with tracked events after ``cut`` (``f``: its firsts), as
    they stood before the first of them."""
    stage = sa.case((f.c.moved == 1, _rank(f.c.stage_old)), else_=LEAD.c.stage)
    state = sa.case((f.c.restated == 1, f.c.state_old), else_=LEAD.c.state)
    gone = state.in_((LOST, DEAD))
    earlier = EVENT.alias("earlier")
    before = [earlier.c.lead_id == LEAD.c.id, earlier.c.at < cut]
    # A later move reached today's highest stage: the highest by the day is the most
    # of the stages the lead was created in or moved to by then (and where it stood).
    top_before = (
        sa.select(sa.func.max(_rank(sa.func.coalesce(earlier.c.new, "potential"))))
        .where(*before, earlier.c.kind.in_(("created", "move")))
        .scalar_subquery()
    )
    highest = sa.case(
        (sa.func.coalesce(f.c.top_after, -1) < LEAD.c.highest_stage, LEAD.c.highest_stage),
        else_=greatest(sa.func.coalesce(top_before, stage), stage),
    )
    # The reason of the loss in effect by the day: today's when the state has not
    # changed since; the one a reopen carried; else the last loss before the day.
    last_loss = (
        sa.select(earlier.c.reason)
        .where(*before, earlier.c.field == "state")
        .order_by(earlier.c.at.desc(), earlier.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    unmoved = sa.func.coalesce(f.c.restated, 0) == 0
    reason = sa.case(
        (sa.not_(gone), None),
        (unmoved, LEAD.c.lost_reason),
        (f.c.state_new == "active", f.c.state_reason),
        else_=last_loss,
    )
    lost_stage = sa.case(
        (sa.not_(gone), None),
        (unmoved, sa.func.coalesce(LEAD.c.lost_stage, stage)),
        else_=stage,
    )
    value = sa.case((f.c.revalued == 1, _cents(f.c.value_old)), else_=LEAD.c.value_cents)
    return [
        LEAD.c.id,
        LEAD.c.name,
        LEAD.c.source,
        LEAD.c.owner,
        LEAD.c.created_on,
        stage.label("stage"),
        highest.label("highest_stage"),
        state.label("state"),
        lost_stage.label("lost_stage"),
        reason.label("lost_reason"),
        value.label("value_cents"),
    ]


def stays_left_after(day: date) -> list[Any]:
    """Clauses on the stays left after the end of ``day``: those a report counting the
    stays left by then takes away from all it counts (a lead's stays are looked up by
    lead, only for leads that moved since; the counting itself keeps its index)."""
    cut = end_of(day)
    moved = sa.select(EVENT.c.lead_id).where(EVENT.c.field == "stage", EVENT.c.at >= cut)
    return [STAY.c.lead_id.in_(moved), STAY.c.left_at >= cut]
