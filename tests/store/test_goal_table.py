"""The goal table: one goal per period and owner, the team's (owner NULL) included,
on both engines (NULLs are never equal in a plain unique index)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa

if TYPE_CHECKING:
    from funnel.store.engine import Store


def test_one_goal_per_period_and_owner_the_team_included(store: Store) -> None:
    from funnel.errors import StoreError
    from funnel.store.schema import GOAL

    with store.write() as conn:
        conn.execute(
            GOAL.insert(),
            [
                {"period": "2026-Q4", "owner": None, "target_cents": 100},
                {"period": "2026-Q4", "owner": "li", "target_cents": 200},
                {"period": "2026-12", "owner": None, "target_cents": 300},
            ],
        )
    for owner in (None, "li"):
        with pytest.raises(StoreError, match="UNIQUE|unique"), store.write() as conn:
            conn.execute(GOAL.insert().values(period="2026-Q4", owner=owner, target_cents=1))
    with store.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(GOAL)).scalar() == 3


def test_upgrading_to_0007_keeps_leads_and_journals_the_close_date(tmp_path: Path) -> None:
    """A store of revision 0006 gains lead.close_on (empty) and the goal table, and the
    journal's triggers, rebuilt by the migration, keep the new column too."""
    from alembic import command

    from funnel.store import schema
    from funnel.store.engine import alembic_config, open_store

    path = str(tmp_path / "old.db")
    st = open_store(path, migrate=False)
    with st.write() as conn:
        command.upgrade(alembic_config(conn), "0006")
    at = "2026-03-01 09:00:00.000000"
    row = {
        "id": 1,
        "name": "Ann",
        "state": "active",
        "value_cents": 500,
        "paid_cents": 0,
        "stage": 2,
        "highest_stage": 2,
        "fields": "{}",
        "created_at": at,
        "created_on": "2026-03-01",
        "updated_at": at,
        "touched_at": at,
        "stage_entered_at": at,
    }
    with st.write() as conn:
        conn.execute(sa.table("lead", *(sa.column(k) for k in row)).insert(), [row])
    st.close()
    st = open_store(path)
    with st.read() as conn:
        lead = conn.execute(sa.select(schema.LEAD)).mappings().one()
        trigger = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'journal_lead_u'"
        ).scalar_one()
        goals = conn.execute(sa.select(sa.func.count()).select_from(schema.GOAL)).scalar()
    st.close()
    assert (lead["name"], lead["value_cents"], lead["close_on"]) == ("Ann", 500, None)
    assert "close_on" in trigger and goals == 0
