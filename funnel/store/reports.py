"""Report queries: the aggregates run as SQL, the maths is finished in ``domain.reports``.
Each query is ``(conn, Context) -> data``; ``funnel.cli.report`` pairs it with its view.

Every query groups in the database and returns a handful of rows (per stage,
per day, per source…); only the customer reports return one row per customer,
because they list every customer. Queries are portable SQLAlchemy Core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from funnel.domain import reports as maths
from funnel.domain.leads import DEAD, LOST
from funnel.domain.money import to_number
from funnel.domain.stages import STAGES, Stage
from funnel.store import schema

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


def customers(conn: Connection, ctx: Context) -> list[maths.Customer]:
    """Cohort leads with orders: revenue, order count, first and last order (summed in SQL)."""
    query = (
        sa.select(
            LEAD.c.id,
            LEAD.c.name,
            sa.func.sum(ORDER.c.amount_cents),
            sa.func.count(ORDER.c.id),
            sa.func.min(ORDER.c.ordered_on),
            sa.func.max(ORDER.c.ordered_on),
        )
        .join_from(ORDER, LEAD, ORDER.c.lead_id == LEAD.c.id)
        .where(ORDER.c.void_at.is_(None), *ctx.cohort.where())
        .group_by(LEAD.c.id, LEAD.c.name)
    )
    return maths.by_revenue(
        [
            maths.Customer(
                id=i,
                name=n,
                revenue_cents=int(rev),
                orders=int(cnt),
                first_order=first,
                last_order=last,
            )
            for i, n, rev, cnt, first, last in conn.execute(query)
        ]
    )


def _customer(c: maths.Customer, **extra: Any) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "revenue": to_number(c.revenue_cents),
        "orders": c.orders,
        "first_order": c.first_order.isoformat(),
        "last_order": c.last_order.isoformat(),
        **extra,
    }


def _groups(
    key: str, names: tuple[str, ...], custs: list[maths.Customer], label: dict[int, str]
) -> list[dict[str, Any]]:
    """Customers and revenue per group, each group's share of all revenue."""
    total = sum(c.revenue_cents for c in custs)
    out = []
    for name in names:
        members = [c for c in custs if label[c.id] == name]
        cents = sum(c.revenue_cents for c in members)
        out.append(
            {
                key: name,
                "customers": len(members),
                "revenue": to_number(cents),
                "share": maths.ratio(cents, total),
            }
        )
    return out


def abc(conn: Connection, ctx: Context) -> dict[str, Any]:
    """A/B/C by revenue rank with each class's share of revenue."""
    custs = customers(conn, ctx)
    shares = ctx.settings.abc
    classes = maths.abc_classes(custs, shares["a"], shares["b"])
    return {
        "customers": [_customer(c, **{"class": classes[c.id]}) for c in custs],
        "classes": _groups("class", maths.ABC_CLASSES, custs, classes),
    }


def rfm(conn: Connection, ctx: Context) -> dict[str, Any]:
    """Recency, frequency and monetary scores 1–5 by quintile, and a segment name."""
    custs = customers(conn, ctx)
    scores = maths.rfm_scores(custs, today=ctx.today)
    segment = {cid: maths.rfm_segment(*rfm_) for cid, rfm_ in scores.items()}
    return {
        "customers": [
            _customer(
                c, r=scores[c.id][0], f=scores[c.id][1], m=scores[c.id][2], segment=segment[c.id]
            )
            for c in custs
        ],
        "segments": _groups("segment", maths.SEGMENTS, custs, segment),
    }


def loyalty(conn: Connection, ctx: Context) -> dict[str, Any]:
    """first-time, repeat and loyal customers."""
    custs = customers(conn, ctx)
    silent = ctx.settings.lifecycle["silent_days"]
    tier = {
        c.id: maths.loyalty_tier(c.orders, (ctx.today - c.last_order).days, silent_days=silent)
        for c in custs
    }
    return {
        "customers": [_customer(c, tier=tier[c.id]) for c in custs],
        "tiers": _groups("tier", maths.TIERS, custs, tier),
    }


def lifecycle(conn: Connection, ctx: Context) -> dict[str, Any]:
    """new, active, silent and lost customers by days since their first and last order."""
    custs = customers(conn, ctx)
    life = ctx.settings.lifecycle
    phase = {
        c.id: maths.lifecycle_phase(
            (ctx.today - c.first_order).days, (ctx.today - c.last_order).days, **life
        )
        for c in custs
    }
    return {
        "customers": [_customer(c, phase=phase[c.id]) for c in custs],
        "phases": _groups("phase", maths.PHASES, custs, phase),
    }


def matrix(conn: Connection, ctx: Context) -> dict[str, Any]:
    """Revenue × loyalty (order count) quadrants, split at the medians."""
    custs = customers(conn, ctx)
    med_rev = maths.median([c.revenue_cents for c in custs])
    med_orders = maths.median([c.orders for c in custs])
    quad = {
        c.id: maths.quadrant(
            c.revenue_cents, c.orders, median_revenue=med_rev or 0, median_orders=med_orders or 0
        )
        for c in custs
    }
    groups = _groups("quadrant", maths.QUADRANTS, custs, quad)
    for group in groups:
        group["relationship"] = maths.RELATIONSHIP[group["quadrant"]]
    return {
        "customers": [_customer(c, quadrant=quad[c.id]) for c in custs],
        "quadrants": groups,
        "median_revenue": None if med_rev is None else to_number(round(med_rev)),
        "median_orders": med_orders,
    }


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
