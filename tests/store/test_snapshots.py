"""A read sees one snapshot of the store: a report's queries add up even while other
commands commit (SQLite's read transaction; PostgreSQL's REPEATABLE READ)."""

from __future__ import annotations

import sqlalchemy as sa

from funnel.store import leads
from funnel.store.engine import Store
from funnel.store.schema import LEAD
from tests.harness import at


def count(conn: sa.engine.Connection) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(LEAD)).scalar_one()


def test_a_read_does_not_see_what_commits_after_it_began(store: Store) -> None:
    with store.write() as conn:
        leads.add_lead(conn, {"name": "Ann"}, now=at("2026-01-02"))
    with store.read() as reading:
        assert count(reading) == 1
        with store.write() as conn:
            leads.add_lead(conn, {"name": "Bob"}, now=at("2026-01-03"))
        assert count(reading) == 1  # still the store as the read found it
    with store.read() as reading:
        assert count(reading) == 2
