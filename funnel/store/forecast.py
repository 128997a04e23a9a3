"""Forecast and goals in the store: the ``forecast`` and ``goals`` reports (grouped in
SQL, one row per period and stage), and the goals themselves (set, list, delete).

The definitions are in ``funnel.domain.forecast``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from funnel.domain import forecast as rules
from funnel.domain.leads import ACTIVE
from funnel.domain.money import to_number
from funnel.domain.stages import Stage
from funnel.errors import NotFound
from funnel.i18n import t
from funnel.store import schema

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.engine import Connection

    from funnel.store.reports import Context

LEAD, GOAL = schema.LEAD, schema.GOAL
# The open stages as a list, not a range: each is one seek in ix_lead_close.
OPEN_STAGES = [int(s) for s in Stage if s < Stage.FORMAL]


def _bucket(column: Any, periods: Sequence[rules.Period]) -> Any:
    """The label of the period a date column falls in (NULL outside them), in SQL."""
    return sa.case(
        *((sa.and_(column >= p.start, column < p.end), p.label) for p in periods), else_=None
    )


def _won(conn: Connection, periods: Sequence[rules.Period], ctx: Context) -> dict[str, int]:
    """Per period, the value of the leads that first reached formal in it."""

    def query(lead: Any) -> Any:
        bucket = _bucket(lead.c.won_on, periods).label("period")
        return (
            sa.select(bucket, sa.func.count(), sa.func.sum(lead.c.value_cents))
            .where(
                lead.c.won_on >= periods[0].start,
                lead.c.won_on < periods[-1].end,
                *ctx.cohort.where(lead),
            )
            .group_by(bucket)
        )

    return {label: int(cents or 0) for label, _n, cents in ctx.grouped(conn, query, sums=2)}


def _open(
    conn: Connection, periods: Sequence[rules.Period], ctx: Context
) -> dict[str, list[tuple[int, int, int]]]:
    """Per period, (stage, leads, value) of the active open leads expected to close in it."""

    def query(lead: Any) -> Any:
        bucket = _bucket(lead.c.close_on, periods).label("period")
        return (
            sa.select(bucket, lead.c.stage, sa.func.count(), sa.func.sum(lead.c.value_cents))
            .where(
                lead.c.state == ACTIVE,
                lead.c.stage.in_(OPEN_STAGES),
                lead.c.close_on >= periods[0].start,
                lead.c.close_on < periods[-1].end,
                *ctx.cohort.where(lead),
            )
            .group_by(bucket, lead.c.stage)
        )

    out: dict[str, list[tuple[int, int, int]]] = {}
    for label, stage, count, cents in ctx.grouped(conn, query, sums=2):
        out.setdefault(label, []).append((int(stage), int(count), int(cents or 0)))
    return out


def _figures(rows: Sequence[tuple[int, int, int]], probabilities: Any) -> dict[str, Any]:
    weighted = Decimal(0)
    commit = best = leads = 0
    for stage, count, cents in rows:
        leads += count
        weighted += rules.weighted_cents(stage, cents, probabilities)
        in_commit, in_best = rules.commits(stage)
        commit += cents if in_commit else 0
        best += cents if in_best else 0
    return {
        "commit": to_number(commit),
        "best_case": to_number(best),
        "weighted": to_number(rules.whole_cents(weighted)),
        "leads": leads,
    }


def forecast(conn: Connection, ctx: Context) -> dict[str, Any]:
    """Per month or quarter from today's: won, commit, best case, weighted, leads; then
    the slipped leads and those without an expected close date."""
    periods = rules.periods_from(ctx.today, ctx.by, ctx.periods)
    won = _won(conn, periods, ctx)
    open_ = _open(conn, periods, ctx)
    probabilities = ctx.settings.probabilities
    rows = [
        {
            "period": p.label,
            "won": to_number(won.get(p.label, 0)),
            **_figures(open_.get(p.label, []), probabilities),
        }
        for p in periods
    ]

    # One query per bucket: "close_on IS NULL OR close_on < today" grouped by a CASE
    # miscounts on SQLite 3.40 when ix_lead_close is used. Grouped by the state (all
    # active: one row) so that --as-of rebuilds them like every other figure.
    def bucket(which: Any) -> Any:
        def query(lead: Any) -> Any:
            return (
                sa.select(lead.c.state, sa.func.count(), sa.func.sum(lead.c.value_cents))
                .where(
                    lead.c.state == ACTIVE,
                    lead.c.stage.in_(OPEN_STAGES),
                    which(lead.c.close_on),
                    *ctx.cohort.where(lead),
                )
                .group_by(lead.c.state)
            )

        found = ctx.grouped(conn, query, sums=2)
        return (sum(int(n) for _s, n, _c in found), sum(int(c or 0) for _s, _n, c in found))

    slipped = bucket(lambda close_on: close_on < ctx.today)
    undated = bucket(lambda close_on: close_on.is_(None))
    return {
        "periods": rows,
        "slipped": {"leads": int(slipped[0]), "value": to_number(int(slipped[1]))},
        "no_close_date": {"leads": int(undated[0]), "value": to_number(int(undated[1]))},
    }


# --- goals ----------------------------------------------------------------------------------


def _same_goal(period: str, owner: str | None) -> list[Any]:
    return [
        GOAL.c.period == period,
        GOAL.c.owner.is_(None) if owner is None else GOAL.c.owner == owner,
    ]


def set_goal(conn: Connection, period: rules.Period, owner: str | None, target_cents: int) -> bool:
    """The target of ``period`` for ``owner`` (None: the team); True when it replaced one."""
    found = conn.execute(sa.select(GOAL.c.id).where(*_same_goal(period.label, owner))).scalar()
    if found is None:
        conn.execute(
            GOAL.insert().values(period=period.label, owner=owner, target_cents=target_cents)
        )
        return False
    conn.execute(GOAL.update().where(GOAL.c.id == found).values(target_cents=target_cents))
    return True


def delete_goal(conn: Connection, period: rules.Period, owner: str | None) -> None:
    gone = conn.execute(GOAL.delete().where(*_same_goal(period.label, owner)))
    if not gone.rowcount:
        who = owner if owner is not None else t("goal.team")
        raise NotFound(t("err.no_goal", period=period.label, owner=who))


def _goal_rows(conn: Connection, *, period: str | None, owner: str | None) -> list[Any]:
    query = sa.select(GOAL.c.period, GOAL.c.owner, GOAL.c.target_cents)
    if period is not None:
        query = query.where(GOAL.c.period == period)
    if owner is not None:
        query = query.where(GOAL.c.owner == owner)
    return sorted(
        conn.execute(query),
        key=lambda r: (rules.parse_period(r.period).sort_key, r.owner is not None, r.owner or ""),
    )


def goals(
    conn: Connection, *, period: str | None = None, owner: str | None = None
) -> list[dict[str, Any]]:
    """Every goal (or those of exactly ``period``, of ``owner``), in calendar order — a
    year, then its first quarter, then that quarter's months… — the team's first:
    ``{"period", "owner", "target"}``."""
    return [
        {"period": r.period, "owner": r.owner, "target": to_number(r.target_cents)}
        for r in _goal_rows(conn, period=period, owner=owner)
    ]


def goals_report(conn: Connection, ctx: Context) -> list[dict[str, Any]]:
    """Each goal with won, gap, the weighted open pipeline expected to close in its
    period, and coverage. ``--period`` keeps the goals of exactly that period;
    ``--owner`` that owner's."""
    period = rules.parse_period(ctx.period).label if ctx.period else None
    probabilities = ctx.settings.probabilities
    out = []
    for goal in _goal_rows(conn, period=period, owner=ctx.cohort.owner):
        span = rules.parse_period(goal.period)
        whose = [] if goal.owner is None else [LEAD.c.owner == goal.owner]
        won = conn.execute(
            sa.select(sa.func.sum(LEAD.c.value_cents)).where(
                LEAD.c.won_on >= span.start, LEAD.c.won_on < span.end, *whose
            )
        ).scalar()
        weighted = sum(
            (
                rules.weighted_cents(stage, int(cents or 0), probabilities)
                for stage, cents in conn.execute(
                    sa.select(LEAD.c.stage, sa.func.sum(LEAD.c.value_cents))
                    .where(
                        LEAD.c.state == ACTIVE,
                        LEAD.c.stage.in_(OPEN_STAGES),
                        LEAD.c.close_on >= span.start,
                        LEAD.c.close_on < span.end,
                        *whose,
                    )
                    .group_by(LEAD.c.stage)
                )
            ),
            Decimal(0),
        )
        won_cents, open_cents = int(won or 0), rules.whole_cents(weighted)
        gap = rules.gap_cents(goal.target_cents, won_cents)
        out.append(
            {
                "period": goal.period,
                "owner": goal.owner,
                "target": to_number(goal.target_cents),
                "won": to_number(won_cents),
                "gap": to_number(gap),
                "weighted_open": to_number(open_cents),
                "coverage": rules.coverage(open_cents, gap),
            }
        )
    return out
