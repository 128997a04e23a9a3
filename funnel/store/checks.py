"""What ``db check`` looks for beyond the database's own checks: the traces a write
applied against a stale read would leave, each naming the leads concerned."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from funnel.store.schema import ACTIVITY, EVENT, LEAD, ORDER, PAYMENT, STAY, TAG

SHOWN = 10  # lead ids named per finding; the rest are counted


def _open_stays(conn: Connection) -> list[int]:
    """Leads with no open stay or more than one (two moves from the same stage)."""
    open_ = (
        sa.select(STAY.c.lead_id, sa.func.count().label("n"))
        .where(STAY.c.left_at.is_(None))
        .group_by(STAY.c.lead_id)
        .subquery()
    )
    query = (
        sa.select(LEAD.c.id)
        .select_from(LEAD.outerjoin(open_, open_.c.lead_id == LEAD.c.id))
        .where(sa.func.coalesce(open_.c.n, 0) != 1)
    )
    return list(conn.execute(query).scalars())


def _stay_stage(conn: Connection) -> list[int]:
    """Leads whose open stay is not in the lead's stage."""
    query = (
        sa.select(LEAD.c.id)
        .join(STAY, STAY.c.lead_id == LEAD.c.id)
        .where(STAY.c.left_at.is_(None), STAY.c.stage != LEAD.c.stage)
    )
    return list(conn.execute(query.distinct()).scalars())


def _won_deals(conn: Connection) -> list[int]:
    """Leads with more than one won deal (two moves to formal at once)."""
    query = (
        sa.select(ORDER.c.lead_id)
        .where(ORDER.c.won_deal.is_(True), ORDER.c.void_at.is_(None))
        .group_by(ORDER.c.lead_id)
        .having(sa.func.count() > 1)
    )
    return list(conn.execute(query).scalars())


def _paid(conn: Connection) -> list[int]:
    """Leads whose ``paid`` is not the sum of their payments."""
    sums = (
        sa.select(PAYMENT.c.lead_id, sa.func.sum(PAYMENT.c.amount_cents).label("total"))
        .where(PAYMENT.c.void_at.is_(None))
        .group_by(PAYMENT.c.lead_id)
        .subquery()
    )
    query = (
        sa.select(LEAD.c.id)
        .select_from(LEAD.outerjoin(sums, sums.c.lead_id == LEAD.c.id))
        .where(LEAD.c.paid_cents != sa.func.coalesce(sums.c.total, 0))
    )
    return list(conn.execute(query).scalars())


def _highest(conn: Connection) -> list[int]:
    """Leads whose highest stage is below their stage or a stage they stayed in."""
    top = (
        sa.select(STAY.c.lead_id, sa.func.max(STAY.c.stage).label("top"))
        .group_by(STAY.c.lead_id)
        .subquery()
    )
    query = (
        sa.select(LEAD.c.id)
        .select_from(LEAD.outerjoin(top, top.c.lead_id == LEAD.c.id))
        .where(
            sa.or_(
                LEAD.c.highest_stage < LEAD.c.stage,
                LEAD.c.highest_stage < sa.func.coalesce(top.c.top, 0),
            )
        )
    )
    return list(conn.execute(query).scalars())


def _orphans(conn: Connection) -> list[int]:
    """Lead ids that history, stays, money, activities or tags still name after the lead
    itself was deleted."""
    found: set[int] = set()
    for table in (EVENT, STAY, PAYMENT, ORDER, ACTIVITY, TAG):
        query = sa.select(table.c.lead_id).where(table.c.lead_id.not_in(sa.select(LEAD.c.id)))
        found.update(conn.execute(query.distinct()).scalars())
    return sorted(found)


CHECKS: Sequence[tuple[str, Callable[[Connection], list[int]]]] = (
    ("open stays", _open_stays),
    ("stay and stage", _stay_stage),
    ("won deals", _won_deals),
    ("paid", _paid),
    ("highest stage", _highest),
    ("deleted leads", _orphans),
)


def named(ids: Sequence[int]) -> str:
    """'ok', or the leads concerned: ``2 leads: 12, 15``."""
    if not ids:
        return "ok"
    ids = sorted(ids)
    shown = ", ".join(str(i) for i in ids[:SHOWN])
    more = f", … (+{len(ids) - SHOWN})" if len(ids) > SHOWN else ""
    return f"{len(ids)} lead{'s' if len(ids) != 1 else ''}: {shown}{more}"


def consistency(conn: Connection) -> list[tuple[str, str]]:
    """(check, result) for every check above."""
    return [(name, named(find(conn))) for name, find in CHECKS]
