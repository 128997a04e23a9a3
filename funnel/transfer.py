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
from funnel.domain.records import LeadRecord, dedupe_keys, parse_moment, parse_record
from funnel.domain.stages import Stage, parse_stage
from funnel.errors import FunnelError, InvalidValue
from funnel.i18n import t
from funnel.readers import EXPORT_FORMAT, EXPORT_VERSION, Record
from funnel.store import BulkInsert

LEAD, TAG = crud.LEAD, crud.TAG
BATCH = 2000
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


class Importer:
    """Feeds records into the store; see the module docstring."""

    def __init__(
        self, conn: Connection, *, now: datetime, on_duplicate: str = ERROR, write: bool = True,
        default_owner: str | None = None, reason: str | None = None,
        report: Callable[[int, str], None] = lambda line, why: None,
    ) -> None:
        self.conn = conn
        self.now = now
        self.on_duplicate = on_duplicate
        self.writing = write
        self.dry_run = not write
        self.default_owner = default_owner
        self.reason = reason
        self.report = report
        self.summary = Summary()
        top = conn.execute(sa.select(sa.func.max(LEAD.c.id))).scalar()
        self.next_id = (top or 0) + 1
        self.keep_ids = top is None  # an empty store keeps the file's ids
        self.used_ids: set[int] = set()
        self.seen: dict[int, int] = {}
        self.pending: list[tuple[int, LeadRecord, dict[str, list[dict[str, Any]]] | None]] = []
        self.problems: list[tuple[int, str]] = []
        self.wrote_ids = False
        self.writers: dict[tuple[str, tuple[str, ...]], BulkInsert] = {}

    # one record at a time ----------------------------------------------------------

    def feed(self, record: Record, *, restore: bool = False) -> None:
        self.summary.rows += 1
        line = record.line
        if record.data is None:
            self.bad(line, record.problem or "")
            return
        try:
            rec = parse_record(record.data, now=self.now, default_owner=self.default_owner)
            children = restore_children(record.data, now=self.now) if restore else None
        except FunnelError as exc:
            self.bad(line, exc.message)
            return
        # A backup may hold leads added with --allow-duplicate: only the store counts.
        # Within the file, each phone/email is remembered as a 64-bit fingerprint with
        # the line it was first seen on (a few dozen bytes a row, not the row itself).
        keys = [] if restore else dedupe_keys(rec.row)
        prints = [hash(key) for key in keys]
        for key, mark in zip(keys, prints, strict=True):
            earlier = self.seen.get(mark)
            if earlier is None:
                continue
            if self.on_duplicate == ERROR:
                self.bad(line, t("err.import_dup_line", line=earlier, field=t(f"h.{key[0]}")))
                return
            if self.on_duplicate == SKIP:
                self.summary.skipped += 1
                return
            if not self.writing:  # nothing written: the earlier row is not in the store
                self.summary.updated += 1
                return
            self.flush()  # the earlier row becomes a lead this one updates
            break
        for mark in prints:
            self.seen.setdefault(mark, line)
        self.pending.append((line, rec, children))
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
            known = self._known(batch)
            fresh = []
            for line, rec, children in batch:
                match = next((known[k] for k in dedupe_keys(rec.row) if k in known), None)
                if match is None:
                    fresh.append((rec, children))
                elif self.on_duplicate == ERROR:
                    self.bad(line, t("err.import_dup_store", id=match[0], name=match[1],
                                      field=t(f"h.{match[2]}")))
                elif self.on_duplicate == SKIP:
                    self.summary.skipped += 1
                else:
                    self._update(line, match[0], rec)
            self.summary.imported += len(fresh)
            if self.writing and fresh:
                self._insert(fresh)
        for line, why in sorted(self.problems):
            self.report(line, why)
        self.problems.clear()

    def finish(self) -> Summary:
        self.flush()
        if self.wrote_ids and self.writing:
            from funnel.store import sync_ids

            sync_ids(self.conn, [LEAD, *CHILDREN.values()])
        return self.summary

    def _known(self, batch: list[Any]) -> dict[tuple[str, str], tuple[int, str, str]]:
        """Leads already in the store with a phone or email of this batch."""
        wanted: dict[str, set[str]] = {"phone": set(), "email": set()}
        for _line, rec, _children in batch:
            for field_name, value in dedupe_keys(rec.row):
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

    def _update(self, line: int, lead_id: int, rec: LeadRecord) -> None:
        """A duplicate under --on-duplicate update: the non-empty cells change the lead,
        as `edit` would (each change an event; a new stage is recorded as a forced move)."""
        self.summary.updated += 1
        if not self.writing:
            return
        given = {("follow_up" if k == "next_follow_up" else k) for k in rec.given()}
        values = {k: v for k, v in rec.values.items() if k in UPDATABLE and k in given}
        if "owner" not in given:
            values.pop("owner", None)
        try:
            crud.edit_lead(
                self.conn, lead_id, values, now=self.now, add_tags=rec.tags,
                set_fields=dict(rec.values.get("fields") or {}), allow_duplicate=True,
                force=True, reason=self.reason,
            )
        except FunnelError as exc:
            self.bad(line, exc.message)

    def _new_id(self, file_id: int | None) -> int:
        if self.keep_ids and file_id is not None and file_id not in self.used_ids:
            lead_id = file_id
            self.wrote_ids = True
        else:
            lead_id = self.next_id
        if self.keep_ids:
            self.used_ids.add(lead_id)
        self.next_id = max(self.next_id, lead_id + 1)
        return lead_id

    def _writer(self, table: sa.Table, keys: tuple[str, ...]) -> BulkInsert:
        key = (table.name, keys)
        if key not in self.writers:
            self.writers[key] = BulkInsert(self.conn, table, keys)
        return self.writers[key]

    def _insert(self, fresh: list[tuple[LeadRecord, dict[str, list[dict[str, Any]]] | None]]) -> None:
        leads: list[tuple[Any, ...]] = []
        tags: list[tuple[int, str]] = []
        rows: dict[str, list[dict[str, Any]]] = {key: [] for key in CHILDREN}
        for rec, children in fresh:
            lead_id = self._new_id(rec.file_id)
            row = rec.row
            leads.append((lead_id, *[row.get(k) for k in LEAD_COLUMNS[1:]]))
            tags.extend((lead_id, tag) for tag in rec.tags)
            made = children if children is not None else self._made_children(row)
            for key, items in made.items():
                for item in items:
                    item["lead_id"] = lead_id
                rows[key].extend(items)
        try:
            self._writer(LEAD, LEAD_COLUMNS)(leads)
            self._writer(TAG, ("lead_id", "tag"))(tags)
            for key, items in rows.items():
                table = CHILDREN[key]
                columns = CHILD_COLUMNS[key]
                with_id = [r for r in items if self.keep_ids and r.get("id") is not None]
                without = [r for r in items if not (self.keep_ids and r.get("id") is not None)]
                if with_id:
                    self.wrote_ids = True
                    keys = ("id", *columns)
                    self._writer(table, keys)([tuple(r.get(k) for k in keys) for r in with_id])
                if without:
                    self._writer(table, columns)([tuple(r.get(k) for k in columns)
                                                  for r in without])
        except sa.exc.IntegrityError as exc:
            why = str(exc.orig).splitlines()[0] if exc.orig is not None else str(exc)
            raise InvalidValue(t("err.import_integrity", why=why)) from None

    def _made_children(self, row: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
        """A lead from a spreadsheet: its 'created' event, its stay in the current stage,
        what it has paid as one payment, and the won deal as its first order."""
        stage_key = Stage(row["stage"]).key
        made: dict[str, list[dict[str, Any]]] = {
            "history": [{"at": row["created_at"], "kind": "created", "field": None, "old": None,
                         "new": stage_key, "reason": self.reason, "forced": False}],
            "stays": [{"stage": row["stage"], "entered_at": row["stage_entered_at"],
                       "entered_on": local_date(row["stage_entered_at"]), "left_at": None,
                       "left_on": None, "days": None, "forward": None}],
            "payments": [],
            "orders": [],
        }
        if row["paid_cents"] > 0:
            made["payments"].append({"amount_cents": row["paid_cents"], "paid_on": row["created_on"],
                                     "note": self.reason, "created_at": self.now})
        if row["highest_stage"] == Stage.FORMAL:
            made["orders"].append({"amount_cents": row["value_cents"], "ordered_on": row["won_on"],
                                   "won_deal": True, "created_at": self.now})
        return made


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
    raise InvalidValue(t("err.choice", field=field_name, value=value, choices="a whole number"))


def _parse_text(value: Any, field_name: str) -> str:
    if isinstance(value, str):
        return value
    raise InvalidValue(t("err.choice", field=field_name, value=value, choices="text"))


_CONVERTERS = {key: _converters(table) for key, table in CHILDREN.items()}


def restore_children(data: Mapping[str, Any], *, now: datetime) -> dict[str, list[dict[str, Any]]]:
    """The history, stays, activities, payments and orders an export record carries."""
    out: dict[str, list[dict[str, Any]]] = {}
    for key in CHILDREN:
        items = data.get(key) or []
        if not isinstance(items, list):
            raise InvalidValue(t("err.import_child", name=key, index=0, why="not an array"))
        rows = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise InvalidValue(t("err.import_child", name=key, index=index, why="not an object"))
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

