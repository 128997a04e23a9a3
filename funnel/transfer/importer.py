"""Import and export: leads in bulk over SQLAlchemy Core.

Import takes records checked with the one lead validator (by a second process, see
``funnel.transfer.checking``), finds duplicates (within the file and against the store) a
batch at a time, and writes leads, tags, 'created' events, stays, payments and
orders with executemany inside the caller's transaction. Any bad record stops the
writing; the caller rolls everything back.

Export streams every lead with its history, stays, activities, payments and orders
(merge-joined by lead id, so memory stays flat) in a versioned JSON format that an
import into an empty store restores exactly, ids included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from funnel.domain.dates import local_date, parse_timestamp
from funnel.domain.fields import (
    ARG_OF,
    BACKUP_KEYS,
    EDITABLE,
    EXTRA_KEYS,
    LEAD_KEYS,
    OBJECT,
    Kind,
)
from funnel.domain.leads import money_of
from funnel.domain.money import to_number
from funnel.domain.records import ROW_KEYS
from funnel.domain.stages import Stage, parse_stage
from funnel.errors import FunnelError, InvalidValue
from funnel.i18n import t
from funnel.store import leads as crud
from funnel.store import schema
from funnel.store.bulk import BulkInsert
from funnel.transfer.checking import AT, Prepared, prepare
from funnel.transfer.readers import EXPORT_FORMAT, EXPORT_VERSION, Record

LEAD, TAG = schema.LEAD, schema.TAG
BATCH = 1000
SEEN_IN_MEMORY = 250_000  # keys of earlier rows held in memory (about 30 MB)
SKIP, UPDATE, ERROR = "skip", "update", "error"

# Child tables of a lead, under the key an export record carries them by.
CHILDREN: dict[str, sa.Table] = {
    "history": schema.EVENT,
    "stays": schema.STAY,
    "activities": schema.ACTIVITY,
    "payments": schema.PAYMENT,
    "orders": schema.ORDER,
}
CHILD_COLUMNS = {
    key: tuple(c.name for c in table.columns if c.name != "id") for key, table in CHILDREN.items()
}
CSV_KEYS = (*LEAD_KEYS, *EXTRA_KEYS)
# Keys an update may change: what `edit` changes, and the stage.
UPDATABLE = (*EDITABLE, "stage")
# The lead object's timestamps, which an export gives to the microsecond.
_EXACT = tuple(f.key for f in OBJECT if f.kind is Kind.TIMESTAMP)


def iso_full(value: Any) -> Any:
    """Dates and timestamps for an export: local ISO 8601, nothing rounded away."""
    if isinstance(value, datetime):
        return value.astimezone().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- import -------------------------------------------------------------------------


@dataclass
class Summary:
    rows: int = 0
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    bad: int = 0


Children = dict[str, list[dict[str, Any]]]
_STAGE, _HIGHEST = AT["stage"], AT["highest_stage"]
_VALUE, _PAID = AT["value_cents"], AT["paid_cents"]
_CREATED_AT, _CREATED_ON, _ENTERED, _WON_ON = (
    AT["created_at"],
    AT["created_on"],
    AT["stage_entered_at"],
    AT["won_on"],
)


def _keys(item: Prepared) -> list[tuple[str, str]]:
    """(field, normalised value) pairs a duplicate is recognised by."""
    keys = []
    if item.phone:
        keys.append(("phone", item.phone))
    if item.email:
        keys.append(("email", item.email))
    return keys


_EVENT_KEYS = ("lead_id", "at", "kind", "new", "reason", "forced")
_STAY_KEYS = ("lead_id", "stage", "entered_at", "entered_on", "lead_created_on")
_MONEY_KEYS = {
    "payments": ("lead_id", "amount_cents", "paid_on", "note", "created_at"),
    "orders": ("lead_id", "amount_cents", "ordered_on", "won_deal", "created_at"),
}


class Importer:
    """Takes checked records into the store; see the module docstring."""

    def __init__(
        self,
        conn: Connection,
        *,
        now: datetime,
        on_duplicate: str = ERROR,
        write: bool = True,
        default_owner: str | None = None,
        reason: str | None = None,
        report: Callable[[int, str], None] = lambda line, why: None,
    ) -> None:
        self.conn = conn
        self.now = now
        self.on_duplicate = on_duplicate
        self.writing = write
        self.default_owner = default_owner
        self.reason = reason
        self.report = report
        self.summary = Summary()
        top = conn.execute(sa.select(sa.func.max(LEAD.c.id))).scalar()
        self.next_id = (top or 0) + 1
        self.first_new_id = self.next_id
        self.store_was_empty = self.keep_ids = top is None  # an empty store keeps file ids
        self.keys_table: sa.Table | None = None
        self.seen_table: sa.Table | None = None
        # Into an empty store the keys of earlier rows are kept here, field → value →
        # first line, up to SEEN_IN_MEMORY of them; then they move to a temporary table.
        self.seen: dict[str, dict[str, int]] | None = (
            {"phone": {}, "email": {}} if self.store_was_empty else None
        )
        self.pending: list[tuple[Prepared, Children | None]] = []
        self.problems: list[tuple[int, str]] = []
        self.wrote_ids = False
        self.writers: dict[tuple[str, tuple[str, ...]], BulkInsert] = {}
        self.memo: dict[Any, Any] = {}
        self._lead_writer = self._writer(LEAD, ("id", *ROW_KEYS))
        self._event_writer = self._writer(schema.EVENT, _EVENT_KEYS)
        self._stay_writer = self._writer(schema.STAY, _STAY_KEYS)
        self._payment_writer = self._writer(schema.PAYMENT, _MONEY_KEYS["payments"])
        self._order_writer = self._writer(schema.ORDER, _MONEY_KEYS["orders"])
        self.deferred: list[sa.Index] = []

    def defer_indexes(self) -> None:
        """For a large import into an empty store: drop the secondary indexes of the
        tables it fills and build them once at the end (a sort beats a B-tree update
        per row). Inside the transaction, so a failed import gets them back on
        rollback. Not with --on-duplicate update, which looks leads up by phone."""
        if not (self.writing and self.store_was_empty and self.on_duplicate != UPDATE):
            return
        for table in (LEAD, TAG, schema.EVENT, schema.STAY, schema.PAYMENT, schema.ORDER):
            for index in sorted(table.indexes, key=lambda i: i.name or ""):
                index.drop(self.conn)
                self.deferred.append(index)

    def shape(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """A spreadsheet row as the rows to insert, each made ready for the store (lead
        id 0 until the store gives one): the lead, its 'created' event, its stay in the
        current stage, what it has paid as one payment, the won deal as its first order."""
        stage, created_at, entered = row[_STAGE], row[_CREATED_AT], row[_ENTERED]
        entered_on = row[_CREATED_ON] if entered == created_at else local_date(entered)
        reason, now = self.reason, self.now
        return (
            self._lead_writer.process((0, *row)),
            self._event_writer.process_repeating(
                (0, created_at, "created", _STAGE_KEYS[stage], reason, False)
            ),
            self._stay_writer.process_repeating((0, stage, entered, entered_on, row[_CREATED_ON])),
            self._payment_writer.process((0, row[_PAID], row[_CREATED_ON], reason, now))
            if row[_PAID] > 0
            else None,
            self._order_writer.process((0, row[_VALUE], row[_WON_ON], True, now))
            if row[_HIGHEST] == Stage.FORMAL
            else None,
        )

    # one record at a time ----------------------------------------------------------

    def feed(self, record: Record, *, restore: bool = False) -> None:
        """Check and take one record here (the command checks in a second process)."""
        self.take(
            prepare(
                record,
                restore=restore,
                now=self.now,
                default_owner=self.default_owner,
                for_update=self.on_duplicate == UPDATE,
                shape=self.shape,
                memo=self.memo,
            )
        )

    def take(self, item: Prepared) -> None:
        self.summary.rows += 1
        if item.problem is not None:
            self.bad(item.line, item.problem)
        elif item.data is not None:
            try:
                self.pending.append((item, restore_children(item.data, now=self.now)))
            except FunnelError as exc:
                self.bad(item.line, exc.message)
        else:
            self.pending.append((item, None))
        if len(self.pending) >= BATCH:
            self.flush()

    def bad(self, line: int, why: str) -> None:
        self.summary.bad += 1
        self.writing = False
        self.problems.append((line, why))

    # a batch at a time -------------------------------------------------------------

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if batch:
            self._flush(batch)
        for line, why in sorted(self.problems):
            self.report(line, why)
        self.problems.clear()

    def _flush(self, batch: list[tuple[Prepared, Children | None]]) -> None:
        # A backup may hold leads added with --allow-duplicate: only the store counts
        # for its records. Spreadsheet rows are also checked against earlier rows.
        keys = [(f, v, item.line) for item, _children in batch for f, v in _keys(item)]
        rows_in_file = any(children is None for _item, children in batch)
        seen = self.seen
        if seen is not None:  # nothing to look up in the store: earlier rows only
            earlier = (
                {(f, v): seen[f][v] for f, v, _line in keys if v in seen[f]} if rows_in_file else {}
            )
        else:
            self._stage(keys)
            earlier = self._earlier() if keys and rows_in_file else {}
        candidates: list[tuple[Prepared, Children | None]] = []
        file_dups: dict[int, tuple[str, str]] = {}  # line → the key it repeats (update)
        for item, children in batch:
            mine = [] if children is not None else _keys(item)
            dup = next((k for k in mine if k in earlier), None) if earlier else None
            if dup is None:
                for k in mine:
                    earlier.setdefault(k, item.line)
                candidates.append((item, children))
            elif self.on_duplicate == ERROR:
                self.bad(
                    item.line, t("err.import_dup_line", line=earlier[dup], field=t(f"h.{dup[0]}"))
                )
            elif self.on_duplicate == SKIP:
                self.summary.skipped += 1
            else:
                file_dups[item.line] = dup
                candidates.append((item, children))
        if keys and rows_in_file:
            if seen is not None:
                self._remember_here(keys, seen)
            else:
                self._remember()
        known = self._known() if keys and not self.store_was_empty else {}
        fresh: list[tuple[Prepared, Children | None]] = []
        for item, children in candidates:
            if item.line in file_dups:  # repeats an earlier row: update the lead it became
                if self.writing and fresh:
                    self._insert(fresh)
                    self.summary.imported += len(fresh)
                    fresh = []
                self._update(item, self._lead_with(*file_dups[item.line]))
                continue
            match = next((known[k] for k in _keys(item) if k in known), None) if known else None
            if match is None:
                fresh.append((item, children))
            elif self.on_duplicate == ERROR:
                self.bad(
                    item.line,
                    t("err.import_dup_store", id=match[0], name=match[1], field=t(f"h.{match[2]}")),
                )
            elif self.on_duplicate == SKIP:
                self.summary.skipped += 1
            else:
                self._update(item, match[0])
        self.summary.imported += len(fresh)
        if self.writing and fresh:
            self._insert(fresh)

    def finish(self) -> Summary:
        self.flush()
        if self.writing:
            for index in self.deferred:
                index.create(self.conn)
        if self.keys_table is not None:
            self.keys_table.drop(self.conn)
            self.seen_table.drop(self.conn)  # type: ignore[union-attr]
        # Lead ids are always chosen here, so PostgreSQL's sequence must follow them.
        if self.writing and (self.wrote_ids or self.summary.imported):
            from funnel.store.bulk import sync_ids

            sync_ids(self.conn, [LEAD, *CHILDREN.values()])
        return self.summary

    # Duplicates are found in SQL: a batch's phones and emails go to a temporary table
    # and are joined with the phones and emails of earlier rows (another temporary
    # table) and with the store's leads. Memory stays flat however long the file is.

    def _stage(self, keys: list[tuple[str, str, int]]) -> None:
        """This batch's (field, normalised value, line) in the batch table."""
        if self.keys_table is None:
            if not keys:
                return
            meta = sa.MetaData()
            self.keys_table = sa.Table(
                "funnel_import_batch",
                meta,
                sa.Column("field", sa.String(5)),
                sa.Column("value", sa.String(1000)),
                sa.Column("line", sa.Integer),
                prefixes=["TEMPORARY"],
            )
            self.seen_table = sa.Table(
                "funnel_import_seen",
                meta,
                sa.Column("field", sa.String(5), primary_key=True),
                sa.Column("value", sa.String(1000), primary_key=True),
                sa.Column("line", sa.Integer, nullable=False),
                prefixes=["TEMPORARY"],
            )
            meta.create_all(self.conn)
        self.conn.execute(self.keys_table.delete())
        self._writer(self.keys_table, ("field", "value", "line"))(keys)

    def _remember_here(
        self, keys: list[tuple[str, str, int]], seen: dict[str, dict[str, int]]
    ) -> None:
        """``_remember`` in memory: this batch's new keys, each with the first line it is
        on. Past ``SEEN_IN_MEMORY`` keys they all move to the temporary table."""
        phones, emails = seen["phone"], seen["email"]
        for f, v, line in keys:  # in file order: the first line a key is on comes first
            (phones if f == "phone" else emails).setdefault(v, line)
        if len(seen["phone"]) + len(seen["email"]) > SEEN_IN_MEMORY:
            self._stage([(f, v, line) for f, values in seen.items() for v, line in values.items()])
            self._remember()
            self.seen = None

    def _earlier(self) -> dict[tuple[str, str], int]:
        """This batch's keys that earlier rows of the file had, with the first such line."""
        b, s = self.keys_table, self.seen_table
        assert b is not None and s is not None
        query = sa.select(b.c.field, b.c.value, s.c.line).select_from(
            b.join(s, sa.and_(s.c.field == b.c.field, s.c.value == b.c.value))
        )
        return {(f, v): line for f, v, line in self.conn.execute(query)}

    def _remember(self) -> None:
        """Add this batch's new keys, each with the first line it is on."""
        b, s = self.keys_table, self.seen_table
        assert b is not None and s is not None
        already = sa.select(s.c.line).where(s.c.field == b.c.field, s.c.value == b.c.value)
        self.conn.execute(
            s.insert().from_select(
                ["field", "value", "line"],
                sa.select(b.c.field, b.c.value, sa.func.min(b.c.line))
                .where(~already.exists())
                .group_by(b.c.field, b.c.value),
            )
        )

    def _known(self) -> dict[tuple[str, str], tuple[int, str, str]]:
        """Leads that were in the store before this import with a phone or email of
        this batch (the import's own leads are earlier rows, found above)."""
        b = self.keys_table
        assert b is not None
        known: dict[tuple[str, str], tuple[int, str, str]] = {}
        for field_name, column in (("phone", LEAD.c.phone_norm), ("email", LEAD.c.email_norm)):
            query = (
                sa.select(b.c.value, LEAD.c.id, LEAD.c.name)
                .select_from(b.join(LEAD, column == b.c.value))
                .where(b.c.field == field_name, LEAD.c.id < self.first_new_id)
                .order_by(LEAD.c.id)
            )
            for value, lead_id, name in self.conn.execute(query):
                known.setdefault((field_name, value), (lead_id, name, field_name))
        return known

    def _lead_with(self, field_name: str, value: str) -> int | None:
        column = LEAD.c.phone_norm if field_name == "phone" else LEAD.c.email_norm
        return self.conn.execute(
            sa.select(LEAD.c.id).where(column == value).order_by(LEAD.c.id).limit(1)
        ).scalar()

    def _update(self, item: Prepared, lead_id: int | None) -> None:
        """A duplicate under --on-duplicate update: the non-empty cells change the lead,
        as `edit` would (each change an event; a new stage is recorded as a forced move)."""
        self.summary.updated += 1
        if not self.writing or lead_id is None or item.values is None:
            return
        given = {ARG_OF.get(k, k) for k in item.given or ()}
        values = {k: v for k, v in item.values.items() if k in UPDATABLE and k in given}
        try:
            crud.edit_lead(
                self.conn,
                lead_id,
                values,
                now=self.now,
                add_tags=item.tags or [],
                set_fields=dict(item.values.get("fields") or {}),
                allow_duplicate=True,
                force=True,
                reason=self.reason,
            )
        except FunnelError as exc:
            self.bad(item.line, exc.message)

    def _new_id(self, file_id: int | None) -> int:
        """The file's id when the store was empty and the ids ascend, else the next one."""
        if self.keep_ids and file_id is not None and file_id >= self.next_id:
            lead_id = file_id
            self.wrote_ids = True
        else:
            lead_id = self.next_id
        self.next_id = lead_id + 1
        return lead_id

    def _writer(self, table: sa.Table, keys: tuple[str, ...]) -> BulkInsert:
        key = (table.name, keys)
        if key not in self.writers:
            self.writers[key] = BulkInsert(self.conn, table, keys)
        return self.writers[key]

    def _insert(self, fresh: list[tuple[Prepared, Children | None]]) -> None:
        leads: list[tuple[Any, ...]] = []
        tags: list[tuple[int, str]] = []
        events: list[tuple[Any, ...]] = []
        stays: list[tuple[Any, ...]] = []
        payments: list[tuple[Any, ...]] = []
        orders: list[tuple[Any, ...]] = []
        restored: dict[str, list[dict[str, Any]]] = {key: [] for key in CHILDREN}
        for item, children in fresh:
            lead_id = self._new_id(item.file_id)
            for tag in item.tags or ():
                tags.append((lead_id, tag))
            if children is not None:
                assert item.row is not None
                leads.append(self._lead_writer.process((lead_id, *item.row)))
                for key, items in children.items():
                    for child in items:
                        child["lead_id"] = lead_id
                    restored[key].extend(items)
                continue
            if item.shaped is None:
                assert item.row is not None
                item.shaped = self.shape(item.row)
            lead, event, stay, payment, order = item.shaped
            leads.append((lead_id, *lead[1:]))
            events.append((lead_id, *event[1:]))
            stays.append((lead_id, *stay[1:]))
            if payment is not None:
                payments.append((lead_id, *payment[1:]))
            if order is not None:
                orders.append((lead_id, *order[1:]))
        try:
            self._lead_writer(leads, processed=True)
            self._writer(TAG, ("lead_id", "tag"))(tags)
            self._event_writer(events, processed=True)
            self._stay_writer(stays, processed=True)
            self._payment_writer(payments, processed=True)
            self._order_writer(orders, processed=True)
            for key, items in restored.items():
                self._insert_restored(key, items)
        except sa.exc.IntegrityError as exc:
            why = str(exc.orig).splitlines()[0] if exc.orig is not None else str(exc)
            raise InvalidValue(t("err.import_integrity", why=why)) from None

    def _insert_restored(self, key: str, items: list[dict[str, Any]]) -> None:
        table, columns = CHILDREN[key], CHILD_COLUMNS[key]
        with_id = [r for r in items if self.keep_ids and r.get("id") is not None]
        without = [r for r in items if not (self.keep_ids and r.get("id") is not None)]
        if with_id:
            self.wrote_ids = True
            keys = ("id", *columns)
            self._writer(table, keys)([tuple(r.get(k) for k in keys) for r in with_id])
        if without:
            self._writer(table, columns)([tuple(r.get(k) for k in columns) for r in without])


