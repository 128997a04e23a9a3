"""Bulk writes: an INSERT compiled once and fed to the driver's executemany, secondary
indexes set aside while a large write runs, and the id sequences moved past rows written
with explicit ids (PostgreSQL)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def max_id(conn: Connection, table: Any) -> int | None:
    """The highest id in ``table``; None when it is empty."""
    return conn.execute(sa.select(sa.func.max(table.c.id))).scalar()


def drop_indexes(conn: Connection, tables: list[Any]) -> list[sa.Index]:
    """Drop the secondary indexes of ``tables`` and return them, to be built again with
    ``create_indexes`` once the rows are in (one sort beats a B-tree update per row)."""
    dropped = []
    for table in tables:
        for index in sorted(table.indexes, key=lambda i: i.name or ""):
            index.drop(conn)
            dropped.append(index)
    return dropped


def create_indexes(conn: Connection, indexes: list[sa.Index]) -> None:
    for index in indexes:
        index.create(conn)


def sync_ids(conn: Connection, tables: list[Any]) -> None:
    """After rows were written with explicit ids, move PostgreSQL's id sequences past
    them (SQLite needs nothing: it takes the next id from the table itself)."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )


_EMPTY_DICT, _EMPTY_LIST = ("empty", "dict"), ("empty", "list")


class BulkInsert:
    """An INSERT compiled once for a fixed set of columns; rows (tuples in ``keys``
    order) go to the driver's executemany through ``Connection.exec_driver_sql``.

    Each column's bind processing (UTC conversion, the dialect's date format, JSON) is
    applied here, memoised per distinct value: imported rows share most of their dates,
    and SQLAlchemy's per-row parameter assembly is most of the cost of a Core
    executemany of wide rows.
    """

    def __init__(self, conn: Connection, table: Any, keys: tuple[str, ...]) -> None:
        dialect = conn.dialect
        compiled = table.insert().compile(dialect=dialect, column_keys=list(keys))
        self.sql = str(compiled)
        self.conn = conn
        self.keys = keys
        names = list(compiled.positiontup or []) if dialect.positional else None
        order = [keys.index(name) for name in names] if names is not None else None
        # None: the driver takes the processed rows as they are (keys in table order)
        self.order = None if order == list(range(len(keys))) else order
        self.named = not dialect.positional
        self.procs: list[tuple[int, Any, dict[Any, Any]]] = []
        self.rows_seen: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        for index, key in enumerate(keys):
            proc = table.c[key].type.dialect_impl(dialect).bind_processor(dialect)
            if proc is not None:
                self.procs.append((index, proc, {}))

    def process(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """A row (in ``keys`` order) with each column's bind processing applied."""
        values = list(row)
        for index, proc, memo in self.procs:
            value = values[index]
            if value is None:
                continue
            # an empty object or list (JSON) stands for all of its kind
            key = (
                value
                if not isinstance(value, dict | list)
                else (
                    (_EMPTY_DICT if isinstance(value, dict) else _EMPTY_LIST) if not value else None
                )
            )
            if key is None:
                values[index] = proc(value)
                continue
            try:
                values[index] = memo[key]
            except KeyError:
                done = proc(value)
                if len(memo) < 4096:
                    memo[key] = done
                values[index] = done
            except TypeError:  # not hashable
                values[index] = proc(value)
        return tuple(values)

    def process_repeating(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """``process``, remembered for rows that come again and again (an event or a stay
        differs only in its lead id, filled in later)."""
        try:
            return self.rows_seen[row]
        except KeyError:
            done = self.process(row)
            if len(self.rows_seen) < 4096:
                self.rows_seen[row] = done
            return done
        except TypeError:
            return self.process(row)

    def __call__(self, rows: list[tuple[Any, ...]], *, processed: bool = False) -> None:
        """Insert ``rows``; ``processed`` says ``process`` was applied to them already."""
        if not rows:
            return
        ready = rows if processed or not self.procs else list(map(self.process, rows))
        params: list[Any]
        if self.named:
            params = [dict(zip(self.keys, v, strict=True)) for v in ready]
        elif self.order is not None:
            order = self.order
            params = [tuple(v[i] for i in order) for v in ready]
        else:
            params = ready
        self.conn.exec_driver_sql(self.sql, params)
