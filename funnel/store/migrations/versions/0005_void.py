"""Void: a payment, order or interaction recorded by mistake stays, marked void (why,
when, by whom), and no longer counts anywhere.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLES = ("payment", "orders", "activity")


def upgrade() -> None:
    from funnel.store.journal import create_triggers

    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("void_reason", sa.Text(), nullable=True))
            batch_op.add_column(
                sa.Column("void_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
            )
            batch_op.add_column(
                sa.Column("void_user", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
            )
    create_triggers(op.get_bind())  # the SQLite triggers list every column


def downgrade() -> None:
    from funnel.store.journal import create_triggers

    for table in TABLES:
        with op.batch_alter_table(table, table_kwargs={"sqlite_autoincrement": True}) as batch_op:
            batch_op.drop_column("void_user")
            batch_op.drop_column("void_at")
            batch_op.drop_column("void_reason")
    create_triggers(op.get_bind())
