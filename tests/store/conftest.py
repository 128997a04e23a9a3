"""Store-level fixtures: a fresh store per test, on SQLite and (with FUNNEL_TEST_PG) on
PostgreSQL, and a write connection on it. No CLI here."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.harness import PG_SERVER, postgres_database

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from funnel.store.engine import Store


@pytest.fixture(scope="session")
def _empty_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty store, made once; tests get copies (migrating costs ~50 ms)."""
    from funnel.store.engine import open_store

    path = tmp_path_factory.mktemp("empty") / "funnel.db"
    open_store(str(path)).close()
    return path


@pytest.fixture(scope="session")
def _empty_postgres() -> Iterator[str]:
    """A migrated empty database, made once, that tests' databases are created from."""
    from funnel.store.engine import open_store

    with postgres_database() as url:
        open_store(url).close()
        yield url.rsplit("/", 1)[-1]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    from funnel.store.engine import open_store

    if request.param == "sqlite":
        path = tmp_path / "funnel.db"
        shutil.copy(request.getfixturevalue("_empty_sqlite"), path)
        st = open_store(str(path))
        try:
            yield st
        finally:
            st.close()
        return
    if not PG_SERVER:
        pytest.skip("FUNNEL_TEST_PG is not set")
    with postgres_database(template=request.getfixturevalue("_empty_postgres")) as url:
        st = open_store(url)
        try:
            yield st
        finally:
            st.close()


@pytest.fixture
def conn(store: Store) -> Iterator[Connection]:
    """One write transaction for the whole test, committed at the end."""
    with store.write() as connection:
        yield connection
