"""The keys a duplicate is recognised by (a normalised phone or email), as an import
has seen them: in the earlier rows of its file, and in the store.

Two ways to remember the earlier rows' keys: in memory, while the store was empty
(nothing to look up there) and they are not too many; else in a temporary table,
joined with each batch's keys and with the store's leads, so memory stays flat
however long the file is.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from funnel.store.bulk import BulkInsert
from funnel.store.schema import LEAD

SEEN_IN_MEMORY = 250_000  # keys of earlier rows held in memory (about 30 MB)

Key = tuple[str, str]  # (field, normalised value)
LineKey = tuple[str, str, int]  # (field, normalised value, line)
_COLUMN = {"phone": LEAD.c.phone_norm, "email": LEAD.c.email_norm}


class SeenInMemory:
    """The keys of earlier rows, field → value → the first line it is on."""

    def __init__(self) -> None:
        self.lines: dict[str, dict[str, int]] = {"phone": {}, "email": {}}

    def earlier(self, keys: list[LineKey]) -> dict[Key, int]:
        """Those of ``keys`` that earlier rows had, with the first such line."""
        lines = self.lines
        return {(f, v): lines[f][v] for f, v, _line in keys if v in lines[f]}

    def remember(self, keys: list[LineKey]) -> bool:
        """Add a batch's new keys; True once they are more than memory should hold."""
        phones, emails = self.lines["phone"], self.lines["email"]
        for f, v, line in keys:  # in file order: the first line a key is on comes first
            (phones if f == "phone" else emails).setdefault(v, line)
        return len(phones) + len(emails) > SEEN_IN_MEMORY

    def keys(self) -> list[LineKey]:
        return [(f, v, line) for f, values in self.lines.items() for v, line in values.items()]


class SeenInTable:
    """A batch's keys in one temporary table, the earlier rows' keys in another (made on
    first use, dropped by ``drop``); duplicates are found by joining them with each
    other and with the store's leads."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.batch: sa.Table | None = None
        self.seen: sa.Table | None = None
        self.write_batch: BulkInsert | None = None

    def stage(self, keys: list[LineKey]) -> None:
        """This batch's (field, normalised value, line) in the batch table."""
        if self.write_batch is None:
            if not keys:
                return
            self._create()
        assert self.batch is not None and self.write_batch is not None
        self.conn.execute(self.batch.delete())
        self.write_batch(keys)

    def _create(self) -> None:
        meta = sa.MetaData()
        self.batch = sa.Table(
            "funnel_import_batch",
            meta,
            sa.Column("field", sa.String(5)),
            sa.Column("value", sa.String(1000)),
            sa.Column("line", sa.Integer),
            prefixes=["TEMPORARY"],
        )
        self.seen = sa.Table(
            "funnel_import_seen",
            meta,
            sa.Column("field", sa.String(5), primary_key=True),
            sa.Column("value", sa.String(1000), primary_key=True),
            sa.Column("line", sa.Integer, nullable=False),
            prefixes=["TEMPORARY"],
        )
        meta.create_all(self.conn)
        self.write_batch = BulkInsert(self.conn, self.batch, ("field", "value", "line"))

    def _tables(self) -> tuple[sa.Table, sa.Table]:
        assert self.batch is not None and self.seen is not None
        return self.batch, self.seen

    def earlier(self) -> dict[Key, int]:
        """This batch's keys that earlier rows of the file had, with the first such line."""
        b, s = self._tables()
        query = sa.select(b.c.field, b.c.value, s.c.line).select_from(
            b.join(s, sa.and_(s.c.field == b.c.field, s.c.value == b.c.value))
        )
        return {(f, v): line for f, v, line in self.conn.execute(query)}

    def remember(self) -> None:
        """Add this batch's new keys, each with the first line it is on."""
        b, s = self._tables()
        already = sa.select(s.c.line).where(s.c.field == b.c.field, s.c.value == b.c.value)
        self.conn.execute(
            s.insert().from_select(
                ["field", "value", "line"],
                sa.select(b.c.field, b.c.value, sa.func.min(b.c.line))
                .where(~already.exists())
                .group_by(b.c.field, b.c.value),
            )
        )

    def in_store(self, *, before_id: int) -> dict[Key, tuple[int, str, str]]:
        """Leads that were in the store before this import (ids below ``before_id``)
        with a phone or email of this batch: key → (id, name, field). The import's own
        leads are earlier rows, found by ``earlier``."""
        b, _s = self._tables()
        known: dict[Key, tuple[int, str, str]] = {}
        for field_name, column in _COLUMN.items():
            query = (
                sa.select(b.c.value, LEAD.c.id, LEAD.c.name)
                .select_from(b.join(LEAD, column == b.c.value))
                .where(b.c.field == field_name, LEAD.c.id < before_id)
                .order_by(LEAD.c.id)
            )
            for value, lead_id, name in self.conn.execute(query):
                known.setdefault((field_name, value), (lead_id, name, field_name))
        return known

    def lead_with(self, field_name: str, value: str) -> int | None:
        """The first lead in the store with this key (the lead an earlier row became)."""
        column = _COLUMN[field_name]
        return self.conn.execute(
            sa.select(LEAD.c.id).where(column == value).order_by(LEAD.c.id).limit(1)
        ).scalar()

    def drop(self) -> None:
        for table in (self.batch, self.seen):
            if table is not None:
                table.drop(self.conn)
