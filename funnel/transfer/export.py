"""Export: every lead with its history, stays, activities, payments and orders, in a
versioned JSON format that an import into an empty store restores exactly, ids
included; or the leads alone, for a spreadsheet (a column per custom field).

Each child table is read in one pass ordered by lead id and merge-joined with the
leads, so memory stays flat however large the store. Rows are read as the driver
gives them and converted a batch at a time (see ``funnel.store.leads.Shaper``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from funnel.domain.money import to_number
from funnel.domain.records import custom_header
from funnel.store.leads import STAGE_OR_NONE, Shaper, Stamps, driver_day, raw_column
from funnel.store.schema import LEAD, TAG
from funnel.transfer.children import CHILDREN, child_keys, iso_full
from funnel.transfer.lead_keys import BACKUP_EXTRAS, CSV_KEYS, EXPORT_EXTRAS
from funnel.transfer.readers import EXPORT_FORMAT, EXPORT_VERSION

BATCH = 1000


def export_header(now: datetime) -> dict[str, Any]:
    return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported_at": iso_full(now)}


def export_leads(conn: Connection, *, full: bool) -> Iterator[dict[str, Any]]:
    """Every lead in id order: the lead object (timestamps exact) plus, with ``full``,
    the bookkeeping and every child record."""
    shape = Shaper(extras=(*EXPORT_EXTRAS, *(BACKUP_EXTRAS if full else ())), exact=True)
    stamps = Stamps(exact=True)
    tags = _Cursor(_tags(conn))
    children = (
        {key: _Cursor(_records(conn, key, table, stamps)) for key, table in CHILDREN.items()}
        if full
        else {}
    )
    leads = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
        sa.select(*shape.columns).order_by(LEAD.c.id)
    )
    at = shape.id_at
    for rows in leads.partitions(BATCH):
        batch_tags = {row[at]: tags.take(row[at]) for row in rows}
        for lead in shape.batch(rows, batch_tags):
            for key, cursor in children.items():
                lead[key] = cursor.take(lead["id"])
            yield lead


def spreadsheet_keys(custom: list[str]) -> tuple[str, ...]:
    """The columns of a CSV export: the lead's, then one per custom field."""
    return (*[k for k in CSV_KEYS if k != "fields"], *[custom_header(c) for c in custom])


def spreadsheet_rows(
    leads: Iterator[dict[str, Any]], custom: list[str]
) -> Iterator[dict[str, Any]]:
    """The leads with their custom fields in columns of their own (``spreadsheet_keys``)."""
    headers = [(name, custom_header(name)) for name in custom]
    for lead in leads:
        fields = lead.pop("fields", None) or {}
        for name, header in headers:
            lead[header] = fields.get(name)
        yield lead


def _tags(conn: Connection) -> Iterator[tuple[int, list[Any]]]:
    """(lead id, its tags) in lead id order, streamed."""
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
        sa.select(TAG.c.lead_id, TAG.c.tag).order_by(TAG.c.lead_id, TAG.c.tag)
    )
    return _grouped(row for rows in result.partitions(BATCH) for row in rows)


def _records(
    conn: Connection, key: str, table: sa.Table, stamps: Stamps
) -> Iterator[tuple[int, list[Any]]]:
    """(lead id, its records under ``key``) in lead id order, streamed: each row as
    the export carries it (``child_record``'s object), converted a batch at a time."""
    names = child_keys(key)
    keys = [export_key for export_key, _column in names]
    columns = [table.c[column] for _key, column in names]
    convert = [(n, c) for n, column in enumerate(columns) if (c := _converter(column, stamps))]
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
        sa.select(table.c.lead_id, *(raw_column(c) for c in columns)).order_by(
            table.c.lead_id, table.c.id
        )
    )

    def records() -> Iterator[tuple[int, dict[str, Any]]]:
        for rows in result.partitions(BATCH):
            values: list[Any] = list(zip(*rows, strict=True))
            lead_ids = values.pop(0)
            for n, fn in convert:
                values[n] = map(fn, values[n])
            for lead_id, record in zip(lead_ids, zip(*values, strict=True), strict=True):
                yield lead_id, dict(zip(keys, record, strict=True))

    return _grouped((lid, record) for lid, record in records())


def _converter(column: Any, stamps: Stamps) -> Callable[[Any], Any] | None:
    """How a child table's column, as the driver gives it, appears in its record (as
    ``child_record`` shows it); None: as it is."""
    base = column.type.impl if isinstance(column.type, sa.types.TypeDecorator) else column.type
    if column.name.endswith("_cents"):
        return to_number
    if column.name == "stage":
        return STAGE_OR_NONE.__getitem__
    if isinstance(base, sa.DateTime):
        return stamps
    if isinstance(base, sa.Date):
        return driver_day
    if isinstance(base, sa.Boolean):
        return _bool
    return None


def _bool(value: Any) -> bool | None:
    """A boolean from the driver: SQLite gives 0 or 1."""
    return None if value is None else bool(value)


def _grouped(rows: Iterator[tuple[int, Any]]) -> Iterator[tuple[int, list[Any]]]:
    """(lead id, its items) from (lead id, item) pairs in lead id order."""
    current: int | None = None
    group: list[Any] = []
    for lead_id, item in rows:
        if lead_id != current:
            if current is not None:
                yield current, group
            current, group = lead_id, []
        group.append(item)
    if current is not None:
        yield current, group


class _Cursor:
    """A peekable stream of (lead id, items) for merge-joining with the leads."""

    def __init__(self, it: Iterator[tuple[int, list[Any]]]) -> None:
        self.it = it
        self.head = next(it, None)

    def take(self, lead_id: int) -> list[Any]:
        while self.head is not None and self.head[0] < lead_id:
            self.head = next(self.it, None)  # items of a lead that is gone
        if self.head is not None and self.head[0] == lead_id:
            items = self.head[1]
            self.head = next(self.it, None)
            return items
        return []
