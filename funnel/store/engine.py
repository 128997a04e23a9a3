"""The store: an engine for a path or URL, the schema kept current by Alembic.

SQLite gets WAL, foreign keys, a busy timeout and a 0600 file. Queries
elsewhere are portable SQLAlchemy; SQLite-only SQL lives here alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, OperationalError

from funnel.errors import StoreError
from funnel.i18n import t
from funnel.store.migrations import HEAD

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def to_url(target: str) -> tuple[str, Path | None]:
    """A SQLAlchemy URL for a path or URL, and the SQLite file path if any."""
    if "://" in target:
        try:
            url = sa.engine.make_url(target)
        except sa.exc.ArgumentError:
            raise StoreError(t("err.db_url", url=target)) from None
        if url.get_backend_name() == "sqlite":
            db = url.database
            path = Path(db).expanduser().resolve() if db and db != ":memory:" else None
            return target, path
        return target, None
    path = Path(target).expanduser().resolve()
    return f"sqlite:///{path}", path


def _prepare_sqlite_file(path: Path) -> None:
    """Create parent folders and the file itself with mode 0600 before SQLite opens it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
            os.chmod(path, 0o600)
    except OSError as exc:
        raise StoreError(t("err.db_open", path=path, why=exc.strerror or exc)) from None
    if path.is_dir():
        raise StoreError(t("err.db_open", path=path, why=t("err.is_dir")))


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout = 5000")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()
    # The sqlite3 module begins a transaction only before INSERT/UPDATE/DELETE, so DDL
    # (a migration, an import's index rebuild) would commit on its own. Take over:
    # no implicit transactions from the driver, an explicit BEGIN from SQLAlchemy.
    dbapi_conn.isolation_level = None


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


@dataclass
class Store:
    """An open store: the engine plus where it lives."""

    engine: Engine
    target: str
    path: Path | None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction: everything inside commits together or not at all."""
        with translate_errors(self), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with translate_errors(self), self.engine.connect() as conn:
            yield conn

    def revision(self) -> str | None:
        with self.read() as conn:
            return current_revision(conn)

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def translate_errors(store: Store) -> Iterator[None]:
    """Database failures as one ``error:`` line instead of a traceback."""
    try:
        yield
    except OperationalError as exc:
        text = str(exc.orig) if exc.orig is not None else str(exc)
        if "locked" in text or "busy" in text:
            raise StoreError(t("err.db_locked")) from None
        raise StoreError(t("err.db_open", path=store.path or store.target, why=text)) from None
    except DBAPIError as exc:
        text = str(exc.orig) if exc.orig is not None else str(exc)
        raise StoreError(t("err.db", why=text.splitlines()[0] if text else exc)) from None


def current_revision(conn: Connection) -> str | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def open_store(target: str, *, migrate: bool = True) -> Store:
    """Open (and on first use create) the store at ``target``, schema up to date."""
    url, path = to_url(target)
    if path is not None:
        _prepare_sqlite_file(path)
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise StoreError(t("err.db_open", path=target, why=exc)) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    store = Store(engine=engine, target=target, path=path)
    if migrate:
        rev = store.revision()
        if rev != HEAD:
            upgrade(store, current=rev)
    return store


def alembic_config(conn: Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    return cfg


def known_revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    cfg = alembic_config(None)  # type: ignore[arg-type]
    return [s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()]


def upgrade(store: Store, *, current: str | None = None) -> None:
    """Apply every pending migration in one transaction."""
    from alembic import command

    if current is not None and current not in known_revisions():
        raise StoreError(t("err.db_newer", path=store.path or store.target, rev=current))
    with store.write() as conn:
        command.upgrade(alembic_config(conn), "head")


def backup(store: Store, dest: Path) -> None:
    """A consistent copy of a SQLite store (SQLite's online backup)."""
    import sqlite3

    assert store.path is not None
    dest = dest.expanduser().resolve()
    if dest == store.path:
        raise StoreError(t("err.io", path=dest, why=t("err.is_store")))
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(store.path)
        try:
            out = sqlite3.connect(dest)
            try:
                src.backup(out)
            finally:
                out.close()
        finally:
            src.close()
        os.chmod(dest, 0o600)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(t("err.io", path=dest, why=exc)) from None


def check(store: Store) -> list[tuple[str, str]]:
    """Integrity checks: (check, result) pairs; 'ok' when fine."""
    results: list[tuple[str, str]] = []
    with store.read() as conn:
        rev = current_revision(conn)
        results.append(("schema", "ok" if rev == HEAD else f"at {rev}, expected {HEAD}"))
        if store.is_sqlite:
            integrity = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
            results.append(("integrity", "ok" if integrity == ["ok"] else "; ".join(integrity)))
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            results.append(("foreign keys", "ok" if not fk else f"{len(fk)} broken references"))
        lead = sa.table("lead", sa.column("highest_stage"), sa.column("stage"))
        bad = conn.execute(
            sa.select(sa.func.count()).select_from(lead).where(lead.c.highest_stage < lead.c.stage)
        ).scalar()
        results.append(("highest stage", "ok" if not bad else f"{bad} leads below their stage"))
    return results
