"""Baseline schema: leads, tags, history events, stage stays, payments, orders, activities.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 11:20:03.324639
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lead",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("company", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("phone_norm", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("email_norm", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("wechat", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("persona", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("value_cents", sa.BigInteger(), nullable=False),
        sa.Column("paid_cents", sa.BigInteger(), nullable=False),
        sa.Column("stage", sa.SmallInteger(), nullable=False),
        sa.Column("highest_stage", sa.SmallInteger(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("contract_sent_on", sa.Date(), nullable=True),
        sa.Column("next_follow_up", sa.Date(), nullable=True),
        sa.Column("follow_note", sa.Text(), nullable=True),
        sa.Column("lost_reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("lost_stage", sa.SmallInteger(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("touched_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("stage_entered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("won_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_created_on"), ["created_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_lead_email_norm"), ["email_norm"], unique=False)
        batch_op.create_index("ix_lead_follow_up", ["state", "next_follow_up"], unique=False)
        batch_op.create_index(batch_op.f("ix_lead_owner"), ["owner"], unique=False)
        batch_op.create_index(batch_op.f("ix_lead_phone_norm"), ["phone_norm"], unique=False)
        batch_op.create_index(batch_op.f("ix_lead_source"), ["source"], unique=False)
        batch_op.create_index("ix_lead_state_stage", ["state", "stage"], unique=False)

    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["lead.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_lead_id"), ["lead_id"], unique=False)

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["lead.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_lead_id"), ["lead_id"], unique=False)

    op.create_table(
        "lead_tag",
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("tag", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["lead.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("lead_id", "tag"),
    )
    with op.batch_alter_table("lead_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_tag_tag"), ["tag"], unique=False)

    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("ordered_on", sa.Date(), nullable=False),
        sa.Column("won_deal", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["lead.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_lead_id"), ["lead_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_orders_ordered_on"), ["ordered_on"], unique=False)

    op.create_table(
        "payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["lead.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_lead_id"), ["lead_id"], unique=False)

    op.create_table(
        "stay",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.SmallInteger(), nullable=False),
        sa.Column("entered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("entered_on", sa.Date(), nullable=False),
        sa.Column("left_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("forward", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(["lead_id"], ["lead.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stay", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stay_lead_id"), ["lead_id"], unique=False)
        batch_op.create_index("ix_stay_stage_forward", ["stage", "forward"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stay", schema=None) as batch_op:
        batch_op.drop_index("ix_stay_stage_forward")
        batch_op.drop_index(batch_op.f("ix_stay_lead_id"))

    op.drop_table("stay")
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_lead_id"))

    op.drop_table("payment")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_ordered_on"))
        batch_op.drop_index(batch_op.f("ix_orders_lead_id"))

    op.drop_table("orders")
    with op.batch_alter_table("lead_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_tag_tag"))

    op.drop_table("lead_tag")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_lead_id"))

    op.drop_table("event")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_lead_id"))

    op.drop_table("activity")
    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.drop_index("ix_lead_state_stage")
        batch_op.drop_index(batch_op.f("ix_lead_source"))
        batch_op.drop_index(batch_op.f("ix_lead_phone_norm"))
        batch_op.drop_index(batch_op.f("ix_lead_owner"))
        batch_op.drop_index("ix_lead_follow_up")
        batch_op.drop_index(batch_op.f("ix_lead_email_norm"))
        batch_op.drop_index(batch_op.f("ix_lead_created_on"))

    op.drop_table("lead")
