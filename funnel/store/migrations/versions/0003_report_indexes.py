"""Cheap reports: covering indexes for every report, the lead's creation day on stays.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stay", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lead_created_on", sa.Date(), nullable=True))
    lead = sa.table("lead", sa.column("id", sa.Integer), sa.column("created_on", sa.Date))
    stay = sa.table("stay", sa.column("lead_id", sa.Integer), sa.column("lead_created_on", sa.Date))
    op.execute(
        stay.update().values(
            lead_created_on=(
                sa.select(lead.c.created_on).where(lead.c.id == stay.c.lead_id).scalar_subquery()
            )
        )
    )
    with op.batch_alter_table("stay", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stay_days", ["forward", "stage", "lead_created_on", "days", "lead_id"], unique=False
        )
    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.create_index(
            "ix_lead_funnel",
            ["state", "stage", "highest_stage", "lost_stage", "value_cents", "created_on"],
            unique=False,
        )
        batch_op.create_index("ix_lead_lost_reason", ["state", "lost_reason"], unique=False)
        batch_op.create_index(
            "ix_lead_source_won",
            ["source", "highest_stage", "value_cents", "created_on"],
            unique=False,
        )
        batch_op.create_index(
            "ix_lead_owner_won",
            ["owner", "highest_stage", "value_cents", "created_on"],
            unique=False,
        )
        batch_op.create_index("ix_lead_won_on", ["won_on", "created_on"], unique=False)
        batch_op.create_index("ix_lead_lost_on", ["lost_on", "state", "created_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lead", schema=None) as batch_op:
        for name in (
            "ix_lead_lost_on",
            "ix_lead_won_on",
            "ix_lead_owner_won",
            "ix_lead_source_won",
            "ix_lead_lost_reason",
        ):
            batch_op.drop_index(name)
        batch_op.drop_index("ix_lead_funnel")
    with op.batch_alter_table("stay", schema=None) as batch_op:
        batch_op.drop_index("ix_stay_days")
        batch_op.drop_column("lead_created_on")
