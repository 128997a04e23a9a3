"""The schema: Alembic's revisions agree with the models, and revision 0002 fills in the
day each lost lead was lost, from its history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa


def test_upgrade_backfills_lost_on(tmp_path: Path) -> None:
    from alembic import command

    from funnel.store import schema
    from funnel.store.engine import alembic_config, open_store

    st = open_store(str(tmp_path / "old.db"), migrate=False)
    with st.write() as conn:
        command.upgrade(alembic_config(conn), "0001")
    at = "2026-03-01 09:00:00.000000"
    base = {
        "name": "x",
        "value_cents": 0,
        "paid_cents": 0,
        "stage": 1,
        "highest_stage": 1,
        "fields": "{}",
        "created_at": at,
        "created_on": "2026-03-01",
        "updated_at": at,
        "touched_at": at,
        "stage_entered_at": at,
    }
    lead = sa.table("lead", *(sa.column(k) for k in ("id", "state", *base)))
    event = sa.table("event", *(sa.column(k) for k in ("lead_id", "at", "kind", "new", "forced")))

    def moment(day: int) -> str:  # noon UTC: the same local day in nearly every zone
        return f"2026-03-{day:02d} 12:00:00.000000"

    with st.write() as conn:
        conn.execute(
            lead.insert(),
            [
                {**base, "id": 1, "state": "lost"},
                {**base, "id": 2, "state": "dead"},
                {**base, "id": 3, "state": "active"},
            ],
        )
        conn.execute(
            event.insert(),
            [
                # lead 1: lost on the 2nd, reopened on the 3rd, lost again on the 5th
                {"lead_id": 1, "at": moment(2), "kind": "state", "new": "lost", "forced": False},
                {"lead_id": 1, "at": moment(3), "kind": "state", "new": "active", "forced": False},
                {"lead_id": 1, "at": moment(5), "kind": "state", "new": "lost", "forced": False},
                # lead 2: lost on the 4th, then dead on the 9th: lost since the 4th
                {"lead_id": 2, "at": moment(4), "kind": "state", "new": "lost", "forced": False},
                {"lead_id": 2, "at": moment(9), "kind": "state", "new": "dead", "forced": False},
                {"lead_id": 3, "at": moment(6), "kind": "state", "new": "lost", "forced": False},
                {"lead_id": 3, "at": moment(7), "kind": "state", "new": "active", "forced": False},
            ],
        )
    st.close()
    st = open_store(str(tmp_path / "old.db"))
    with st.read() as conn:
        rows = dict(conn.execute(sa.select(schema.LEAD.c.id, schema.LEAD.c.lost_on)).all())
    st.close()
    assert rows == {1: date(2026, 3, 5), 2: date(2026, 3, 4), 3: None}


def test_migrations_head_constant_matches_the_revisions() -> None:
    from funnel.store.engine import known_revisions
    from funnel.store.migrations import HEAD

    assert known_revisions()[0] == HEAD


def test_schema_from_migrations_matches_the_models(tmp_path: Path) -> None:
    """Alembic's autogenerate finds nothing to add: models and migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from funnel.store.engine import open_store

    st = open_store(str(tmp_path / "schema.db"))
    with st.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    st.close()
    assert diff == []


def test_a_migration_that_rebuilds_the_lead_table_keeps_every_child_row(tmp_path: Path) -> None:
    """SQLite rebuilds a table to drop a column; with foreign keys on, dropping the old
    lead table would cascade-delete all history, stays, money and tags. Migrations run
    with them off (and checked before the commit)."""
    from alembic import command

    from funnel.domain.stages import Stage
    from funnel.store import history, leads, schema
    from funnel.store.engine import alembic_config, migration, open_store, upgrade
    from tests.harness import at

    st = open_store(str(tmp_path / "rebuilt.db"))
    with st.write() as conn:
        lid = leads.add_lead(
            conn, {"name": "Ann", "value": 100_00, "tags": ["vip"]}, now=at("2026-01-02")
        )
        history.set_contract(conn, lid, on=date(2026, 1, 3), now=at("2026-01-03"))
        history.add_payment(conn, lid, 100_00, on=date(2026, 1, 4), now=at("2026-01-04"))
        history.move_lead(conn, lid, Stage.FORMAL, now=at("2026-01-04"))

    def counts() -> dict[str, int]:
        with st.read() as conn:
            return {
                t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for t in (schema.EVENT, schema.STAY, schema.PAYMENT, schema.ORDER, schema.TAG)
            }

    before = counts()
    assert all(before.values())
    with migration(st) as conn:
        command.downgrade(alembic_config(conn), "0001")  # 0002's downgrade rebuilds `lead`
    assert counts() == before
    upgrade(st)
    assert counts() == before
    st.close()
