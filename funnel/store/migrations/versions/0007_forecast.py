"""Forecast and goals: the day a lead is expected to sign (``lead.close_on``), and the
sales targets (``goal``: one per period and owner, the team's owner NULL).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from funnel.store.journal import create_triggers

    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.add_column(sa.Column("close_on", sa.Date(), nullable=True))
    # the forecast and goals read open leads by stage and close date from this alone
    op.create_index(
        "ix_lead_close", "lead", ["state", "stage", "close_on", "value_cents"], unique=False
    )
    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("target_cents", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    # NULLs are never equal in a unique index: the team's goal (owner NULL) is unique
    # per period only if the index reads NULL as ''. The same on both engines.
    op.create_index(
        "ux_goal_period_owner",
        "goal",
        [sa.column("period"), sa.func.coalesce(sa.column("owner"), "")],
        unique=True,
    )
    create_triggers(op.get_bind())  # the SQLite triggers list every column


def downgrade() -> None:
    from funnel.store.journal import create_triggers, drop_triggers

    drop_triggers(op.get_bind())
    op.drop_index("ux_goal_period_owner", table_name="goal")
    op.drop_table("goal")
    op.drop_index("ix_lead_close", table_name="lead")
    with op.batch_alter_table("lead", table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.drop_column("close_on")
    create_triggers(op.get_bind())
