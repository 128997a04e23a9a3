"""``funnel import`` and ``funnel export``: leads in from a spreadsheet or a backup,
everything out to a file a manager can open or a backup that restores exactly."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any

import typer

from funnel.cli.common import FormatOpt, format_option, now, open_store, state
from funnel.i18n import t
from funnel.transfer.terms import OnDuplicate, Problem
from funnel.views.render import Format


class _ProgressBar:
    """The views' progress bar for an import that reports (done, total): it starts at
    the first report, once the import's reading process has started (no thread may
    run before that fork), and ends with the ``ExitStack`` it is given."""

    def __init__(self, stack: ExitStack, label: str) -> None:
        self.stack = stack
        self.label = label
        self.tick: Callable[[int], None] | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.tick is None:
            from funnel.views.render import progress

            self.tick = self.stack.enter_context(progress(total, self.label))
        self.tick(done)


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", show_default=False, help="A .csv, .xlsx (Excel) or .json file."
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every row and write nothing.")
    ] = False,
    on_duplicate: Annotated[
        OnDuplicate,
        typer.Option(
            "--on-duplicate",
            case_sensitive=False,
            help="A row with the phone or email of a known lead (or of an earlier row): "
            "error (the default), skip it, or update that lead.",
        ),
    ] = OnDuplicate.error,
    encoding: Annotated[
        str | None,
        typer.Option(
            metavar="ENCODING",
            help="The CSV's encoding (default: UTF-8 with or without BOM, else GB18030/GBK).",
        ),
    ] = None,
    rejects: Annotated[
        Path | None,
        typer.Option(
            "--rejects",
            metavar="FILE.csv",
            help="When rows are refused, write them to FILE.csv as they were, with an "
            "error column saying why; fix them there and import that file (its error "
            "column is ignored).",
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="The sheet of an .xlsx file (default: the first)."),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Import leads from CSV, Excel (.xlsx) or JSON: all or nothing.

    Header names are the lead's field names (any case) or their Chinese names (姓名,
    公司, 电话, 邮箱, 微信, 来源, 负责人, 阶段, 金额…); other columns become custom fields.
    Any bad row: every bad row is reported with its line number, nothing is written,
    exit 1. A JSON export restores everything, ids included in an empty store.

    Example: funnel import 客户名单.csv --dry-run && funnel import 客户名单.csv
    """
    from funnel.domain.text import one_line
    from funnel.transfer.importing import import_file
    from funnel.views.render import record, show, warn

    settings = state(ctx).settings()
    target = _rejects_target(ctx, file, rejects) if rejects is not None else None

    def written(count: int) -> None:
        warn(t("msg.rejects_written", count=count, path=rejects))

    def problem(p: Problem) -> None:
        warn("error: " + t("err.import_row", file=file.name, line=p.line, why=p.message))

    def extra_columns(columns: Sequence[str]) -> None:
        warn(t("msg.import_extra", columns=", ".join(columns)))

    with ExitStack() as stack:
        summary = import_file(
            open_store(ctx, write=not dry_run),
            file,
            policy=on_duplicate,
            dry_run=dry_run,
            encoding=encoding,
            sheet=sheet,
            now=now(),
            default_owner=settings.owner,
            # the history keeps the file's name on one line, as an error would show it
            reason=t("ev.imported", file=one_line(file.name)),
            on_problem=problem,
            on_progress=_ProgressBar(stack, file.name),
            on_extra_columns=extra_columns,
            rejects=target,
            on_rejects=written,
        )
    data = {
        "file": str(file),
        "format": summary.kind,
        "encoding": summary.encoding,
        "dry_run": dry_run,
        "rows": summary.rows,
        "imported": summary.imported,
        "updated": summary.updated,
        "skipped": summary.skipped,
    }
    sentence = t(
        "msg.dry_run" if dry_run else "msg.imported",
        file=file.name,
        **{k: data[k] for k in ("imported", "updated", "skipped")},
    )
    show(record(data, keys=list(data), human=lambda: [sentence]), fmt)


def _rejects_target(ctx: typer.Context, file: Path, rejects: Path) -> Path:
    """Where ``--rejects`` writes, checked before anything is read: a plain file, not
    the store's, not the file being imported."""
    from funnel.cli.common import store_target
    from funnel.errors import InvalidValue
    from funnel.files import output_target, store_files

    try:
        target = output_target(rejects, protect=store_files(store_target(ctx)[1]))
    except OSError as exc:
        raise InvalidValue(t("err.io", path=rejects, why=exc.strerror or exc)) from None
    if target == file.expanduser().resolve():
        raise InvalidValue(t("err.rejects_is_input"))
    return target


def export(
    ctx: typer.Context,
    fmt: Annotated[
        Format | None,
        format_option(
            Format.csv,
            Format.json,
            help="json (default): everything, restorable; csv: one row per lead, the headers "
            "import reads, a column per custom field. Default follows -o's extension.",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
    ] = None,
) -> None:
    """Export every lead: JSON with history, stays, activities, payments and orders (an
    import into an empty store reproduces every report), or CSV for a spreadsheet.

    Example: funnel export -f json -o backup.json; funnel export -o leads.csv
    """
    from funnel.files import store_files
    from funnel.store.leads import custom_field_names
    from funnel.transfer.export import (
        export_header,
        export_leads,
        spreadsheet_keys,
        spreadsheet_rows,
    )
    from funnel.views.render import Document, View, message, show

    state(ctx).settings()
    if (output or "").lower().endswith(".xlsx"):
        if fmt is not None:
            from funnel.errors import InvalidValue

            raise InvalidValue(t("err.xlsx_format", path=output, fmt=fmt.value))
        _export_xlsx(ctx, output or "")
        return
    if fmt is None:
        fmt = Format.csv if (output or "").lower().endswith(".csv") else Format.json
    moment = now()
    written = 0

    def counted(leads: Iterable[Any]) -> Iterator[Any]:
        nonlocal written
        for lead in leads:
            written += 1
            yield lead

    with open_store(ctx, write=False) as st, st.read() as conn:
        # Both streams are lazy: only the one the format asks for reads the store.
        everything = counted(export_leads(conn, full=True))
        custom = custom_field_names(conn) if fmt is Format.csv else []
        view = View(
            json=Document(export_header(moment), "leads", everything),
            rows=counted(spreadsheet_rows(export_leads(conn, full=False), custom)),
            keys=spreadsheet_keys(custom),
        )
        show(view, fmt, out=output, protect=store_files(st.path))
    if output not in (None, "-"):
        message(t("msg.exported", count=written, path=output))


def _export_xlsx(ctx: typer.Context, output: str) -> None:
    """Everything as an Excel workbook: the leads (a column per custom field), their
    payments, orders and activities, each a sheet; written whole, private."""
    from funnel.files import store_files
    from funnel.store.leads import custom_field_names
    from funnel.transfer.excel import write_xlsx
    from funnel.transfer.export import export_leads
    from funnel.transfer.lead_keys import CSV_KEYS
    from funnel.views.render import message
    from funnel.views.render import output as output_file

    with open_store(ctx, write=False) as st, st.read() as conn:
        custom = custom_field_names(conn)
        with output_file(output, binary=True, protect=store_files(st.path)) as out:
            written = write_xlsx(out, export_leads(conn, full=True), custom, CSV_KEYS)
    message(t("msg.exported", count=written, path=output))


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.command()(export)
