"""Phones compared without China's country code: ``phone_norm`` recomputed, so that
'+86 139-1000-2000' and '139 1000 2000' are one number in stores written before.

The rule lives in Python (``normalize_phone``), so the rows are read and rewritten in
batches, the same on SQLite and PostgreSQL. No change is open: the journal records
nothing, and undo never goes back to the old copies.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 1000
LEAD = sa.table("lead", sa.column("id", sa.Integer), sa.column("phone"), sa.column("phone_norm"))


def _rewrite(normalise: object) -> None:
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.select(LEAD.c.id, LEAD.c.phone, LEAD.c.phone_norm)
            .where(LEAD.c.id > last, LEAD.c.phone.is_not(None))
            .order_by(LEAD.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        changed = [
            {"key": id_, "norm": norm}
            for id_, phone, old in rows
            if (norm := normalise(phone)) != old  # type: ignore[operator]
        ]
        if changed:
            conn.execute(
                LEAD.update().where(LEAD.c.id == sa.bindparam("key")),
                [{"key": c["key"], "phone_norm": c["norm"]} for c in changed],
            )
        last = rows[-1][0]


def upgrade() -> None:
    from funnel.domain.leads import normalize_phone

    _rewrite(normalize_phone)


def downgrade() -> None:
    import re

    _rewrite(lambda phone: re.sub(r"\D", "", phone) or None)
