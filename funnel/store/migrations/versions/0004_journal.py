"""The journal: changes, the rows each one wrote, and the triggers that record them.

Existing stores start with an empty journal.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from funnel.store.journal import create_triggers

    op.create_table(
        "change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("user", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("command", sa.Text(), nullable=False),
        sa.Column("undoes", sa.Integer(), nullable=True),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "change_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("tbl", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("op", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["change_id"], ["change.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_change_row_change_id", "change_row", ["change_id"], unique=False)
    op.create_index("ix_change_row_lead", "change_row", ["lead_id", "change_id"], unique=False)
    op.create_table(
        "journal_now",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    if op.get_bind().dialect.name == "sqlite":  # ids never reused (PostgreSQL's never are)
        for table in ("lead", "event", "stay", "payment", "orders", "activity"):
            with op.batch_alter_table(
                table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
            ):
                pass
    create_triggers(op.get_bind())


def downgrade() -> None:
    from funnel.store.journal import drop_triggers

    drop_triggers(op.get_bind())
    op.drop_table("journal_now")
    op.drop_index("ix_change_row_lead", table_name="change_row")
    op.drop_index("ix_change_row_change_id", table_name="change_row")
    op.drop_table("change_row")
    op.drop_table("change")
