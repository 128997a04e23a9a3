"""The journal: every command that writes is one change, and every row it inserts,
updates or deletes in a lead's tables is recorded, so any change can be reversed.

The rows are recorded by triggers in the database, not by the code that writes them:
nothing that writes (a move, an import in bulk, a future command) can forget to. A
trigger records only while a change is open: SQLite finds its number in the one-row
table ``journal_now`` (writers take turns there), PostgreSQL in the transaction-local
setting ``funnel.change``. What a trigger keeps: the row's key and, for an update or a
delete, the whole row as it was (JSON); an insert needs only its key to be undone.

Undoing a change applies the inverse of its rows, newest first, inside a new change,
whose own rows the triggers record in turn: so undoing an undo redoes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from funnel.errors import InvalidValue, NotFound
from funnel.i18n import t
from funnel.store.schema import CHANGE, CHANGE_ROW, EVENT, JOURNAL_NOW, JOURNALED, LEAD, new_id

SETTING = "funnel.change"
TABLES = {table.name: table for table in JOURNALED}


@dataclass(frozen=True)
class Actor:
    """Who writes, and the command line they typed (passwords already removed)."""

    user: str
    command: str


# --- the triggers (created by the migrations, with the columns of that moment) -------


# Journaled tables that belong to no lead (their rows have lead_id NULL).
UNLEADED = frozenset({"goal"})


def _lead_column(table: str) -> str:
    return "id" if table == "lead" else "lead_id"


def _present(conn: Connection) -> list[str]:
    """The journaled tables this database has (an older revision lacks the newer ones)."""
    have = set(sa.inspect(conn).get_table_names())
    return [name for name in TABLES if name in have]


def create_triggers(conn: Connection) -> None:
    """Journal every table of ``JOURNALED`` (as the database has them now)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(_PG_FUNCTION)
        for name in _present(conn):
            conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS journal ON "{name}"')
            conn.exec_driver_sql(
                f'CREATE TRIGGER journal AFTER INSERT OR UPDATE OR DELETE ON "{name}" '
                "FOR EACH ROW EXECUTE FUNCTION funnel_journal()"
            )
        return
    inspector = sa.inspect(conn)
    for name in _present(conn):
        columns = [c["name"] for c in inspector.get_columns(name)]
        keys = inspector.get_pk_constraint(name)["constrained_columns"]
        for op, when, row in (
            ("i", "INSERT", "NEW"),
            ("u", "UPDATE", "NEW"),
            ("d", "DELETE", "OLD"),
        ):
            key = _json_object(keys, row)
            old = "NULL" if op == "i" else _json_object(columns, "OLD")
            lead = (
                "NULL"
                if name in UNLEADED
                else f'{"OLD" if op == "d" else "NEW"}."{_lead_column(name)}"'
            )
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS journal_{name}_{op}")
            conn.exec_driver_sql(
                f'CREATE TRIGGER journal_{name}_{op} AFTER {when} ON "{name}" BEGIN '
                "INSERT INTO change_row (change_id, lead_id, tbl, op, key, old) "
                f"SELECT id, {lead}, '{name}', '{op}', {key}, {old} FROM journal_now; END"
            )


def drop_triggers(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        for name in _present(conn):
            conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS journal ON "{name}"')
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS funnel_journal()")
        return
    for name in TABLES:
        for op in "iud":
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS journal_{name}_{op}")


def _json_object(columns: Sequence[str], row: str) -> str:
    return "json_object(" + ", ".join(f"'{c}', {row}.\"{c}\"" for c in columns) + ")"


_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION funnel_journal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    change bigint := nullif(current_setting('funnel.change', true), '')::bigint;
    r jsonb;
BEGIN
    IF change IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
    INSERT INTO change_row (change_id, lead_id, tbl, op, key, old) VALUES (
        change,
        (CASE WHEN TG_TABLE_NAME = 'lead' THEN r->>'id' ELSE r->>'lead_id' END)::int,
        TG_TABLE_NAME,
        lower(left(TG_OP, 1)),
        (CASE WHEN TG_TABLE_NAME = 'lead_tag'
              THEN jsonb_build_object('lead_id', r->'lead_id', 'tag', r->'tag')
              ELSE jsonb_build_object('id', r->'id') END)::text,
        CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD)::text END
    );
    RETURN NULL;