_STAGE_KEYS = [s.key for s in Stage]


def _converters(table: sa.Table) -> list[tuple[str, str, Callable[[Any, str], Any], bool]]:
    """(export key, column, parse, required) for each column of a child table."""
    out = []
    for col in table.columns:
        if col.name == "lead_id":
            continue
        name = col.name
        key = name.removesuffix("_cents")
        base = col.type.impl if isinstance(col.type, sa.types.TypeDecorator) else col.type
        try:
            kind = base.python_type
        except NotImplementedError:  # pragma: no cover - every column here has one
            kind = str
        if name.endswith("_cents"):
            parse: Callable[[Any, str], Any] = lambda v, f: money_of(v)
        elif name == "stage":
            parse = lambda v, f: int(parse_stage(str(v)))
        elif kind is datetime:
            parse = lambda v, f: parse_timestamp(v, field_name=f)
        elif kind is date:
            parse = _parse_iso_day
        elif kind is bool:
            parse = _parse_bool
        elif kind is int:
            parse = _parse_int
        else:
            parse = _parse_text
        required = not col.nullable and not col.primary_key and col.default is None
        out.append((key, name, parse, required))
    return out


def _parse_iso_day(value: Any, field_name: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidValue(t("err.date", value=value)) from None


def _parse_bool(value: Any, field_name: str) -> bool:
    if isinstance(value, bool):
        return value
    raise InvalidValue(t("err.choice", field=field_name, value=value, choices="true, false"))


def _parse_int(value: Any, field_name: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InvalidValue(t("err.choice", field=field_name, value=value, choices=t("err.a_number")))


def _parse_text(value: Any, field_name: str) -> str:
    if isinstance(value, str):
        return value
    raise InvalidValue(t("err.choice", field=field_name, value=value, choices=t("err.a_text")))


_CONVERTERS = {key: _converters(table) for key, table in CHILDREN.items()}


def restore_children(data: Mapping[str, Any], *, now: datetime) -> dict[str, list[dict[str, Any]]]:
    """The history, stays, activities, payments and orders an export record carries."""
    out: dict[str, list[dict[str, Any]]] = {}
    for key in CHILDREN:
        items = data.get(key) or []
        if not isinstance(items, list):
            raise InvalidValue(t("err.import_child", name=key, index=0, why=t("err.not_array")))
        rows = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise InvalidValue(
                    t("err.import_child", name=key, index=index, why=t("err.not_object"))
                )
            row: dict[str, Any] = {}
            for export_key, column, parse, required in _CONVERTERS[key]:
                value = item.get(export_key)
                if value is None:
                    if required:
                        raise InvalidValue(
                            t(
                                "err.import_child",
                                name=key,
                                index=index,
                                why=t("err.required", field=export_key),
                            )
                        )
                    row[column] = None
                    continue
                try:
                    row[column] = parse(value, export_key)
                except FunnelError as exc:
                    raise InvalidValue(
                        t("err.import_child", name=key, index=index, why=exc.message)
                    ) from None
            rows.append(row)
        out[key] = rows
    return out


# --- export -------------------------------------------------------------------------


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


def _child_record(row: Mapping[str, Any], key: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for export_key, column, _parse, _required in _CONVERTERS[key]:
        value = row[column]
        if column.endswith("_cents"):
            value = to_number(value)
        elif column == "stage" and value is not None:
            value = Stage(value).key
        elif isinstance(value, bool) or value is None:
            pass
        else:
            value = iso_full(value)
        out[export_key] = value
    return out


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
        lead = crud.lead_object(row, tags.take(row["id"]))
        for key in _EXACT:
            lead[key] = iso_full(row[key])
        for key in EXTRA_KEYS:
            lead[key] = row[key]
        if full:
            for extra in BACKUP_KEYS:
                lead[extra] = iso_full(row[extra])
            for key, cursor in children.items():
                lead[key] = [_child_record(r, key) for r in cursor.take(row["id"])]
        yield lead


def export_header(now: datetime) -> dict[str, Any]:
    return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported_at": iso_full(now)}
