"""Import and export: leads in bulk over SQLAlchemy Core.

Import streams records, checks each with the one lead validator, finds duplicates
(within the file and against the store) a batch at a time, and writes leads, tags,
'created' events, stays, payments and orders with executemany inside the caller's
transaction. Any bad record stops the writing; the caller rolls everything back.

Export streams every lead with its history, stays, activities, payments and orders
(merge-joined by lead id, so memory stays flat) in a versioned JSON format that an
import into an empty store restores exactly, ids included.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from funnel import crud
from funnel.domain.dates import local_date
from funnel.domain.leads import money_of
from funnel.domain.money import to_number
from funnel.domain.records import (
    ROW_KEYS, LeadRecord, dedupe_keys, parse_moment, parse_record,
)
from funnel.domain.stages import Stage, parse_stage
from funnel.errors import FunnelError, InvalidValue
from funnel.i18n import t
from funnel.readers import EXPORT_FORMAT, EXPORT_VERSION, Record
from funnel.store import BulkInsert

LEAD, TAG = crud.LEAD, crud.TAG
BATCH = 1000
IN_CHUNK = 500
SKIP, UPDATE, ERROR = "skip", "update", "error"

# Child tables of a lead, under the key an export record carries them by.
CHILDREN: dict[str, sa.Table] = {
    "history": crud.EVENT, "stays": crud.STAY, "activities": crud.ACTIVITY,
    "payments": crud.PAYMENT, "orders": crud.ORDER,
}
LEAD_COLUMNS = tuple(c.name for c in LEAD.columns)
CHILD_COLUMNS = {key: tuple(c.name for c in table.columns if c.name != "id")
                 for key, table in CHILDREN.items()}
_LEAD_VALUES = operator.itemgetter(*ROW_KEYS)
# Lead columns an export carries beyond the lead object, so a restore is exact.
LEAD_EXTRAS = ("note", "follow_note", "created_on", "touched_at", "stage_entered_at", "won_on")
CSV_KEYS = (*crud.LEAD_KEYS, "note", "follow_note")
# Keys an update may change: what `edit` changes, and the stage.
UPDATABLE = (*crud.EDITABLE, "stage")


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


@dataclass
class Prepared:
    """A record checked and turned into rows (or why it cannot be), ready for the store."""

    line: int
    rec: LeadRecord | None = None
    children: Children | None = None  # an export record's own history, stays, money…
    problem: str | None = None


def prepare(record: Record, *, restore: bool, now: datetime,
            default_owner: str | None = None) -> Prepared:
    """Check one record. Pure (no store), so it can run ahead on another thread."""
    if record.data is None:
        return Prepared(record.line, problem=record.problem or "")
    try:
        rec = parse_record(record.data, now=now, default_owner=default_owner)
        children = restore_children(record.data, now=now) if restore else None
    except FunnelError as exc:
        return Prepared(record.line, problem=exc.message)
    return Prepared(record.line, rec, children)


def prepare_ahead(
    records: Iterator[Record], *, restore: Callable[[], bool], now: datetime,
    default_owner: str | None = None, size: int = BATCH,
) -> Iterator[list[Prepared]]:
    """Batches of prepared records, read and checked on a second thread while this one
    writes the previous batch (SQLite releases the GIL while it works). At most one
    batch waits, so memory stays flat."""
    import contextvars
    import queue
    import threading

    ready: queue.Queue[Any] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            batch: list[Prepared] = []
            for record in records:
                batch.append(prepare(record, restore=restore(), now=now,
                                     default_owner=default_owner))
                if len(batch) >= size:
                    if not put(batch):
                        return
                    batch = []
            put(batch)
            put(None)
        except BaseException as exc:  # handed to the reading side, raised there
            put(exc)

    # the copied context carries the interface language to the worker's messages
    worker = threading.Thread(target=contextvars.copy_context().run, args=(work,),
                              name="funnel-import-reader", daemon=True)
    worker.start()
    try:
        while True:
            item = ready.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


class Importer:
    """Takes prepared records into the store; see the module docstring."""

    def __init__(
        self, conn: Connection, *, now: datetime, on_duplicate: str = ERROR, write: bool = True,
        default_owner: str | None = None, reason: str | None = None,
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
        self.keep_ids = top is None  # an empty store keeps the file's ids
        self.seen_table: sa.Table | None = None
        self.pending: list[Prepared] = []
        self.problems: list[tuple[int, str]] = []
        self.wrote_ids = False
        self.writers: dict[tuple[str, tuple[str, ...]], BulkInsert] = {}

    # one record at a time ----------------------------------------------------------

    def feed(self, record: Record, *, restore: bool = False) -> None:
        self.take(prepare(record, restore=restore, now=self.now,
                          default_owner=self.default_owner))

    def take(self, item: Prepared) -> None:
        self.summary.rows += 1
        if item.rec is None:
            self.bad(item.line, item.problem or "")
        else:
            self.pending.append(item)
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

    def _flush(self, batch: list[Prepared]) -> None:
        # A backup may hold leads added with --allow-duplicate: only the store counts
        # for its records. Spreadsheet rows are also checked against earlier rows.
        keyed = [(item, [] if item.children is not None else
                  [f"{f}:{v}" for f, v in dedupe_keys(item.rec.row)])  # type: ignore[union-attr]
                 for item in batch]
        earlier = self._seen_before([k for _item, keys in keyed for k in keys])
        fresh_keys: list[tuple[str, int]] = []
        candidates: list[Prepared] = []
        file_dups: dict[int, str] = {}  # line → the key it repeats (update mode)
        for item, keys in keyed:
            dup = next((k for k in keys if k in earlier), None)
            if dup is None:
                for k in keys:
                    earlier[k] = item.line
                    fresh_keys.append((k, item.line))
                candidates.append(item)
            elif self.on_duplicate == ERROR:
                field_name = dup.partition(":")[0]
                self.bad(item.line, t("err.import_dup_line", line=earlier[dup],
                                      field=t(f"h.{field_name}")))
            elif self.on_duplicate == SKIP:
                self.summary.skipped += 1
            else:
                file_dups[item.line] = dup
                candidates.append(item)
        self._remember(fresh_keys)
        known = self._known([i for i in candidates if i.line not in file_dups])
        fresh: list[Prepared] = []
        for item in candidates:
            rec = item.rec
            assert rec is not None
            if item.line in file_dups:  # repeats an earlier row: update the lead it became
                if self.writing and fresh:
                    self._insert(fresh)
                    self.summary.imported += len(fresh)
                    fresh = []
                field_name, _, value = file_dups[item.line].partition(":")
                self._update(item.line, self._lead_with(field_name, value), rec)
                continue
            match = next((known[k] for k in dedupe_keys(rec.row) if k in known), None)
            if match is None:
                fresh.append(item)
            elif self.on_duplicate == ERROR:
                self.bad(item.line, t("err.import_dup_store", id=match[0], name=match[1],
                                      field=t(f"h.{match[2]}")))
            elif self.on_duplicate == SKIP:
                self.summary.skipped += 1
            else:
                self._update(item.line, match[0], rec)
        self.summary.imported += len(fresh)
        if self.writing and fresh:
            self._insert(fresh)

    def finish(self) -> Summary:
        self.flush()
        if self.seen_table is not None:
            self.seen_table.drop(self.conn)
        if self.wrote_ids and self.writing:
            from funnel.store import sync_ids

            sync_ids(self.conn, [LEAD, *CHILDREN.values()])
        return self.summary

    # phones and emails seen earlier in the file: a temporary table, so memory stays
    # flat however long the file is -------------------------------------------------

    def _seen_before(self, keys: list[str]) -> dict[str, int]:
        if self.seen_table is None or not keys:
            return {}
        table = self.seen_table
        found: dict[str, int] = {}
        unique = sorted(set(keys))
        for start in range(0, len(unique), IN_CHUNK):
            query = sa.select(table.c.key, table.c.line).where(
                table.c.key.in_(unique[start:start + IN_CHUNK]))
            found.update((key, line) for key, line in self.conn.execute(query))
        return found

    def _remember(self, pairs: list[tuple[str, int]]) -> None:
        if not pairs:
            return
        if self.seen_table is None:
            self.seen_table = sa.Table(
                "funnel_import_seen", sa.MetaData(),
                sa.Column("key", sa.String(2100), primary_key=True),
                sa.Column("line", sa.Integer, nullable=False),
                prefixes=["TEMPORARY"],
            )
            self.seen_table.create(self.conn)
        self._writer(self.seen_table, ("key", "line"))(pairs)

    def _lead_with(self, field_name: str, value: str) -> int | None:
        column = LEAD.c.phone_norm if field_name == "phone" else LEAD.c.email_norm
        return self.conn.execute(
            sa.select(LEAD.c.id).where(column == value).order_by(LEAD.c.id).limit(1)).scalar()

    def _known(self, batch: list[Prepared]) -> dict[tuple[str, str], tuple[int, str, str]]:
        """Leads already in the store with a phone or email of this batch."""
        wanted: dict[str, set[str]] = {"phone": set(), "email": set()}
        for item in batch:
            assert item.rec is not None
            for field_name, value in dedupe_keys(item.rec.row):
                wanted[field_name].add(value)
        known: dict[tuple[str, str], tuple[int, str, str]] = {}
        for field_name, column in (("phone", LEAD.c.phone_norm), ("email", LEAD.c.email_norm)):
            values = sorted(wanted[field_name])
            for start in range(0, len(values), IN_CHUNK):
                query = sa.select(LEAD.c.id, LEAD.c.name, column).where(
                    column.in_(values[start:start + IN_CHUNK])).order_by(LEAD.c.id)
                for lead_id, name, value in self.conn.execute(query):
                    known.setdefault((field_name, value), (lead_id, name, field_name))
        return known

    def _update(self, line: int, lead_id: int | None, rec: LeadRecord) -> None:
        """A duplicate under --on-duplicate update: the non-empty cells change the lead,
        as `edit` would (each change an event; a new stage is recorded as a forced move)."""
        self.summary.updated += 1
        if not self.writing or lead_id is None:
            return
        given = {("follow_up" if k == "next_follow_up" else k) for k in rec.given()}
        values = {k: v for k, v in rec.values.items() if k in UPDATABLE and k in given}
        try:
            crud.edit_lead(
                self.conn, lead_id, values, now=self.now, add_tags=rec.tags,
                set_fields=dict(rec.values.get("fields") or {}), allow_duplicate=True,
                force=True, reason=self.reason,
            )
        except FunnelError as exc:
            self.bad(line, exc.message)

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

    def _insert(self, fresh: list[Prepared]) -> None:
        leads: list[tuple[Any, ...]] = []
        tags: list[tuple[int, str]] = []
        events: list[tuple[Any, ...]] = []
        stays: list[tuple[Any, ...]] = []
        payments: list[tuple[Any, ...]] = []
        orders: list[tuple[Any, ...]] = []
        restored: dict[str, list[dict[str, Any]]] = {key: [] for key in CHILDREN}
        lead_values = _LEAD_VALUES
        reason, now = self.reason, self.now
        for item in fresh:
            rec = item.rec
            assert rec is not None
            lead_id = self._new_id(rec.file_id)
            row = rec.row
            leads.append((lead_id, *lead_values(row)))
            for tag in rec.tags:
                tags.append((lead_id, tag))
            if item.children is not None:
                for key, items in item.children.items():
                    for child in items:
                        child["lead_id"] = lead_id
                    restored[key].extend(items)
                continue
            # A lead from a spreadsheet: its 'created' event, its stay in the current
            # stage, what it has paid as one payment, the won deal as its first order.
            stage = row["stage"]
            events.append((lead_id, row["created_at"], "created", _STAGE_KEYS[stage], reason,
                           False))
            entered = row["stage_entered_at"]
            stays.append((lead_id, stage, entered,
                          row["created_on"] if entered is row["created_at"] else local_date(entered)))
            if row["paid_cents"] > 0:
                payments.append((lead_id, row["paid_cents"], row["created_on"], reason, now))
            if row["highest_stage"] == Stage.FORMAL:
                orders.append((lead_id, row["value_cents"], row["won_on"], True, now))
        try:
            self._writer(LEAD, ("id", *ROW_KEYS))(leads)
            self._writer(TAG, ("lead_id", "tag"))(tags)
            self._writer(crud.EVENT, ("lead_id", "at", "kind", "new", "reason", "forced"))(events)
            self._writer(crud.STAY, ("lead_id", "stage", "entered_at", "entered_on"))(stays)
            self._writer(crud.PAYMENT, ("lead_id", "amount_cents", "paid_on", "note",
                                        "created_at"))(payments)
            self._writer(crud.ORDER, ("lead_id", "amount_cents", "ordered_on", "won_deal",
                                      "created_at"))(orders)
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
        key = name[: -len("_cents")] if name.endswith("_cents") else name
        base = col.type.impl if isinstance(col.type, sa.types.TypeDecorator) else col.type
        try:
            kind = base.python_type
        except NotImplementedError:  # pragma: no cover - every column here has one
            kind = str
        if name.endswith("_cents"):
            parse: Callable[[Any, str], Any] = lambda v, f: money_of(v)  # noqa: E731
        elif name == "stage":
            parse = lambda v, f: int(parse_stage(str(v)))  # noqa: E731
        elif kind is datetime:
            parse = lambda v, f: parse_moment(v, field_name=f)  # noqa: E731
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
                raise InvalidValue(t("err.import_child", name=key, index=index,
                                                 why=t("err.not_object")))
            row: dict[str, Any] = {}
            for export_key, column, parse, required in _CONVERTERS[key]:
                value = item.get(export_key)
                if value is None:
                    if required:
                        raise InvalidValue(t("err.import_child", name=key, index=index,
                                             why=t("err.required", field=export_key)))
                    row[column] = None
                    continue
                try:
                    row[column] = parse(value, export_key)
                except FunnelError as exc:
                    raise InvalidValue(t("err.import_child", name=key, index=index,
                                         why=exc.message)) from None
            rows.append(row)
        out[key] = rows
    return out


# --- export -------------------------------------------------------------------------


def _grouped(conn: Connection, table: sa.Table, order: Any) -> Iterator[tuple[int, list[Any]]]:
    """(lead id, its rows) in lead id order, streamed."""
    result = conn.execution_options(stream_results=True, yield_per=1000).execute(
        sa.select(table).order_by(table.c.lead_id, order))
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
    tags = _Cursor((lid, [r["tag"] for r in rows])
                   for lid, rows in _grouped(conn, TAG, TAG.c.tag))
    children = {key: _Cursor(_grouped(conn, table, table.c.id))
                for key, table in CHILDREN.items()} if full else {}
    leads = conn.execution_options(stream_results=True, yield_per=1000).execute(
        sa.select(LEAD).order_by(LEAD.c.id))
    for row in leads.mappings():
        lead = crud.lead_object(row, tags.take(row["id"]))
        lead["created_at"] = iso_full(row["created_at"])
        lead["updated_at"] = iso_full(row["updated_at"])
        lead["note"] = row["note"]
        lead["follow_note"] = row["follow_note"]
        if full:
            for extra in LEAD_EXTRAS[2:]:
                lead[extra] = iso_full(row[extra])
            for key, cursor in children.items():
                lead[key] = [_child_record(r, key) for r in cursor.take(row["id"])]
        yield lead


def export_header(now: datetime) -> dict[str, Any]:
    return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported_at": iso_full(now)}

