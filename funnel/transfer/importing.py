"""Importing a lead file, all or nothing: the use case behind ``funnel import``.

The file is opened first (its kind and encoding decided), then the store: a file that
cannot be read leaves no new store behind. A second process reads and checks the
records while this one writes them in one transaction; any bad record rolls it all
back. What the caller hears on the way: each problem (a line and why), how far reading
has got, and the columns kept as custom fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, closing
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from funnel.errors import InvalidValue
from funnel.i18n import t
from funnel.store.engine import lock_all_leads
from funnel.transfer.checking import prepare_in_child
from funnel.transfer.importer import Importer
from funnel.transfer.readers import LeadFile, open_lead_file
from funnel.transfer.terms import OnDuplicate, Problem, Summary

if TYPE_CHECKING:
    from funnel.store.engine import Store

BATCH = 1000  # records checked, sent and written together
# From about this size on, an import into an empty store builds its indexes at the end.
DEFER_INDEXES_BYTES = 1_000_000


def _ignore(*_args: object) -> None:
    return None


def import_file(
    store: AbstractContextManager[Store],
    path: Path,
    *,
    policy: OnDuplicate = OnDuplicate.error,
    dry_run: bool = False,
    encoding: str | None = None,
    sheet: str | None = None,
    now: datetime,
    default_owner: str | None = None,
    reason: str | None = None,
    on_problem: Callable[[Problem], None] = _ignore,
    on_progress: Callable[[int, int], None] = _ignore,
    on_extra_columns: Callable[[Sequence[str]], None] = _ignore,
    rejects: Path | None = None,
    on_rejects: Callable[[int], None] = _ignore,
) -> Summary:
    """Import the leads of ``path`` (CSV, JSON or Excel .xlsx: its ``sheet`` or the
    first; a CSV's ``encoding`` or detected) into
    ``store``, entered once the file is open. ``policy`` decides what a duplicate
    does; ``dry_run`` checks everything and writes nothing; ``reason`` goes with the
    history and payments the import writes.

    ``on_problem`` hears of each bad record, in line order a batch at a time;
    ``on_progress(done, total)`` of the bytes read, from 0 once reading has started
    (in a second process: start no thread before); ``on_extra_columns`` of the columns
    kept as custom fields. Any bad record: nothing is written and ``InvalidValue``
    says how many there were; with ``rejects`` (a CSV input only; the target as
    ``funnel.files.output_target`` gives it) the bad rows are first written there with
    their reasons, and ``on_rejects`` hears how many.
    """
    lead_file = open_lead_file(path, encoding=encoding, sheet=sheet)  # its kind and encoding
    sheets: dict[str, Any] = {}
    sheet_problems: list[Problem] = []
    with lead_file.binary:
        if lead_file.kind == "xlsx":
            from funnel.transfer.excel import sheet_children

            # an unreadable file or unknown sheet: an error before the store is opened
            sheets = sheet_children(
                lead_file, lambda *problem: sheet_problems.append(Problem(*problem))
            )
        elif sheet is not None:
            raise InvalidValue(t("err.sheet_not_xlsx"))
    if rejects is not None and lead_file.kind == "json":
        raise InvalidValue(t("err.rejects_kind"))
    problems: dict[int, list[str]] = {}

    def keep(problem: Problem) -> None:
        if not problem.sheet:  # a row of the leads: the rejects file gets it
            problems.setdefault(problem.line, []).append(problem.message)
        on_problem(problem)

    try:
        return _import(
            store,
            path,
            lead_file,
            sheet,
            policy,
            dry_run,
            now,
            default_owner,
            reason,
            on_problem if rejects is None else keep,
            on_progress,
            on_extra_columns,
            sheets,
            sheet_problems,
        )
    except RowsRefused:
        if rejects is None:
            raise
        from funnel.transfer.rejects import write_rejects

        try:
            count = write_rejects(path, lead_file.encoding, problems, rejects, sheet=sheet)
        except OSError as exc:
            raise InvalidValue(t("err.io", path=rejects, why=exc.strerror or exc)) from None
        on_rejects(count)
        raise


class RowsRefused(InvalidValue):
    """Some rows were refused: nothing was imported."""


def _import(
    store: AbstractContextManager[Store],
    path: Path,
    lead_file: LeadFile,
    sheet: str | None,
    policy: OnDuplicate,
    dry_run: bool,
    now: datetime,
    default_owner: str | None,
    reason: str | None,
    on_problem: Callable[[Problem], None],
    on_progress: Callable[[int, int], None],
    on_extra_columns: Callable[[Sequence[str]], None],
    sheets: dict[str, Any],
    sheet_problems: list[Problem],
) -> Summary:
    with store as st, st.read() if dry_run else st.write() as conn:
        lock_all_leads(conn)  # an update decides from rows it read: nobody changes them meanwhile
        importer = Importer(
            conn,
            now=now,
            on_duplicate=policy,
            write=not dry_run,
            reason=reason,
            batch_size=BATCH,
            report=on_problem,
        )
        if sheets:
            importer.take_sheets(sheets)
        for problem in sheet_problems:  # the other sheets' rows: told with the sheet's name
            importer.bad(*problem)
        if lead_file.size > DEFER_INDEXES_BYTES:
            importer.defer_indexes()
        batches = prepare_in_child(
            path,
            encoding=lead_file.encoding,
            now=now,
            default_owner=default_owner,
            for_update=policy is OnDuplicate.update,
            size=BATCH,
            shape=importer.shaper.shape,
            sheet=sheet,
        )
        on_progress(0, lead_file.size)
        with closing(batches):
            for number, (progress, batch) in enumerate(batches):
                if number == 0 and progress.extra_columns:
                    on_extra_columns(progress.extra_columns)
                for item in batch:
                    importer.take(item)
                on_progress(progress.position, lead_file.size)
        summary = importer.finish()
        summary.kind = lead_file.kind
        summary.encoding = None if lead_file.kind == "xlsx" else lead_file.encoding  # a zip of XML
        if summary.bad:
            key = "err.import_dry_failed" if dry_run else "err.import_failed"
            raise RowsRefused(t(key, count=summary.bad, file=path.name))
    return summary
