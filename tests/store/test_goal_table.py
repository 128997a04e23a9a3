"""The goal table: one goal per period and owner, the team's (owner NULL) included,
on both engines (NULLs are never equal in a plain unique index)."""

from __future__ import annotations

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
