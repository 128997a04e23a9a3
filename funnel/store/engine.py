"""The store: an engine for a path or URL, the schema kept current by Alembic.

SQLite gets WAL, foreign keys, a busy timeout and a 0600 file. Queries
elsewhere are portable SQLAlchemy; engine-specific SQL lives here alone.

Writes never apply against a stale read. A write transaction takes its locks
before it reads: SQLite starts it with ``BEGIN IMMEDIATE`` (one writer at a
time, the others wait in the busy handler); on PostgreSQL every lead row a
write reads is read ``FOR UPDATE`` (:func:`lock_rows`). Either way a wait lasts
at most ``lock_timeout`` seconds, then the command ends with "the store is busy".
"""

from __future__ import annotations

import errno
import math
import os
import stat
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
from funnel.paths import first_line, hide_passwords, is_url, make_store_folder, shown_store
from funnel.store.migrations import HEAD

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def to_url(target: str) -> tuple[str, Path | None]:
    """A SQLAlchemy URL for a path or URL, and the SQLite file path if any.

    A store in memory keeps nothing, so it is refused; ``postgresql://`` means psycopg
    (SQLAlchemy's own default is psycopg2, which funnel does not install)."""
    if not is_url(target):
        path = Path(target).expanduser().resolve()
        return f"sqlite:///{path}", path
    try:
        url = sa.engine.make_url(target)
    except (sa.exc.ArgumentError, ValueError):
        raise StoreError(t("err.db_url", url=shown_store(target))) from None
    if url.get_backend_name() != "sqlite":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False), None
    db = url.database or ""
    uri = str(url.query.get("uri", "")).lower() in ("true", "1")
    name = db.removeprefix("file:").split("?")[0] if uri else db
    if name in ("", ":memory:") or "mode=memory" in db or url.query.get("mode") == "memory":
        raise StoreError(t("err.db_memory", url=shown_store(target)))
    path = Path(name).expanduser().resolve()
    if not uri:
        url = url.set(database=str(path))
    return url.render_as_string(hide_password=False), path


def _prepare_sqlite_file(path: Path, *, create: bool, parents: bool) -> None:
    """Make sure the file is there before SQLite opens it (SQLite would quietly create an
    empty one): created with mode 0600 when ``create``, its folders only with ``parents``."""
    shown = shown_store(str(path))
    try:
        if path.is_dir():
            raise StoreError(t("err.db_open", path=shown, why=t("err.is_dir")))
        if parents:  # the data folder: created private, made private if it is not
            make_store_folder(path.parent)
        if path.exists():
            return
        if not create:
            raise StoreError(t("err.no_store", path=shown))
        if not path.parent.is_dir():
            folder = shown_store(str(path.parent))
            raise StoreError(t("err.no_folder", path=shown, folder=folder))
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
    except OSError as exc:
        raise StoreError(t("err.db_open", path=shown, why=exc.strerror or exc)) from None


DEFAULT_LOCK_TIMEOUT = 10.0
WRITE = "funnel_write"  # the execution option that marks a write transaction
MIGRATION_LOCK = 0x66756E6C  # PostgreSQL advisory lock key for migrations ("funl")
LEADS_LOCK = 0x66756E6D  # … and for whatever must not add the same lead twice


def _sqlite_connect(timeout: float) -> Any:
    def pragmas(dbapi_conn: Any, _record: Any) -> None:
        _sqlite_pragmas(dbapi_conn, timeout)

    return pragmas


def _sqlite_pragmas(dbapi_conn: Any, timeout: float) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()
    # The sqlite3 module begins a transaction only before INSERT/UPDATE/DELETE, so DDL
    # (a migration, an import's index rebuild) would commit on its own. Take over:
    # no implicit transactions from the driver, an explicit BEGIN from SQLAlchemy.
    dbapi_conn.isolation_level = None


