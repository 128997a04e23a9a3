"""Taking checked records into the store, a batch at a time.

Records come checked with the one lead validator (by a second process, see
``funnel.transfer.checking``). For each batch the importer finds the duplicates, within
the file and against the store (``seen``), deals with them as the policy says, and
writes the new leads with their tags, 'created' events, stays, payments and orders
(``writing``) inside the caller's transaction. Any bad record stops the writing; the
caller rolls everything back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy.engine import Connection

from funnel.domain.fields import ARG_OF
from funnel.domain.money import to_number
from funnel.errors import FunnelError
from funnel.i18n import t
from funnel.store.leads import edit_lead
from funnel.transfer.checking import AT, Prepared
from funnel.transfer.children import restore_children
from funnel.transfer.ids import IdAllocator
from funnel.transfer.lead_keys import UPDATABLE
from funnel.transfer.seen import Key, LineKey, SeenInMemory, SeenInTable
from funnel.transfer.shaping import RowShaper
from funnel.transfer.terms import OnDuplicate, Problem, Summary
from funnel.transfer.writing import Batch, LeadWriter

ERROR, SKIP, UPDATE = OnDuplicate.error, OnDuplicate.skip, OnDuplicate.update
_PAID = AT["paid_cents"]


def _keys(item: Prepared) -> list[Key]:
    """(field, normalised value) pairs a duplicate is recognised by."""
    keys = []
    if item.phone:
        keys.append(("phone", item.phone))
    if item.email:
        keys.append(("email", item.email))
    return keys


class Importer:
    """Takes checked records into the store; see the module docstring."""

    def __init__(
        self,
        conn: Connection,
        *,
        now: datetime,
        on_duplicate: OnDuplicate = ERROR,
        write: bool = True,
        reason: str | None = None,
        batch_size: int,
        report: Callable[[Problem], None] = lambda problem: None,
    ) -> None:
        self.conn = conn
        self.now = now
        self.on_duplicate = on_duplicate
        self.writing = write
        self.reason = reason
        self.batch_size = batch_size
        self.report = report
        self.summary = Summary()
        self.ids = IdAllocator(conn)
        self.writer = LeadWriter(conn, self.ids)
        self.shaper = RowShaper(self.writer, now=now, reason=reason)
        # Into an empty store the keys of earlier rows are kept in memory, up to a
        # limit; then (and from the start when the store has leads) in temporary tables.
        self.in_memory: SeenInMemory | None = SeenInMemory() if self.ids.store_was_empty else None
        self.in_table = SeenInTable(conn)
        self.pending: Batch = []
        self.problems: list[Problem] = []
        self.file_ids: set[int] = set()  # with a workbook's other sheets: the leads' ids

    def take_sheets(self, sheets: dict[str, dict[int, list[dict[str, Any]]]]) -> None:
        """The payments, orders and activities sheets of a workbook funnel wrote
        (``excel.sheet_children``): their rows go with the new leads of their ids."""
        self.writer.sheets = sheets

    def defer_indexes(self) -> None:
        """For a large import into an empty store: build the secondary indexes once at
        the end. Not with --on-duplicate update, which looks leads up by phone."""
        if self.writing and self.ids.store_was_empty and self.on_duplicate != UPDATE:
            self.writer.defer_indexes()

    # one record at a time ----------------------------------------------------------

    def take(self, item: Prepared) -> None:
        self.summary.rows += 1
        if self.writer.sheets and item.file_id is not None:
            self.file_ids.add(item.file_id)
        if item.problem is not None:
            self.bad(item.line, item.problem)
        elif item.data is not None:
            try:
                self.pending.append((item, restore_children(item.data)))
            except FunnelError as exc:
                self.bad(item.line, exc.message)
        else:
            self.pending.append((item, None))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def bad(self, line: int, why: str, sheet: str = "") -> None:
        self.summary.bad += 1
        self.writing = False
        self.problems.append(Problem(line, why, sheet))

    # a batch at a time -------------------------------------------------------------

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if batch:
            self._flush(batch)
        for problem in sorted(self.problems):
            self.report(problem)
        self.problems.clear()

    def _flush(self, batch: Batch) -> None:
        # A backup may hold leads added with --allow-duplicate: only the store counts
        # for its records. Spreadsheet rows are also checked against earlier rows.
        keys = [(f, v, item.line) for item, _children in batch for f, v in _keys(item)]
        rows_in_file = any(children is None for _item, children in batch)
        earlier = self._earlier(keys, rows_in_file)
        candidates, repeats = self._against_earlier_rows(batch, earlier)
        if keys and rows_in_file:
            self._remember(keys)
        known = (
            self.in_table.in_store(before_id=self.ids.first_new_id)
            if keys and not self.ids.store_was_empty
            else {}
        )
        self._against_store(candidates, repeats, known)

    def _earlier(self, keys: list[LineKey], rows_in_file: bool) -> dict[Key, int]:
        """This batch's keys that earlier rows of the file had, with the first such line."""
        if self.in_memory is not None:  # nothing to look up in the store: earlier rows only
            return self.in_memory.earlier(keys) if rows_in_file else {}
        self.in_table.stage(keys)
        return self.in_table.earlier() if keys and rows_in_file else {}

    def _remember(self, keys: list[LineKey]) -> None:
        """The batch's new keys for the rows after it; past the limit of memory, every
        key moves to the temporary table."""
        if self.in_memory is None:
            self.in_table.remember()
        elif self.in_memory.remember(keys):
            self.in_table.stage(self.in_memory.keys())
            self.in_table.remember()
            self.in_memory = None

    def _against_earlier_rows(
        self, batch: Batch, earlier: dict[Key, int]
    ) -> tuple[Batch, dict[int, Key]]:
        """The records that go on, and (to update) line → the key of an earlier row
        that each repeats; the rest are refused or skipped."""
        candidates: Batch = []
        repeats: dict[int, Key] = {}
        for item, children in batch:
            mine = [] if children is not None else _keys(item)
            dup = next((k for k in mine if k in earlier), None) if earlier else None
            if dup is None:
                for k in mine:
                    earlier.setdefault(k, item.line)
                candidates.append((item, children))
            elif self._goes_on(item, partial(_same_as_line, earlier[dup], dup[0])):
                repeats[item.line] = dup
                candidates.append((item, children))
        return candidates, repeats

    def _against_store(
        self, candidates: Batch, repeats: dict[int, Key], known: dict[Key, tuple[int, str, str]]
    ) -> None:
        """Write the new leads; update (or refuse, or skip) the known ones."""
        fresh: Batch = []
        for item, children in candidates:
            if item.line in repeats:  # repeats an earlier row: update the lead it became
                if self.writing:  # which may be one of the new leads: write them first
                    self._write(fresh)
                    fresh = []
                self._update(item, self.in_table.lead_with(*repeats[item.line]))
                continue
            match = next((known[k] for k in _keys(item) if k in known), None) if known else None
            if match is None:
                fresh.append((item, children))
            elif self._goes_on(item, partial(_same_as_lead, *match)):
                self._update(item, match[0])
        self._write(fresh)

    def _write(self, fresh: Batch) -> None:
        """Count new leads, and write them unless nothing is being written."""
        if "payments" in self.writer.sheets:
            self._check_paid(fresh)
        self.summary.imported += len(fresh)
        if self.writing and fresh:
            self.writer.write(fresh, shape=self.shaper.shape)

    def _check_paid(self, fresh: Batch) -> None:
        """A lead's paid is the sum of its payments: with a payments sheet, they agree."""
        payments = self.writer.sheets["payments"]
        for item, _children in fresh:
            rows = payments.get(item.file_id, []) if item.file_id is not None else []
            total = sum(r["amount_cents"] for r in rows if r["void_reason"] is None)
            paid = item.row[_PAID] if item.row is not None else item.shaped[0][_PAID + 1]
            if paid != total:
                lead = item.file_id if item.file_id is not None else "?"
                self.bad(
                    item.line,
                    t("err.xlsx_paid", paid=to_number(paid), lead=lead, total=to_number(total)),
                )

    def _orphans(self) -> None:
        """Rows of the other sheets whose lead is not in the leads sheet."""
        for name, by_lead in self.writer.sheets.items():
            for lead, rows in by_lead.items():
                if lead not in self.file_ids:
                    line = min(r["line"] for r in rows)
                    self.bad(line, t("err.xlsx_sheet_orphan", sheet=name, lead=lead), name)

    def _goes_on(self, item: Prepared, why: Callable[[], str]) -> bool:
        """A duplicate: refused (a problem), skipped, or True when it updates a lead."""
        if self.on_duplicate == ERROR:
            self.bad(item.line, why())
        elif self.on_duplicate == SKIP:
            self.summary.skipped += 1
        return self.on_duplicate == UPDATE

    def _update(self, item: Prepared, lead_id: int | None) -> None:
        """A duplicate under --on-duplicate update: the non-empty cells change the lead,
        as `edit` would (each change an event; a new stage is recorded as a forced move)."""
        self.summary.updated += 1
        if not self.writing or lead_id is None or item.values is None:
            return
        given = {ARG_OF.get(k, k) for k in item.given or ()}
        values = {k: v for k, v in item.values.items() if k in UPDATABLE and k in given}
        try:
            edit_lead(
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

    def finish(self) -> Summary:
        if self.writer.sheets:
            self._orphans()
        self.flush()
        if self.writing:
            self.writer.build_indexes()
        self.in_table.drop()
        if self.writing:
            self.ids.sync(self.conn, wrote_leads=self.summary.imported > 0)
        return self.summary


def _same_as_line(line: int, field_name: str) -> str:
    return t("err.import_dup_line", line=line, field=t(f"h.{field_name}"))


def _same_as_lead(lead_id: int, name: str, field_name: str) -> str:
    return t("err.import_dup_store", id=lead_id, name=name, field=t(f"h.{field_name}"))
