"""The day a lead was lost, for the trend report; filled in for leads lost before.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lost_on", sa.Date(), nullable=True))
    _backfill()


def _backfill() -> None:
    """lost_on = the local day of the state change that made each lost or dead lead lost
    (the first one since it was last reopened), read from its history."""
    conn = op.get_bind()
    lead = sa.table(
        "lead",
        sa.column("id", sa.Integer),
        sa.column("state", sa.String),
        sa.column("lost_on", sa.Date),
    )
    event = sa.table(
        "event",
        sa.column("lead_id", sa.Integer),
        sa.column("at", sa.DateTime),
        sa.column("kind", sa.String),
        sa.column("new", sa.String),
    )
    query = (
        sa.select(event.c.lead_id, event.c.new, event.c.at)
        .join_from(event, lead, event.c.lead_id == lead.c.id)
        .where(lead.c.state.in_(("lost", "dead")), event.c.kind == "state")
        .order_by(event.c.lead_id, event.c.at)
    )
    lost_on: dict[int, object] = {}
    for lead_id, new, at in conn.execute(query):
        if new == "active":
            lost_on.pop(lead_id, None)
        elif lead_id not in lost_on:
            lost_on[lead_id] = _local_day(at)
    if lost_on:
        conn.execute(
            lead.update()
            .where(lead.c.id == sa.bindparam("lid"))
            .values(lost_on=sa.bindparam("day")),
            [{"lid": k, "day": v} for k, v in lost_on.items()],
        )


def _local_day(at: object) -> object:
    if isinstance(at, str):  # SQLite without type information hands back text
        at = datetime.fromisoformat(at)
    assert isinstance(at, datetime)
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return at.astimezone().date()


def downgrade() -> None:
    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.drop_column("lost_on")
