"""Export: every lead with its history, stays, activities, payments and orders, in a
versioned JSON format that an import into an empty store restores exactly, ids
included; or the leads alone, for a spreadsheet (a column per custom field).

Each child table is read in one pass ordered by lead id and merge-joined with the
leads, so memory stays flat however large the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from funnel.domain.records import custom_header
from funnel.store.leads import lead_object
from funnel.store.schema import LEAD, TAG
from funnel.transfer.children import CHILDREN, child_record, iso_full
from funnel.transfer.lead_keys import BACKUP_EXTRAS, CSV_KEYS, EXACT_TIMES, EXPORT_EXTRAS
from funnel.transfer.readers import EXPORT_FORMAT, EXPORT_VERSION


def export_header(now: datetime) -> dict[str, Any]:
    return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported_at": iso_full(now)}


def export_leads(conn: Connection, *, full: bool) -> Iterator[dict[str, Any]]:
    """Every lead in id order: the lead object (timestamps exact) plus, with ``full``,
    the bookkeeping and every child record."""
    tags = _Cursor((lid, [r["tag"] for r in rows]) for lid, rows in _grouped(conn, TAG, TAG.c.tag))
    children = (
        {key: _Cursor(_grouped(conn, table, table.c.id)) for key, table in CHILDREN.items()}
        if full
        else {}
    )
    leads = conn.execution_options(stream_results=True, yield_per=1000).execute(
        sa.select(LEAD).order_by(LEAD.c.id)
    )
    for row in leads.mappings():
        lead = lead_object(row, tags.take(row["id"]))
        for key in EXACT_TIMES:
            lead[key] = iso_full(row[key])
        for key in EXPORT_EXTRAS:
            lead[key] = row[key]
        if full:
            for extra in BACKUP_EXTRAS:
                lead[extra] = iso_full(row[extra])
            for key, cursor in children.items():
                lead[key] = [child_record(r, key) for r in cursor.take(row["id"])]
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


def _grouped(conn: Connection, table: sa.Table, order: Any) -> Iterator[tuple[int, list[Any]]]:
    """(lead id, its rows) in lead id order, streamed."""
    result = conn.execution_options(stream_results=True, yield_per=1000).execute(
        sa.select(table).order_by(table.c.lead_id, order)
    )
    current: int | None = None
    group: list[Any] = []
    for row in result.mappings():
        if row["lead_id"] != current:
            if current is not None:
                yield current, group
            current, group = row["lead_id"], []
        group.append(row)
    if current is not None:
        yield current, group


class _Cursor:
    """A peekable stream of (lead id, rows) for merge-joining with the leads."""

    def __init__(self, it: Iterator[tuple[int, list[Any]]]) -> None:
        self.it = it
        self.head = next(it, None)

    def take(self, lead_id: int) -> list[Any]:
        while self.head is not None and self.head[0] < lead_id:
            self.head = next(self.it, None)  # children of a lead that is gone
        if self.head is not None and self.head[0] == lead_id:
            rows = self.head[1]
            self.head = next(self.it, None)
            return rows
        return []