END $$
"""


# --- opening and closing a change ---------------------------------------------------


def begin(conn: Connection, actor: Actor, *, now: datetime, undoes: int | None = None) -> int:
    """Open a change in this transaction: from here on the triggers record into it."""
    role = None
    if conn.dialect.name == "postgresql":
        role = conn.execute(sa.text("SELECT current_user")).scalar()
    change = new_id(
        conn.execute(
            CHANGE.insert().values(
                at=now, user=actor.user, role=role, command=actor.command, undoes=undoes
            )
        )
    )
    _recording(conn, change, postgres=conn.dialect.name == "postgresql")
    return change


def end(conn: Connection, change: int) -> None:
    """Close the change; one that wrote no row is not kept."""
    _recording(conn, None, postgres=conn.dialect.name == "postgresql")
    wrote = conn.execute(
        sa.select(CHANGE_ROW.c.id).where(CHANGE_ROW.c.change_id == change).limit(1)
    ).first()
    if wrote is None and not _is_undo(conn, change):
        conn.execute(CHANGE.delete().where(CHANGE.c.id == change))


def _is_undo(conn: Connection, change: int) -> bool:
    return (
        conn.execute(sa.select(CHANGE.c.undoes).where(CHANGE.c.id == change)).scalar() is not None
    )


@contextmanager
def new_leads(
    conn: Connection, lead_ids: Sequence[int], *, kept: Mapping[str, Sequence[int]] | None = None
) -> Iterator[None]:
    """Insert new leads and their rows in bulk inside: the triggers pause, and the
    inserts are recorded afterwards with one statement per table (an import of 100 000
    leads would otherwise run a trigger per row). Inside, only rows of these new leads
    are written; child rows get new ids (larger than any before) or, restored from a
    backup, keep theirs (``kept``, by table): the statements find them by id. The leads are recorded first, so that undoing (newest
    first) removes their rows before them."""
    change = conn.info.get("change")
    if change is None or not lead_ids:
        yield
        return
    postgres = conn.dialect.name == "postgresql"
    before = {
        table.name: conn.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0
        for table in JOURNALED
        if table.name not in ("lead", "lead_tag", *UNLEADED)
    }
    _recording(conn, None, postgres=postgres)
    yield
    _recording(conn, change, postgres=postgres)
    ids = list(lead_ids) if postgres else json.dumps(list(lead_ids))
    for table in JOURNALED:
        if table.name in UNLEADED:
            continue
        params: dict[str, Any] = {"change": change, "ids": ids, "after": before.get(table.name)}
        lead = _lead_column(table.name)
        keys = [c.name for c in table.primary_key.columns]
        if postgres:
            key = "jsonb_build_object(" + ", ".join(f"'{k}', \"{k}\"" for k in keys) + ")::text"
            source = f'"{table.name}"'
            among = f'"{lead}" = ANY(:ids)'
        else:
            key = _json_object(keys, f'"{table.name}"')
            source = (
                f'json_each(:ids) AS j JOIN "{table.name}" ON "{table.name}"."{lead}" = j.value'
            )
            among = "1 = 1"
        if table.name in before:  # by id: lead_id may have no index during an import
            mine = (kept or {}).get(table.name, [])
            source = f'"{table.name}"'
            among = "id > :after" + (
                ""
                if not mine
                else " OR id = ANY(:kept)"
                if postgres
                else " OR id IN (SELECT value FROM json_each(:kept))"
            )
            params["kept"] = list(mine) if postgres else json.dumps(list(mine))
        order = ", ".join(f'"{table.name}"."{k}"' for k in keys)
        conn.execute(
            sa.text(
                "INSERT INTO change_row (change_id, lead_id, tbl, op, key) "
                f"SELECT :change, \"{table.name}\".\"{lead}\", '{table.name}', 'i', {key} "
                f"FROM {source} WHERE {among} ORDER BY {order}"
            ),
            params,
        )


def _recording(conn: Connection, change: int | None, *, postgres: bool) -> None:
    """Point the triggers at ``change``, or stop them (None)."""
    if postgres:
        conn.execute(
            sa.text("SELECT set_config(:name, :value, true)"),
            {"name": SETTING, "value": "" if change is None else str(change)},
        )
        return
    conn.execute(JOURNAL_NOW.delete())
    if change is not None:
        conn.execute(JOURNAL_NOW.insert().values(id=change))


# --- reading --------------------------------------------------------------------------


def leads_of(conn: Connection, change: int) -> list[int]:
    query = (
        sa.select(CHANGE_ROW.c.lead_id)
        .where(CHANGE_ROW.c.change_id == change, CHANGE_ROW.c.lead_id.is_not(None))
        .distinct()
    )
    return sorted(conn.execute(query).scalars())


def changes(
    conn: Connection, *, lead: int | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """The journal, newest first: ``{"id", "at", "user", "command", "leads", "undone_by"}``."""
    query = sa.select(CHANGE).order_by(CHANGE.c.id.desc())
    if lead is not None:
        query = query.where(
            CHANGE.c.id.in_(sa.select(CHANGE_ROW.c.change_id).where(CHANGE_ROW.c.lead_id == lead))
        )
    if limit is not None:
        query = query.limit(limit)
    return [_shown(conn, row) for row in conn.execute(query).mappings().all()]


def _local(moment: datetime) -> str:
    from funnel.store.leads import iso_ts  # which reads the journal for history's users

    return str(iso_ts(moment))


def _shown(conn: Connection, row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "at": _local(row["at"]),
        "user": row["user"] if not row["role"] else f"{row['user']} ({row['role']})",
        "command": row["command"],
        "leads": leads_of(conn, row["id"]),
        "undone_by": row["undone_by"],
    }


def describe(conn: Connection, change: int) -> dict[str, Any]:
    """One change as ``changes`` shows it, and ``"rows"``: how many rows of each table it
    inserted, updated and deleted, ``[(table, op, count)]``."""
    row = conn.execute(sa.select(CHANGE).where(CHANGE.c.id == change)).mappings().first()
    if row is None:
        raise NotFound(t("err.no_such_change", id=change))
    counts = conn.execute(
        sa.select(CHANGE_ROW.c.tbl, CHANGE_ROW.c.op, sa.func.count())
        .where(CHANGE_ROW.c.change_id == change)
        .group_by(CHANGE_ROW.c.tbl, CHANGE_ROW.c.op)
    ).all()
    order = {table.name: n for n, table in enumerate(JOURNALED)}
    rows = sorted(
        ((tbl, op, n) for tbl, op, n in counts), key=lambda r: (order[r[0]], "iud".index(r[1]))
    )
    return {**_shown(conn, row), "rows": rows}


def latest(conn: Connection) -> int:
    """The newest change still in effect (an undo counts: undoing it redoes)."""
    found = conn.execute(
        sa.select(sa.func.max(CHANGE.c.id)).where(CHANGE.c.undone_by.is_(None))
    ).scalar()
    if found is None:
        raise NotFound(t("err.no_change"))
    return int(found)


def blocking(conn: Connection, change: int) -> list[int]:
    """Later changes still in effect that touched the same leads. A later change and
    the later undo that reversed it cancel out. A goal, which belongs to no lead, is
    the same goal when its key is."""
    leads = leads_of(conn, change)
    rows = conn.execute(
        sa.select(CHANGE_ROW.c.tbl, CHANGE_ROW.c.key)
        .where(CHANGE_ROW.c.change_id == change, CHANGE_ROW.c.tbl.in_(UNLEADED))
        .distinct()
    ).all()
    same: list[sa.ColumnElement[bool]] = [CHANGE_ROW.c.lead_id.in_(leads)] if leads else []
    same += [sa.and_(CHANGE_ROW.c.tbl == tbl, CHANGE_ROW.c.key == key) for tbl, key in rows]
    if not same:
        return []
    later = conn.execute(
        sa.select(CHANGE.c.id, CHANGE.c.undoes, CHANGE.c.undone_by)
        .where(
            CHANGE.c.id > change,
            CHANGE.c.id.in_(sa.select(CHANGE_ROW.c.change_id).where(sa.or_(*same))),
        )
        .order_by(CHANGE.c.id)
    ).all()
    undone_later = {row.undoes for row in later if row.undoes is not None and row.undone_by is None}
    return [
        row.id
        for row in later
        if row.undone_by is None
        and row.id not in undone_later
        and not (row.undoes is not None and row.undoes > change)
    ]


# --- undoing --------------------------------------------------------------------------


def undo(conn: Connection, change: int, *, by: int) -> list[int]:
    """Reverse ``change`` inside the open change ``by``; returns the leads it touched."""
    row = conn.execute(sa.select(CHANGE).where(CHANGE.c.id == change)).mappings().first()
    if row is None:
        raise NotFound(t("err.no_such_change", id=change))
    if row["undone_by"] is not None:
        raise InvalidValue(t("err.change_undone", id=change, by=row["undone_by"]))
    later = blocking(conn, change)
    if later:
        raise InvalidValue(
            t("err.change_blocked", id=change, later=", ".join(str(c) for c in later))
        )
    _reverse(conn, change)
    conn.execute(CHANGE.update().where(CHANGE.c.id == by).values(undoes=change))
    _reversed(conn, change, by=by)
    return leads_of(conn, change)


def _reversed(conn: Connection, change: int, *, by: int) -> None:
    """``change`` no longer in effect; if it was an undo, what it undid is back."""
    conn.execute(CHANGE.update().where(CHANGE.c.id == change).values(undone_by=by))
    undid = _undoes(conn, change)
    if undid is not None:
        _back(conn, undid)


def _back(conn: Connection, change: int) -> None:
    """``change`` in effect again; if it is an undo, what it undid is reversed again."""
    conn.execute(CHANGE.update().where(CHANGE.c.id == change).values(undone_by=None))
    undid = _undoes(conn, change)
    if undid is not None:
        _reversed(conn, undid, by=change)


def _undoes(conn: Connection, change: int) -> int | None:
    return conn.execute(sa.select(CHANGE.c.undoes).where(CHANGE.c.id == change)).scalar()


def _reverse(conn: Connection, change: int, *, lead: int | None = None) -> None:
    """Apply the inverse of the rows ``change`` wrote (only ``lead``'s, if given), newest
    first. Consecutive rows of one table and kind form a run, reversed by one statement:
    undoing an import of 100 000 leads is a handful of statements, not a million."""
    query = sa.select(CHANGE_ROW.c.id, CHANGE_ROW.c.tbl, CHANGE_ROW.c.op).where(
        CHANGE_ROW.c.change_id == change
    )
    if lead is not None:
        query = query.where(CHANGE_ROW.c.lead_id == lead)
    runs: list[list[Any]] = []  # [table, op, lowest id, highest id], newest run first
    for row_id, tbl, op in conn.execute(query.order_by(CHANGE_ROW.c.id.desc())):
        if runs and runs[-1][0] == tbl and runs[-1][1] == op:
            runs[-1][2] = row_id
        else:
            runs.append([tbl, op, row_id, row_id])
    postgres = conn.dialect.name == "postgresql"
    for tbl, op, low, high in runs:
        sql = (_reverse_postgres if postgres else _reverse_sqlite)(TABLES[tbl], op, lead)
        conn.execute(sa.text(sql), {"change": change, "low": low, "high": high, "lead": lead})


def _run(lead: int | None) -> str:
    """The rows of one run (``r`` is ``change_row``)."""
    where = "r.change_id = :change AND r.id BETWEEN :low AND :high"
    return where + (" AND r.lead_id = :lead" if lead is not None else "")


def _reverse_sqlite(table: sa.Table, op: str, lead: int | None) -> str:
    keys = [c.name for c in table.primary_key.columns]
    columns = [c.name for c in table.columns]
    name, run = f'"{table.name}"', _run(lead)
    if op == "i":
        mine = ", ".join(f'{name}."{k}"' for k in keys)
        theirs = ", ".join(f"json_extract(r.key, '$.{k}')" for k in keys)
        return (
            f"DELETE FROM {name} WHERE ({mine}) IN (SELECT {theirs} FROM change_row r WHERE {run})"
        )
    if op == "d":
        cols = ", ".join(f'"{c}"' for c in columns)
        values = ", ".join(f"json_extract(r.old, '$.{c}')" for c in columns)
        return f"INSERT INTO {name} ({cols}) SELECT {values} FROM change_row r WHERE {run} ORDER BY r.id DESC"
    # An update: a row updated more than once in the run goes back to its oldest copy.
    sets = ", ".join(f"\"{c}\" = json_extract(u.old, '$.{c}')" for c in columns)
    match = " AND ".join(f"{name}.\"{k}\" = json_extract(u.key, '$.{k}')" for k in keys)
    oldest = f"SELECT min(r.id) FROM change_row r WHERE {run} GROUP BY r.key"
    return (
        f"UPDATE {name} SET {sets} FROM (SELECT key, old FROM change_row "
        f"WHERE id IN ({oldest})) AS u WHERE {match}"
    )


def _reverse_postgres(table: sa.Table, op: str, lead: int | None) -> str:
    keys = [c.name for c in table.primary_key.columns]
    columns = [c.name for c in table.columns]
    name, run = f'"{table.name}"', _run(lead)
    match = " AND ".join(f't."{k}" = k."{k}"' for k in keys)
    if op == "i":
        return (
            f"DELETE FROM {name} t USING change_row r CROSS JOIN LATERAL "
            f"jsonb_populate_record(NULL::{name}, CAST(r.key AS jsonb)) k WHERE {run} AND {match}"
        )
    if op == "d":
        return (
            f"INSERT INTO {name} SELECT k.* FROM change_row r CROSS JOIN LATERAL "
            f"jsonb_populate_record(NULL::{name}, CAST(r.old AS jsonb)) k WHERE {run} "
            "ORDER BY r.id DESC"
        )
    cols = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join(f'k."{c}"' for c in columns)
    return (
        f"UPDATE {name} t SET ({cols}) = ({values}) FROM (SELECT DISTINCT ON (r.key) r.old "
        f"FROM change_row r WHERE {run} ORDER BY r.key, r.id) u CROSS JOIN LATERAL "
        f"jsonb_populate_record(NULL::{name}, CAST(u.old AS jsonb)) k WHERE {match}"
    )


# --- the trash: deleted leads are the deletes of the journal still in effect ----------


def _trashed(conn: Connection) -> Any:
    """(change_id, lead_id, old row, change time) of every lead deleted and not back."""
    return (
        sa.select(CHANGE_ROW.c.change_id, CHANGE_ROW.c.lead_id, CHANGE_ROW.c.old, CHANGE.c.at)
        .join(CHANGE, CHANGE.c.id == CHANGE_ROW.c.change_id)
        .where(
            CHANGE_ROW.c.tbl == "lead",
            CHANGE_ROW.c.op == "d",
            CHANGE.c.undone_by.is_(None),
            CHANGE_ROW.c.lead_id.not_in(sa.select(LEAD.c.id)),
        )
    )


def trash(conn: Connection) -> list[dict[str, Any]]:
    """The leads in the trash, last deleted first: ``{"id", "name", "deleted_at", "change"}``."""
    rows = conn.execute(_trashed(conn).order_by(CHANGE_ROW.c.change_id.desc())).all()
    seen: set[int] = set()
    found = []
    for row in rows:
        if row.lead_id in seen:
            continue
        seen.add(row.lead_id)
        old = json.loads(row.old)
        found.append(
            {
                "id": row.lead_id,
                "name": old.get("name"),
                "deleted_at": _local(row.at),
                "change": row.change_id,
            }
        )
    return found


def restore(conn: Connection, lead_ids: Sequence[int]) -> None:
    """Bring leads back from the trash as they were: the rows their delete removed."""
    for lead in lead_ids:
        found = conn.execute(
            _trashed(conn)
            .where(CHANGE_ROW.c.lead_id == lead)
            .order_by(CHANGE_ROW.c.change_id.desc())
        ).first()
        if found is None:
            raise NotFound(t("err.not_in_trash", id=lead))
        into = conn.execute(
            sa.select(EVENT.c.lead_id).where(EVENT.c.kind == "merged", EVENT.c.old == str(lead))
        ).scalar()
        if into is not None:  # its history lives on in the lead it was merged into
            raise InvalidValue(t("err.restore_merged", id=lead, into=into, change=found.change_id))
        _reverse(conn, found.change_id, lead=lead)


def purge(conn: Connection, lead_ids: Sequence[int]) -> None:
    """Erase every trace of leads already deleted: their rows in the journal, and the
    command lines of the changes that touched them (which may name them)."""
    if not lead_ids:
        return
    touched = sa.select(CHANGE_ROW.c.change_id).where(CHANGE_ROW.c.lead_id.in_(lead_ids))
    conn.execute(CHANGE.update().where(CHANGE.c.id.in_(touched)).values(command=ERASED))
    conn.execute(CHANGE_ROW.delete().where(CHANGE_ROW.c.lead_id.in_(lead_ids)))


def trashed_before(conn: Connection, moment: datetime | None) -> list[int]:
    """Leads in the trash deleted before ``moment`` (all of them without one)."""
    return [
        item["id"]
        for item in trash(conn)
        if moment is None or datetime.fromisoformat(item["deleted_at"]) < moment
    ]


ERASED = "(erased)"


def event_users(conn: Connection, lead_id: int) -> dict[int, str]:
    """Who wrote each of a lead's history events (by event id): the user of the change
    that first inserted it. Events older than the journal have none."""
    rows = conn.execute(
        sa.select(CHANGE_ROW.c.key, CHANGE.c.user)
        .join(CHANGE, CHANGE.c.id == CHANGE_ROW.c.change_id)
        .where(CHANGE_ROW.c.lead_id == lead_id, CHANGE_ROW.c.tbl == "event", CHANGE_ROW.c.op == "i")
        .order_by(CHANGE_ROW.c.id)
    ).all()
    users: dict[int, str] = {}
    for row in rows:
        users.setdefault(int(json.loads(row.key)["id"]), row.user)
    return users