def _sqlite_begin(conn: Connection) -> None:
    # A write takes the write lock first, so the busy timeout can make it wait; a
    # deferred transaction that reads and then writes would be refused at once.
    immediate = conn.get_execution_options().get(WRITE)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _postgres_connect(timeout: float) -> Any:
    def settings(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        # 0 would mean "wait forever" to PostgreSQL: the shortest wait it knows instead.
        cur.execute(f"SET lock_timeout = {max(1, int(timeout * 1000))}")
        cur.close()
        dbapi_conn.commit()

    return settings


def is_write(conn: Connection) -> bool:
    """True inside :meth:`Store.write`."""
    return bool(conn.get_execution_options().get(WRITE))


def lock_rows(conn: Connection, query: Any) -> Any:
    """``query`` read ``FOR UPDATE`` in a write transaction (PostgreSQL; SQLite's
    immediate transaction already holds the whole store)."""
    if is_write(conn) and conn.dialect.name == "postgresql":
        return query.with_for_update()
    return query


def lock_all_leads(conn: Connection) -> None:
    """Hold every lead until this transaction ends (an import): other writers wait,
    readers do not (PostgreSQL; SQLite's immediate transaction already does this)."""
    if is_write(conn) and conn.dialect.name == "postgresql":
        conn.exec_driver_sql("LOCK TABLE lead IN EXCLUSIVE MODE")


def serialise(conn: Connection, key: int = LEADS_LOCK) -> None:
    """Hold ``key`` until this transaction ends: for checks no row lock can cover,
    such as "no other lead has this phone" (PostgreSQL; SQLite holds the store)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


@dataclass
class Store:
    """An open store: the engine plus where it lives."""

    engine: Engine
    target: str
    path: Path | None
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    actor: Any = None  # a journal.Actor: each write transaction is then one change

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction that locks what it reads: everything inside commits
        together or not at all."""
        with translate_errors(self), self.engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                if self.actor is None:
                    yield conn
                    return
                from funnel.domain.dates import now
                from funnel.store import journal

                change = journal.begin(conn, self.actor, now=now())
                conn.info["change"] = change
                try:
                    yield conn
                finally:
                    conn.info.pop("change", None)
                journal.end(conn, change)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One snapshot: every query inside sees the store as it was when the first
        one ran, whatever other commands commit meanwhile (a report adds up)."""
        with translate_errors(self), self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":  # SQLite's read transaction already is
                conn.execution_options(isolation_level="REPEATABLE READ")
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
        if _is_busy(exc) or "locked" in text or "busy" in text:
            raise StoreError(t("err.db_locked", seconds=f"{store.lock_timeout:g}")) from None
        raise StoreError(t("err.db_open", path=_where(store), why=_said(store, text))) from None
    except DBAPIError as exc:
        if _is_busy(exc):
            raise StoreError(t("err.db_locked", seconds=f"{store.lock_timeout:g}")) from None
        text = str(exc.orig) if exc.orig is not None else str(exc)
        raise StoreError(t("err.db", why=_said(store, text))) from None


def _where(store: Store) -> str:
    """The store as messages name it: its file, or its URL with the password hidden."""
    return shown_store(str(store.path) if store.path is not None else store.target)


def _said(store: Store, text: str) -> str:
    """A driver's message as one line, without the password (psycopg may quote the
    connection string)."""
    return hide_passwords(first_line(text), store.target)


# PostgreSQL: lock_not_available (lock_timeout), deadlock_detected, serialization_failure.
BUSY_STATES = {"55P03", "40P01", "40001"}


def _is_busy(exc: DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) in BUSY_STATES


def current_revision(conn: Connection) -> str | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def open_store(
    target: str,
    *,
    migrate: bool = True,
    create: bool = True,
    parents: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> Store:
    """Open the store at ``target``, schema up to date. A SQLite file that does not exist
    is created when ``create`` (its missing folders too when ``parents``), else refused;
    a wait for another writer lasts at most ``lock_timeout`` seconds."""
    url, path = to_url(target)
    if path is not None:
        _prepare_sqlite_file(path, create=create, parents=parents)
    try:
        engine = sa.create_engine(url, **_connect_options(url, lock_timeout))
    except (sa.exc.NoSuchModuleError, ImportError) as exc:
        raise StoreError(_no_driver(url, target, exc)) from None
    except (sa.exc.ArgumentError, ValueError, TypeError) as exc:
        why = hide_passwords(first_line(str(exc)), target)
        raise StoreError(t("err.db_open", path=shown_store(target), why=why)) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect(lock_timeout))
        event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgres_connect(lock_timeout))
    store = Store(engine=engine, target=target, path=path, lock_timeout=lock_timeout)
    if migrate:
        rev = store.revision()
        if rev != HEAD:
            upgrade(store, current=rev)
    return store


def _connect_options(url: str, lock_timeout: float) -> dict[str, Any]:
    """A server that does not answer is a wait like any other: at most ``lock_timeout``
    seconds (libpq's least is 2), unless the URL sets its own ``connect_timeout``."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "postgresql" or "connect_timeout" in parsed.query:
        return {}
    return {"connect_args": {"connect_timeout": max(2, math.ceil(lock_timeout))}}


def _no_driver(url: str, target: str, exc: Exception) -> str:
    """What to install when the URL's database driver is missing."""
    shown = shown_store(target)
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "postgresql":
        if parsed.get_driver_name() == "psycopg":
            return t("err.db_driver_pg", url=shown)
        return t("err.db_driver_other", url=shown, driver=parsed.get_driver_name())
    return t("err.db_open", path=shown, why=hide_passwords(first_line(str(exc)), target))


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
    """Apply every pending migration in one transaction, once, however many processes
    open a new or old store at the same moment: whoever waited for the migration lock
    finds the work done."""
    from alembic import command

    if current is not None and current not in known_revisions():
        raise StoreError(t("err.db_newer", path=_where(store), rev=current))
    with migration(store) as conn:
        rev = current_revision(conn)
        if rev == HEAD:
            return
        if rev is not None and rev not in known_revisions():
            raise StoreError(t("err.db_newer", path=_where(store), rev=rev))
        if rev is None and not sa.inspect(conn).get_table_names():
            create_at_head(conn)
            return
        command.upgrade(alembic_config(conn), "head")


def create_at_head(conn: Connection) -> None:
    """A new store is made as the migrations would leave it, in one step: the tables of
    the models, the journal's triggers, stamped with the latest revision (replaying
    every migration on an empty store costs a new user, and each test, a third of a
    second). A test keeps the two ways identical."""
    from alembic import command
    from sqlmodel import SQLModel

    from funnel.store import journal

    SQLModel.metadata.create_all(conn)
    journal.create_triggers(conn)
    command.stamp(alembic_config(conn), "head")


@contextmanager
def migration(store: Store) -> Iterator[Connection]:
    """A transaction for schema changes: the migration lock (SQLite's immediate
    transaction, an advisory lock on PostgreSQL) held, and SQLite's foreign keys off, so
    a migration that rebuilds a table does not cascade-delete its children; they are
    checked before the commit instead."""
    with translate_errors(store), store.engine.connect() as conn:
        sqlite = store.is_sqlite
        raw: Any = (
            conn.connection.dbapi_connection
        )  # PRAGMA foreign_keys is a no-op in a transaction
        if sqlite:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                if not sqlite:
                    serialise(conn, MIGRATION_LOCK)
                yield conn
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise StoreError(t("err.migration_references"))
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")


def backup(store: Store, dest: Path, *, force: bool = False) -> None:
    """A consistent copy of a SQLite store (SQLite's online backup), written whole or
    not at all, mode 0600, as one file (no -wal beside it). ``dest`` is never followed
    if it is a symbolic link, never the store itself, and an existing file there is
    replaced only if it is a funnel store, or with ``force``."""
    import sqlite3

    from funnel import files

    assert store.path is not None
    shown = dest.expanduser()
    try:
        absolute = Path(os.path.abspath(shown))
        dest = absolute.parent.resolve() / absolute.name  # the folder's links, not the file's
        found = os.lstat(dest) if os.path.lexists(dest) else None
        if found is not None and stat.S_ISLNK(found.st_mode):
            raise OSError(errno.ELOOP, t("err.is_symlink"))
        if found is not None:
            files.refuse_kind(found.st_mode)
        files.refuse_store(dest, found, files.store_files(store.path))
        if found is not None and not force and not _is_funnel_store(dest):
            raise OSError(errno.EEXIST, t("err.not_a_store"))
        if any(os.path.lexists(f"{dest}{suffix}") for suffix in ("-wal", "-journal")):
            # a store in use, or left mid-write: its journal would be replayed into the copy
            raise OSError(errno.EBUSY, t("err.store_in_use"))
        dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with files.replacing(dest) as temp:
            temp.close()
            src = sqlite3.connect(store.path)
            try:
                out = sqlite3.connect(temp.path)
                try:
                    src.backup(out)
                    # one self-contained file: the copy keeps no WAL mode from the store
                    out.execute("PRAGMA journal_mode = DELETE")
                finally:
                    out.close()
            finally:
                src.close()
    except OSError as exc:
        raise StoreError(t("err.io", path=shown, why=exc.strerror or exc)) from None
    except sqlite3.Error as exc:
        raise StoreError(t("err.io", path=shown, why=exc)) from None


def _is_funnel_store(path: Path) -> bool:
    """Whether ``path`` is a SQLite file with funnel's schema table: looked at without
    locking or writing anything beside it."""
    import sqlite3
    from urllib.request import pathname2url

    from funnel import files

    try:
        with files.open_input(path) as head:
            if head.read(16) != b"SQLite format 3\x00":
                return False
        con = sqlite3.connect(f"file:{pathname2url(str(path))}?mode=ro&immutable=1", uri=True)
        try:
            found = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
        finally:
            con.close()
    except (OSError, sqlite3.Error):
        return False
    return found is not None


def compact(store: Store) -> None:
    """SQLite: rewrite the file without the free pages erased rows leave, so erased text
    is gone from it (and from its write-ahead log)."""
    if not store.is_sqlite:
        return
    with translate_errors(store):
        raw: Any = store.engine.raw_connection()
        try:
            raw.driver_connection.execute("VACUUM")
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()


def check(store: Store) -> list[tuple[str, str]]:
    """Integrity checks: (check, result) pairs; 'ok' when fine."""
    from funnel.store.checks import consistency

    results: list[tuple[str, str]] = []
    with store.read() as conn:
        rev = current_revision(conn)
        results.append(("schema", "ok" if rev == HEAD else f"at {rev}, expected {HEAD}"))
        if store.is_sqlite:
            integrity = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
            results.append(("integrity", "ok" if integrity == ["ok"] else "; ".join(integrity)))
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            results.append(("foreign keys", "ok" if not fk else f"{len(fk)} broken references"))
        results.extend(consistency(conn))
    return results
