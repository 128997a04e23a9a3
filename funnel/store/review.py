"""The Monday review: what changed since a day, from the leads' history. Returns data;
``funnel.views.review`` prints it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from funnel.domain import reports as maths
from funnel.domain.choices import ACTIVE, DEAD, LOST
from funnel.domain.money import to_number
from funnel.domain.stages import STAGES, Stage
from funnel.store.asof import grouped_as_of
from funnel.store.schema import EVENT, LEAD

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

OPEN = [int(s) for s in STAGES if s < Stage.FORMAL]


def _pipeline(lead: Any) -> Any:
    """The active open leads' count and value per stage."""
    return (
        sa.select(
            lead.c.stage, sa.func.count(), sa.func.coalesce(sa.func.sum(lead.c.value_cents), 0)
        )
        .where(lead.c.state == ACTIVE, lead.c.stage.in_(OPEN))
        .group_by(lead.c.stage)
    )


def _weighted(rows: Any, probabilities: dict[str, float]) -> Any:
    """Σ value × probability over (stage, leads, cents) rows."""
    values = {int(stage): int(cents) for stage, _n, cents in rows}
    return to_number(maths.weighted_cents(values, probabilities))


def _moves(conn: Connection, start: datetime) -> dict[str, list[dict[str, Any]]]:
    """Moves since ``start`` by (from, to): the number of leads that made each."""
    query = (
        sa.select(EVENT.c.old, EVENT.c.new, sa.func.count(sa.distinct(EVENT.c.lead_id)))
        .where(EVENT.c.kind == "move", EVENT.c.at >= start)
        .group_by(EVENT.c.old, EVENT.c.new)
    )
    rank = {s.key: int(s) for s in STAGES}
    out: dict[str, list[dict[str, Any]]] = {"forward": [], "back": []}
    for old, new, leads in conn.execute(query):
        if old not in rank or new not in rank:
            continue
        way = "forward" if rank[new] > rank[old] else "back"
        out[way].append({"from": old, "to": new, "leads": int(leads)})
    for entries in out.values():
        entries.sort(key=lambda e: (rank[e["from"]], rank[e["to"]]))
    return out


def _counted(rows: Any) -> dict[str, int]:
    """``{name: leads}``, most first; leads without a name under ''."""
    pairs = sorted(((name or "", int(n)) for name, n in rows), key=lambda p: (-p[1], p[0]))
    out: dict[str, int] = {}
    for name, n in pairs:
        out[name] = out.get(name, 0) + n
    return out


def review(
    conn: Connection, *, since: date, now: datetime, probabilities: dict[str, float]
) -> dict[str, Any]:
    """What changed from the start of ``since`` (its events count) to ``now``.

    new: leads created since, by source; moves: leads per (from, to) move, forward and
    back; won: leads that first reached formal since, and their value; lost: leads that
    went from active to lost or dead since and are not active again (dead counts as
    lost), their value and reasons; weighted pipeline at the end of the day before
    ``since`` (rebuilt from the history) and now; postponed: leads whose follow-up was
    moved to a later day twice or more since."""
    start = datetime.combine(since, time()).astimezone()
    new = (
        sa.select(LEAD.c.source, sa.func.count())
        .where(LEAD.c.created_on >= since)
        .group_by(LEAD.c.source)
    )
    by_source = _counted(conn.execute(new))
    won_row = conn.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(LEAD.c.value_cents), 0)).where(
            LEAD.c.won_on >= since
        )
    ).one()
    went = sa.select(EVENT.c.lead_id).where(
        EVENT.c.kind == "state",
        EVENT.c.at >= start,
        EVENT.c.old == ACTIVE,
        EVENT.c.new.in_((LOST, DEAD)),
    )
    lost_now = sa.and_(LEAD.c.state.in_((LOST, DEAD)), LEAD.c.id.in_(went))
    lost_row = conn.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(LEAD.c.value_cents), 0)).where(
            lost_now
        )
    ).one()
    reasons = (
        sa.select(LEAD.c.lost_reason, sa.func.count()).where(lost_now).group_by(LEAD.c.lost_reason)
    )
    later = sa.and_(
        EVENT.c.kind == "follow",
        EVENT.c.field == "next_follow_up",
        EVENT.c.at >= start,
        EVENT.c.old.is_not(None),
        EVENT.c.new.is_not(None),
        EVENT.c.new > EVENT.c.old,  # ISO dates: text order is date order
    )
    postponed = conn.execute(
        sa.select(EVENT.c.lead_id)
        .where(later)
        .group_by(EVENT.c.lead_id)
        .having(sa.func.count() >= 2)
        .order_by(EVENT.c.lead_id)
    ).scalars()
    then = grouped_as_of(conn, since - timedelta(days=1), _pipeline, sums=2)
    return {
        "since": since.isoformat(),
        "new": {"total": sum(by_source.values()), "by_source": by_source},
        "moves": _moves(conn, start),
        "won": {"leads": int(won_row[0]), "value": to_number(int(won_row[1]))},
        "lost": {
            "leads": int(lost_row[0]),
            "value": to_number(int(lost_row[1])),
            "by_reason": _counted(conn.execute(reasons)),
        },
        "weighted_pipeline": {
            "then": _weighted(then, probabilities),
            "now": _weighted(conn.execute(_pipeline(LEAD)), probabilities),
        },
        "postponed": [int(i) for i in postponed],
    }
