"""Report queries: the aggregates run as SQL, the maths is finished in ``domain.reports``.
Each query is ``(conn, Context) -> data``; ``funnel.cli.report`` pairs it with its view.

Every query groups in the database and returns a handful of rows (per stage,
per day, per source…); only the customer reports return one row per customer,
because they list every customer: those rows are ranked and scored in SQL and read
one at a time as the report prints (``domain.reports.CustomerReport``), so a store
of any size needs no more memory. Queries are portable SQLAlchemy Core.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from funnel.domain import reports as maths
from funnel.domain.leads import DEAD, LOST
from funnel.domain.money import to_number
from funnel.domain.stages import STAGES, Stage
from funnel.store import schema
from funnel.store.leads import raw_column

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from funnel.config import Settings

LEAD, STAY, ORDER = schema.LEAD, schema.STAY, schema.ORDER
FORMAL = int(Stage.FORMAL)


@dataclass(frozen=True)
class Cohort:
    """The leads a report covers: created in [since, until], narrowed by owner and source."""

    since: date | None = None
    until: date | None = None
    owner: str | None = None
    source: str | None = None

    def where(self, lead: Any = LEAD) -> list[Any]:
        """The clauses on ``lead``: the lead table, or the leads as of a day."""
        clauses: list[Any] = []
        if self.since is not None:
            clauses.append(lead.c.created_on >= self.since)
        if self.until is not None:
            clauses.append(lead.c.created_on <= self.until)
        if self.owner is not None:
            clauses.append(lead.c.owner == self.owner)
        if self.source is not None:
            clauses.append(lead.c.source == self.source)
        return clauses

    def stay_where(self) -> list[Any]:
        """The same cohort for stays: the creation day is on the stay itself, so only an
        owner or source filter needs the lead table (as a semi-join)."""
        clauses: list[Any] = []
        if self.since is not None:
            clauses.append(STAY.c.lead_created_on >= self.since)
        if self.until is not None:
            clauses.append(STAY.c.lead_created_on <= self.until)
        if self.owner is not None or self.source is not None:
            clauses.append(STAY.c.lead_id.in_(sa.select(LEAD.c.id).where(*self.where())))
        return clauses


@dataclass(frozen=True)
class Context:
    """What every report may need besides the connection."""

    cohort: Cohort
    settings: Settings
    today: date
    by: str = "month"
    periods: int = 6  # forecast: how many months or quarters
    period: str | None = None  # goals: only the goals of this period
    as_of: date | None = None  # the report as it stood at the end of that day

    def grouped(
        self, conn: Connection, query: Callable[[Any], Any], *, sums: int
    ) -> list[tuple[Any, ...]]:
        """The rows of ``query(lead)`` (a GROUP BY ending in ``sums`` counts or sums)
        over the lead table, or with ``as_of`` over the leads as they stood at the end
        of that day, rebuilt from the history the same way for every report."""
        if self.as_of is None:
            return [tuple(row) for row in conn.execute(query(LEAD))]
        from funnel.store.asof import grouped_as_of

        return grouped_as_of(conn, self.as_of, query, sums=sums)

    def avg_days(self, conn: Connection) -> dict[int, float]:
        """Mean days per stage over the cohort's stays left forward (by the end of
        ``as_of``: all of them, less those left after it)."""
        where = [STAY.c.forward == sa.true(), *self.cohort.stay_where()]
        if self.as_of is not None:
            where.append(STAY.c.lead_created_on <= self.as_of)
        parts = [where]
        if self.as_of is not None:
            from funnel.store.asof import stays_left_after

            # found by lead (only leads that moved since), not by the index on forward
            forward = sa.case((STAY.c.forward, 1), else_=0) == 1
            parts.append([forward, *where[1:], *stays_left_after(self.as_of)])
        totals: dict[int, list[int]] = {}
        for sign, clauses in zip((1, -1), parts, strict=False):
            query = sa.select(STAY.c.stage, sa.func.sum(STAY.c.days), sa.func.count(STAY.c.days))
            for stage, days, count in conn.execute(query.where(*clauses).group_by(STAY.c.stage)):
                into = totals.setdefault(stage, [0, 0])
                into[0] += sign * int(days or 0)
                into[1] += sign * int(count)
        return {stage: days / count for stage, (days, count) in totals.items() if count}


# --- the funnel -------------------------------------------------------------------------


def funnel(conn: Connection, ctx: Context) -> dict[str, Any]:
    """Stages (active, value, reached, conversion, avg_days), win rate, weighted pipeline,
    losses by stage and reason."""
    highest: dict[int, int] = {}
    active: dict[int, int] = {}
    value: dict[int, int] = {}
    lost_by_stage: dict[int, int] = {}

    # One pass over the cohort, grouped into at most 3 × 5 × 5 × 6 rows.
    def grouped(lead: Any) -> Any:
        return (
            sa.select(
                lead.c.state,
                lead.c.stage,
                lead.c.highest_stage,
                lead.c.lost_stage,
                sa.func.count(),
                sa.func.coalesce(sa.func.sum(lead.c.value_cents), 0),
            )
            .where(*ctx.cohort.where(lead))
            .group_by(lead.c.state, lead.c.stage, lead.c.highest_stage, lead.c.lost_stage)
        )

    for state, stage, top, lost_stage, count, cents in ctx.grouped(conn, grouped, sums=2):
        highest[top] = highest.get(top, 0) + count
        if state == "active":
            active[stage] = active.get(stage, 0) + count
            value[stage] = value.get(stage, 0) + int(cents)
        elif state in (LOST, DEAD):
            key = stage if lost_stage is None else lost_stage
            lost_by_stage[key] = lost_by_stage.get(key, 0) + count

    def reasons(lead: Any) -> Any:
        return (
            sa.select(lead.c.lost_reason, sa.func.count())
            .where(lead.c.state.in_((LOST, DEAD)), *ctx.cohort.where(lead))
            .group_by(lead.c.lost_reason)
        )

    by_reason = sorted(
        ((r or "", n) for r, n in ctx.grouped(conn, reasons, sums=1)),
        key=lambda item: (-item[1], item[0]),
    )

    avg_days = ctx.avg_days(conn)

    reached = maths.reached_by_stage(highest)
    conversion = maths.conversions(reached)
    stages = [
        {
            "stage": s.key,
            "active": active.get(int(s), 0),
            "value": to_number(value.get(int(s), 0)),
            "reached": reached[i],
            "conversion": conversion[i],
            "avg_days": avg_days.get(int(s)),
        }
        for i, s in enumerate(STAGES)
    ]
    return {
        "stages": stages,
        "win_rate": maths.ratio(reached[FORMAL], reached[0]),
        "weighted_pipeline": to_number(maths.weighted_cents(value, ctx.settings.probabilities)),
        "lost": {
            "total": sum(lost_by_stage.values()),
            "by_stage": {s.key: lost_by_stage.get(int(s), 0) for s in STAGES},
            "by_reason": dict(by_reason),
        },
    }


# --- per source, per owner ------------------------------------------------------------------


def _breakdown(conn: Connection, ctx: Context, key: str) -> list[dict[str, Any]]:
    def query(lead: Any) -> Any:
        won = lead.c.highest_stage >= FORMAL
        return (
            sa.select(
                lead.c[key],
                sa.func.count(),
                sa.func.coalesce(sa.func.sum(sa.case((won, 1), else_=0)), 0),
                sa.func.coalesce(sa.func.sum(sa.case((won, lead.c.value_cents), else_=0)), 0),
            )
            .where(*ctx.cohort.where(lead))
            .group_by(lead.c[key])
        )

    rows = [
        {
            key: name,
            "leads": leads,
            "won": int(wins),
            "win_rate": maths.ratio(int(wins), leads),
            "value": to_number(int(cents)),
        }
        for name, leads, wins, cents in ctx.grouped(conn, query, sums=3)
    ]
    rows.sort(key=lambda r: (-r["leads"], r[key] is None, r[key] or ""))
    return rows


def sources(conn: Connection, ctx: Context) -> list[dict[str, Any]]:
    """Per lead source: leads, won (reached formal), win rate, value of the won deals."""
    return _breakdown(conn, ctx, "source")


def owners(conn: Connection, ctx: Context) -> list[dict[str, Any]]:
    """The same per salesperson."""
    return _breakdown(conn, ctx, "owner")


# --- trend ----------------------------------------------------------------------------------


def trend(conn: Connection, ctx: Context) -> list[dict[str, Any]]:
    """New leads (created), wins (first reached formal) and losses (lost now, by the day
    they were lost) per period, for the cohort, from the first period with any to the one
    holding today (or ``--until``), gaps included. Grouped by day in SQL, bucketed here."""
    where = ctx.cohort.where()
    counts: dict[str, dict[str, int]] = {}
    days: list[date] = []
    for name, column, extra in (
        ("new", LEAD.c.created_on, []),
        ("won", LEAD.c.won_on, [LEAD.c.won_on.is_not(None)]),
        ("lost", LEAD.c.lost_on, [LEAD.c.state.in_((LOST, DEAD)), LEAD.c.lost_on.is_not(None)]),
    ):
        query = sa.select(column, sa.func.count()).where(*where, *extra).group_by(column)
        for day, count in conn.execute(query):
            days.append(day)
            period = maths.period_of(day, ctx.by)
            bucket = counts.setdefault(period, {"new": 0, "won": 0, "lost": 0})
            bucket[name] += count
    if not days:
        return []
    # Up to today (or --until): the latest periods show a drop in new leads as zeros.
    last = max(max(days), ctx.cohort.until or ctx.today)
    return [
        {"period": p, **counts.get(p, {"new": 0, "won": 0, "lost": 0})}
        for p in maths.periods_between(min(days), last, ctx.by)
    ]


# --- customers --------------------------------------------------------------------------
#
# A store may hold hundreds of thousands of customers: each customer report is one query
# that ranks, scores and finds the medians in SQL (window functions, on both engines),
# read row by row as the report prints; only a customer's own label (its class from its
# rank, its tier from its order count…) is given here, by the rule in domain.reports.

BATCH = 2000  # rows fetched at a time


def _stream(conn: Connection, query: sa.Select[Any]) -> Iterator[Any]:
    """The rows as they come. PostgreSQL's driver would fetch the whole result first;
    ``yield_per`` makes it a server-side cursor there (SQLite's cursor steps anyway)."""
    with conn.execute(query, execution_options={"yield_per": BATCH}) as result:
        yield from result


def _totals(ctx: Context) -> sa.CTE:
    """Cohort leads with orders: id, name, revenue (cents), orders, first and last order.

    The orders are summed per lead first and the few leads that have them looked up
    after: cheaper than walking every lead for its orders."""
    per_lead = (
        sa.select(
            ORDER.c.lead_id,
            sa.cast(sa.func.sum(ORDER.c.amount_cents), sa.BigInteger).label("revenue"),
            sa.func.count(ORDER.c.id).label("orders"),
            sa.func.min(ORDER.c.ordered_on).label("first_order"),
            sa.func.max(ORDER.c.ordered_on).label("last_order"),
        )
        .where(ORDER.c.void_at.is_(None))
        .group_by(ORDER.c.lead_id)
        .subquery("per_lead")
    )
    p = per_lead.c
    return (
        sa.select(LEAD.c.id, LEAD.c.name, p.revenue, p.orders, p.first_order, p.last_order)
        .join_from(per_lead, LEAD, LEAD.c.id == p.lead_id)
        .where(*ctx.cohort.where())
        .cte("customer")
    )


def _columns(c: Any, *, listed: bool = False) -> list[Any]:
    """A customer's own figures, in the order of ``maths.customer_record``'s arguments;
    ``listed``: the order days as the driver gives them (SQLite's ISO text is printed
    as it is, not made a date and written back), for a report that does no date sums."""
    days = [c.first_order, c.last_order]
    if listed:
        days = [raw_column(d) for d in days]
    return [c.id, c.name, c.revenue, c.orders, *days]


def _by_revenue(c: Any) -> list[Any]:
    """Highest revenue first; equal revenue by id (``maths.by_revenue``)."""
    return [c.revenue.desc(), c.id]


def customers(conn: Connection, ctx: Context) -> list[maths.Customer]:
    """Cohort leads with orders, highest revenue first, all in memory: for small stores
    and tests (the reports read them one at a time)."""
    c = _totals(ctx).c
    query = sa.select(*_columns(c)).order_by(*_by_revenue(c))
    return [maths.Customer(*row) for row in conn.execute(query)]


def abc(conn: Connection, ctx: Context) -> maths.CustomerReport:
    """A/B/C by revenue rank with each class's share of revenue: the competition rank
    (``rank()``) and the number of customers in SQL, the cut-offs from that number."""
    c = _totals(ctx).c
    rank = sa.func.rank().over(order_by=c.revenue.desc())
    query = sa.select(*_columns(c, listed=True), rank, sa.func.count().over()).order_by(
        *_by_revenue(c)
    )
    shares = ctx.settings.abc

    def read(tally: maths.Tally) -> Iterator[dict[str, Any]]:
        cutoffs = (0, 0)
        for i, (*own, place, n) in enumerate(_stream(conn, query)):
            if not i:
                cutoffs = maths.abc_cutoffs(n, shares["a"], shares["b"])
            label = maths.abc_class(place, cutoffs)
            tally.add(label, own[2])
            record = maths.customer_record(*own)
            record["class"] = label
            yield record

    return maths.CustomerReport("class", "classes", maths.ABC_CLASSES, read)


def _quintile(twice_position: Any, n: Any) -> Any:
    """Score 1–5 as ``maths.quintile_scores``: 1 + floor(5 × (2·below + equal) / 2n),
    in integers: the score passes k + 1 when 5 × (2·below + equal) ≥ 2kn."""
    steps = [(5 * twice_position >= 2 * k * n, k + 1) for k in (4, 3, 2, 1)]
    return sa.case(*steps, else_=1)


def rfm(conn: Connection, ctx: Context) -> maths.CustomerReport:
    """Recency, frequency and monetary scores 1–5 by quintile (in SQL), and a segment name.

    Over a window ordered by the value, ``rank() - 1`` counts the customers strictly
    below and ``count(*)`` those below or equal (its frame ends with the last peer):
    their sum is 2·below + equal. Recency orders by the last order's day: a later day
    is fewer days ago, the higher score."""
    c = _totals(ctx).c

    def twice_position(column: Any) -> Any:
        return sa.func.rank().over(order_by=column) + sa.func.count().over(order_by=column) - 1

    ranked = sa.select(
        *_columns(c),
        twice_position(c.last_order).label("r2"),
        twice_position(c.orders).label("f2"),
        twice_position(c.revenue).label("m2"),
        sa.func.count().over().label("n"),
    ).subquery("ranked")
    r = ranked.c
    query = sa.select(
        *_columns(r, listed=True),
        _quintile(r.r2, r.n),
        _quintile(r.f2, r.n),
        _quintile(r.m2, r.n),
    ).order_by(*_by_revenue(r))

    def read(tally: maths.Tally) -> Iterator[dict[str, Any]]:
        for *own, rs, fs, ms in _stream(conn, query):
            segment = maths.rfm_segment(rs, fs, ms)
            tally.add(segment, own[2])
            record = maths.customer_record(*own)
            record.update(r=rs, f=fs, m=ms, segment=segment)
            yield record

    return maths.CustomerReport("segment", "segments", maths.SEGMENTS, read)


def loyalty(conn: Connection, ctx: Context) -> maths.CustomerReport:
    """first-time, repeat and loyal customers."""
    c = _totals(ctx).c
    query = sa.select(*_columns(c)).order_by(*_by_revenue(c))
    silent = ctx.settings.lifecycle["silent_days"]

    def read(tally: maths.Tally) -> Iterator[dict[str, Any]]:
        for own in _stream(conn, query):
            days = (ctx.today - own[5]).days
            tier = maths.loyalty_tier(own[3], days, silent_days=silent)
            tally.add(tier, own[2])
            record = maths.customer_record(*own)
            record["tier"] = tier
            yield record

    return maths.CustomerReport("tier", "tiers", maths.TIERS, read)


def lifecycle(conn: Connection, ctx: Context) -> maths.CustomerReport:
    """new, active, silent and lost customers by days since their first and last order."""
    c = _totals(ctx).c
    query = sa.select(*_columns(c)).order_by(*_by_revenue(c))
    life = ctx.settings.lifecycle
    today = ctx.today

    def read(tally: maths.Tally) -> Iterator[dict[str, Any]]:
        for own in _stream(conn, query):
            phase = maths.lifecycle_phase((today - own[4]).days, (today - own[5]).days, **life)
            tally.add(phase, own[2])
            record = maths.customer_record(*own)
            record["phase"] = phase
            yield record

    return maths.CustomerReport("phase", "phases", maths.PHASES, read)


def _middle(c: Any) -> sa.Subquery:
    """One row: the middle revenue and order count (lowest and highest of the one or
    two middle customers, each ordered by that value). In a list of n, positions
    ⌊(n+1)/2⌋ and ⌊(n+2)/2⌋ are the middle: those with n ≤ 2·position ≤ n + 2."""
    ranked = sa.select(
        c.revenue,
        c.orders,
        sa.func.row_number().over(order_by=c.revenue).label("by_revenue"),
        sa.func.row_number().over(order_by=c.orders).label("by_orders"),
        sa.func.count().over().label("n"),
    ).subquery("ranked")
    r = ranked.c

    def middle(position: Any, value: Any) -> Any:
        return sa.case((sa.and_(2 * position >= r.n, 2 * position <= r.n + 2), value))

    return sa.select(
        sa.func.min(middle(r.by_revenue, r.revenue)).label("revenue_low"),
        sa.func.max(middle(r.by_revenue, r.revenue)).label("revenue_high"),
        sa.func.min(middle(r.by_orders, r.orders)).label("orders_low"),
        sa.func.max(middle(r.by_orders, r.orders)).label("orders_high"),
    ).subquery("middle")


def matrix(conn: Connection, ctx: Context) -> maths.CustomerReport:
    """Revenue × loyalty (order count) quadrants, split at the medians (found in SQL)."""
    totals = _totals(ctx)
    c = totals.c
    mid = _middle(c)
    query = (
        sa.select(*_columns(c, listed=True), *mid.c)
        .select_from(totals)
        .join(mid, sa.true())
        .order_by(*_by_revenue(c))
    )

    def read(tally: maths.Tally) -> Iterator[dict[str, Any]]:
        med_rev = med_orders = 0.0
        for i, (*own, rev_low, rev_high, orders_low, orders_high) in enumerate(
            _stream(conn, query)
        ):
            if not i:
                med_rev = maths.median([int(rev_low), int(rev_high)]) or 0.0
                med_orders = maths.median([int(orders_low), int(orders_high)]) or 0.0
                tally.figures.update(median_revenue=to_number(round(med_rev)))
                tally.figures.update(median_orders=med_orders)
            quad = maths.quadrant(own[2], own[3], median_revenue=med_rev, median_orders=med_orders)
            tally.add(quad, own[2])
            record = maths.customer_record(*own)
            record["quadrant"] = quad
            yield record

    return maths.CustomerReport(
        "quadrant",
        "quadrants",
        maths.QUADRANTS,
        read,
        initial={"median_revenue": None, "median_orders": None},
        relationship=maths.RELATIONSHIP,
    )


# --- win/loss and calibration -----------------------------------------------------------

LOST_BY = ("reason", "stage", "owner", "source")


def lost(conn: Connection, ctx: Context) -> list[dict[str, Any]]:
    """Cohort leads now lost or dead, by reason, the stage they were lost from, owner or
    source (``ctx.by``): ``{"key", "leads", "value"}``, most leads first (stages in
    funnel order); ``key`` None for leads without that attribute."""
    by = ctx.by if ctx.by in LOST_BY else "reason"

    def query(lead: Any) -> Any:
        column = {
            "reason": lead.c.lost_reason,
            "stage": sa.func.coalesce(lead.c.lost_stage, lead.c.stage),
            "owner": lead.c.owner,
            "source": lead.c.source,
        }[by]
        return (
            sa.select(column, sa.func.count(), sa.func.coalesce(sa.func.sum(lead.c.value_cents), 0))
            .where(lead.c.state.in_((LOST, DEAD)), *ctx.cohort.where(lead))
            .group_by(column)
        )

    rows = [
        {
            "key": STAGES[key].key if by == "stage" and key is not None else key,
            "leads": int(n),
            "value": to_number(int(cents)),
        }
        for key, n, cents in ctx.grouped(conn, query, sums=2)
    ]
    if by == "stage":
        order = [s.key for s in STAGES]
        rows.sort(key=lambda r: order.index(r["key"]))
    else:
        rows.sort(key=lambda r: (-r["leads"], r["key"] is None, r["key"] or ""))
    return rows


def calibrate(conn: Connection, ctx: Context) -> dict[str, Any]:
    """Per open stage: the configured probability against the share of the decided
    cohort leads that reached the stage (won = reached formal; lost or dead) that won,
    with its 95 % Wilson interval."""
    from funnel.config import OPEN_STAGE_KEYS
    from funnel.domain.calibration import calibrations

    decided = sa.or_(LEAD.c.highest_stage >= FORMAL, LEAD.c.state.in_((LOST, DEAD)))
    query = (
        sa.select(LEAD.c.highest_stage, sa.func.count())
        .where(decided, *ctx.cohort.where())
        .group_by(LEAD.c.highest_stage)
    )
    counts = {int(top): int(n) for top, n in conn.execute(query)}
    won = counts.pop(FORMAL, 0)
    rows = calibrations(counts, won, ctx.settings.probabilities, OPEN_STAGE_KEYS)
    return {"stages": [r.as_dict() for r in rows]}
