"""Writing an import's new leads a batch at a time: each table's rows gathered, then
one executemany per table (``BulkInsert``), inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from funnel.errors import InvalidValue
from funnel.i18n import t
from funnel.store import journal
from funnel.store.bulk import BulkInsert, create_indexes, drop_indexes
from funnel.store.schema import CHANGE_ROW, EVENT, LEAD, ORDER, PAYMENT, STAY, TAG
from funnel.transfer.checking import Prepared
from funnel.transfer.children import CHILD_COLUMNS, CHILDREN, Children
from funnel.transfer.ids import IdAllocator
from funnel.transfer.lead_keys import LEAD_COLUMNS

# The columns of the rows a spreadsheet row implies besides the lead (see shaping).
EVENT_KEYS = ("lead_id", "at", "kind", "new", "reason", "forced")
STAY_KEYS = ("lead_id", "stage", "entered_at", "entered_on", "lead_created_on")
PAYMENT_KEYS = ("lead_id", "amount_cents", "paid_on", "note", "created_at")
ORDER_KEYS = ("lead_id", "amount_cents", "ordered_on", "won_deal", "created_at")
# The tables an import fills (the journal too): their indexes can wait until it ends.
FILLED = [LEAD, TAG, EVENT, STAY, PAYMENT, ORDER, CHANGE_ROW]

Batch = list[tuple[Prepared, Children | None]]  # records, with a backup's children


class LeadWriter:
    """Inserts new leads with what comes with them: tags, and either the history a
    spreadsheet row implies (shaped, see ``RowShaper``) or the one a backup carries."""

    def __init__(self, conn: Connection, ids: IdAllocator) -> None:
        self.conn = conn
        self.ids = ids
        self._inserts: dict[tuple[str, tuple[str, ...]], BulkInsert] = {}
        self.leads = self._insert(LEAD, LEAD_COLUMNS)
        self.tags = self._insert(TAG, ("lead_id", "tag"))
        self.events = self._insert(EVENT, EVENT_KEYS)
        self.stays = self._insert(STAY, STAY_KEYS)
        self.payments = self._insert(PAYMENT, PAYMENT_KEYS)
        self.orders = self._insert(ORDER, ORDER_KEYS)
        # A workbook's payments, orders and activities sheets (``excel.sheet_children``):
        # by the leads' ids in the file; a sheet here replaces the payment and the order
        # a row's paid and won deal would make.
        self.sheets: dict[str, dict[int, list[dict[str, Any]]]] = {}
        self.deferred: list[sa.Index] = []
        self.untracked = False  # the journal's triggers dropped (see defer_indexes)

    def _insert(self, table: sa.Table, keys: tuple[str, ...]) -> BulkInsert:
        key = (table.name, keys)
        if key not in self._inserts:
            self._inserts[key] = BulkInsert(self.conn, table, keys)
        return self._inserts[key]

    def defer_indexes(self) -> None:
        """Drop the secondary indexes of the tables an import fills, to build them once
        at the end (``build_indexes``). Inside the transaction, so a failed import gets
        them back on rollback."""
        self.deferred = drop_indexes(self.conn, FILLED)
        # Only new leads are written then, and ``journal.new_leads`` records them: the
        # journal's triggers, which cost a third of the import even idle, wait too.
        journal.drop_triggers(self.conn)
        self.untracked = True

    def build_indexes(self) -> None:
        create_indexes(self.conn, self.deferred)
        if self.untracked:
            journal.create_triggers(self.conn)
            self.untracked = False

    def write(self, fresh: Batch, *, shape: Callable[[tuple[Any, ...]], Any]) -> None:
        """Give each new lead its id and insert it all; ``shape`` shapes the rows the
        reading process did not."""
        new_id = self.ids.lead_id
        leads: list[tuple[Any, ...]] = []
        tags: list[tuple[int, str]] = []
        events: list[tuple[Any, ...]] = []
        stays: list[tuple[Any, ...]] = []
        payments: list[tuple[Any, ...]] = []
        orders: list[tuple[Any, ...]] = []
        restored: Children = {key: [] for key in CHILDREN}
        lead_ids: list[int] = []
        for item, children in fresh:
            lead_id = new_id(item.file_id)
            lead_ids.append(lead_id)
            for tag in item.tags or ():
                tags.append((lead_id, tag))
            if children is not None:
                assert item.row is not None
                leads.append(self.leads.process((lead_id, *item.row)))
                _adopt(children, lead_id, restored)
                continue
            if item.shaped is None:
                assert item.row is not None
                item.shaped = shape(item.row)
            lead, event, stay, payment, order = item.shaped
            leads.append((lead_id, *lead[1:]))
            events.append((lead_id, *event[1:]))
            stays.append((lead_id, *stay[1:]))
            if payment is not None and "payments" not in self.sheets:
                payments.append((lead_id, *payment[1:]))
            if order is not None and "orders" not in self.sheets:
                orders.append((lead_id, *order[1:]))
            if self.sheets and item.file_id is not None:
                mine = {k: rows.get(item.file_id, []) for k, rows in self.sheets.items()}
                _adopt({k: [dict(r) for r in rows] for k, rows in mine.items()}, lead_id, restored)
        kept = {CHILDREN[key].name: self.ids.split(rows) for key, rows in restored.items()}
        try:
            with journal.new_leads(self.conn, lead_ids, kept=_ids_of(kept)):
                self.leads(leads, processed=True)
                self.tags(tags)
                self.events(events, processed=True)
                self.stays(stays, processed=True)
                self.payments(payments, processed=True)
                self.orders(orders, processed=True)
                for key in restored:
                    self._write_restored(key, *kept[CHILDREN[key].name])
        except sa.exc.IntegrityError as exc:
            why = str(exc.orig).splitlines()[0] if exc.orig is not None else str(exc)
            raise InvalidValue(t("err.import_integrity", why=why)) from None

    def _write_restored(
        self, key: str, with_id: list[dict[str, Any]], without: list[dict[str, Any]]
    ) -> None:
        table, columns = CHILDREN[key], CHILD_COLUMNS[key]
        if with_id:
            keys = ("id", *columns)
            self._insert(table, keys)([tuple(r.get(k) for k in keys) for r in with_id])
        if without:
            self._insert(table, columns)([tuple(r.get(k) for k in columns) for r in without])


def _ids_of(kept: dict[str, Any]) -> dict[str, list[int]]:
    """The ids of a backup's rows that keep them, by table."""
    return {name: [row["id"] for row in with_id] for name, (with_id, _) in kept.items()}


def _adopt(children: Children, lead_id: int, into: Children) -> None:
    """A backup's child rows, now of the lead with ``lead_id``."""
    for key, rows in children.items():
        for row in rows:
            row["lead_id"] = lead_id
        into[key].extend(rows)
