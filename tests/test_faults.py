"""SIGKILL in the middle of a write leaves the store exactly as it was, on SQLite and on
PostgreSQL: a move of thousands of leads at once, and a schema migration.

The kill comes while the command holds its write transaction (seen from outside: the
store's write lock, or the migration lock, is taken), so it really lands mid-write;
the proof is ``export -f json`` before and after.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.harness import PG_SERVER, Funnel, env_for, postgres_database

LEADS = 2000


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "store" / "funnel.db")
        return
    if not PG_SERVER:
        pytest.skip("FUNNEL_TEST_PG is not set")
    with postgres_database() as url:
        yield url


def many_leads(funnel: Funnel, tmp_path: Path, count: int, extra: str = "") -> None:
    rows = "".join(f"lead {n}{extra}\n" for n in range(count))
    header = "name" + (",state,lost_reason" if extra else "")
    csv = tmp_path / "leads.csv"
    csv.write_text(f"{header}\n{rows}", encoding="utf-8")
    funnel("import", str(csv))


def start(tmp_path: Path, target: str, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, **env_for(tmp_path), "FUNNEL_DB": target}
    return subprocess.Popen(
        [sys.executable, "-m", "funnel", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def sqlite_writing(path: str) -> Callable[[], bool]:
    """True while another connection holds the store's write lock."""

    def probe() -> bool:
        con = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            con.execute("BEGIN IMMEDIATE")
            con.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            con.close()

    return probe


def postgres_holding(url: str, lock: str) -> Callable[[], bool]:
    """True while another session holds ``lock`` (a pg_locks condition)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)

    def probe() -> bool:
        with engine.connect() as conn:
            query = f"SELECT count(*) FROM pg_locks WHERE pid <> pg_backend_pid() AND {lock}"
            return bool(conn.execute(sa.text(query)).scalar())

    return probe


@contextmanager
def copy_of(target: str, tmp_path: Path) -> Iterator[str]:
    """Another store with the same contents."""
    if "://" not in target:
        copy = tmp_path / "copy.db"
        shutil.copy(target, copy)
        yield str(copy)
        return
    with postgres_database(template=target.rsplit("/", 1)[1]) as url:
        yield url


def kill_mid_write(proc: subprocess.Popen[bytes], writing: Callable[[], bool]) -> None:
    """SIGKILL ``proc`` a moment after it starts writing; it must not have finished."""
    deadline = time.monotonic() + 60
    while not writing():
        assert proc.poll() is None, "the command ended before it was seen writing"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    # Killed at once: the lock is held until the commit, so the write is not done yet.
    assert proc.poll() is None, "the command finished before the kill"
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=10) == -signal.SIGKILL


def test_a_move_of_many_leads_killed_midway_changes_nothing(
    funnel: Funnel, tmp_path: Path, target: str
) -> None:
    f = funnel.using(FUNNEL_DB=target)
    many_leads(f, tmp_path, LEADS)
    before = f("export", "-f", "json").stdout
    proc = start(tmp_path, target, "move", *map(str, range(1, LEADS + 1)), "trial")
    if "://" in target:
        writing = postgres_holding(target, "relation = 'lead'::regclass AND mode = 'RowShareLock'")
    else:
        writing = sqlite_writing(target)
    kill_mid_write(proc, writing)
    assert f("export", "-f", "json").stdout == before
    f("db", "check")
    f("move", "1", "2", "trial")  # and the store takes writes again at once


def test_a_migration_killed_midway_changes_nothing(
    funnel: Funnel, tmp_path: Path, target: str
) -> None:
    from alembic import command

    from funnel.store.engine import MIGRATION_LOCK, alembic_config, migration, open_store

    f = funnel.using(FUNNEL_DB=target)
    many_leads(f, tmp_path, 4_000, extra=",lost,no budget")
    st = open_store(target)
    with migration(st) as conn:  # back to the first schema: 0002 has lost days to fill in
        command.downgrade(alembic_config(conn), "0001")
    st.close()
    with copy_of(target, tmp_path) as reference:  # migrated in peace, for comparison
        before = f.using(FUNNEL_DB=reference)("export", "-f", "json").stdout
    proc = start(tmp_path, target, "db", "upgrade")
    if "://" in target:
        writing = postgres_holding(target, f"locktype = 'advisory' AND objid = {MIGRATION_LOCK}")
    else:
        writing = sqlite_writing(target)
    kill_mid_write(proc, writing)
    assert f("db", "current").stdout.strip() == "0001"  # not migrated, not half-migrated
    assert f("export", "-f", "json").stdout == before  # migrates now, in full
    assert f("db", "current").stdout.strip() != "0001"
    f("db", "check")


def kill_when_writing(proc: subprocess.Popen[bytes], folder: Path, name: str) -> bool:
    """SIGKILL ``proc`` as soon as its temporary file for ``name`` shows in ``folder``;
    False if it finished first."""
    deadline = time.monotonic() + 60
    while not list(folder.glob(f".{name}.*.tmp")):
        if proc.poll() is not None:
            return False
        assert time.monotonic() < deadline
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    return proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize(
    "command", [("export", "-f", "json", "-o"), ("db", "backup")], ids=["export", "backup"]
)
def test_a_file_write_killed_midway_leaves_the_old_file_and_no_litter(
    funnel: Funnel, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """The old file stays whole; the killed write's temporary file is swept away by the
    next write of the same file (no handler runs on SIGKILL, so nothing else can)."""
    target = str(tmp_path / "store" / "funnel.db")
    f = funnel.using(FUNNEL_DB=target)
    many_leads(f, tmp_path, LEADS)
    out = tmp_path / "out" / "copy"
    out.parent.mkdir()
    f(*command, str(out))
    old = out.read_bytes()
    before = f("export", "-f", "json").stdout
    for _attempt in range(10):
        proc = start(tmp_path, target, *command, str(out))
        if kill_when_writing(proc, out.parent, out.name):
            break
    else:
        pytest.fail("the write always finished before the kill")
    assert out.read_bytes() == old
    assert list(out.parent.glob(".copy.*.tmp*"))  # what the kill left…
    f(*command, str(out))
    assert sorted(p.name for p in out.parent.iterdir()) == ["copy"]  # …the next write sweeps
    assert f("export", "-f", "json").stdout == before
