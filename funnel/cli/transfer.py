"""``funnel import`` and ``funnel export``: leads in from a spreadsheet or a backup,
everything out to a file a manager can open or a backup that restores exactly."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from funnel.cli.common import FormatOpt, now, open_store, state
from funnel.i18n import t
from funnel.transfer.terms import OnDuplicate, Problem

BATCH = 1000  # records checked, sent and written together
# From about this size on, an import into an empty store builds its indexes at the end.
DEFER_INDEXES_BYTES = 1_000_000


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", show_default=False, help="A .csv or .json file.")
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
    fmt: FormatOpt = None,
) -> None:
    """Import leads from CSV or JSON: all or nothing.

    Header names are the lead's field names (any case) or their Chinese names (姓名,
    公司, 电话, 邮箱, 微信, 来源, 负责人, 阶段, 金额…); other columns become custom fields.
    Any bad row: every bad row is reported with its line number, nothing is written,
    exit 1. A JSON export restores everything, ids included in an empty store.

    Example: funnel import 客户名单.csv --dry-run && funnel import 客户名单.csv
    """
    from funnel.errors import InvalidValue
    from funnel.transfer import readers
    from funnel.transfer.checking import prepare_in_child
    from funnel.transfer.importer import Importer
    from funnel.views import render

    settings = state(ctx).settings()
    moment = now()
    lf = readers.open_lead_file(file, encoding=encoding)  # decides the kind and encoding
    lf.binary.close()

    def report(problem: Problem) -> None:
        render.warn(
            "error: " + t("err.import_row", file=file.name, line=problem.line, why=problem.message)
        )

    with open_store(ctx) as st, st.read() if dry_run else st.write() as conn:
        importer = Importer(
            conn,
            now=moment,
            on_duplicate=on_duplicate,
            write=not dry_run,
            reason=t("ev.imported", file=file.name),
            batch_size=BATCH,
            report=report,
        )
        if lf.size > DEFER_INDEXES_BYTES:
            importer.defer_indexes()
        batches = prepare_in_child(
            file,
            encoding=lf.encoding,
            now=moment,
            default_owner=settings.owner,
            for_update=on_duplicate is OnDuplicate.update,
            size=BATCH,
            shape=importer.shaper.shape,
        )
        with render.progress(lf.size, file.name) as tick:
            for number, (progress, batch) in enumerate(batches):
                if number == 0 and progress.extra_columns:
                    render.warn(t("msg.import_extra", columns=", ".join(progress.extra_columns)))
                for item in batch:
                    importer.take(item)
                tick(progress.position)
            summary = importer.finish()
        if summary.bad:
            key = "err.import_dry_failed" if dry_run else "err.import_failed"
            raise InvalidValue(t(key, count=summary.bad, file=file.name))
    data = {
        "file": str(file),
        "format": lf.kind,
        "encoding": lf.encoding,
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
    render.obj(data, fmt, keys=list(data), human_view=lambda: [sentence])


def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="json (default): everything, restorable; csv: one row per lead, the headers "
            "import reads. Default follows -o's extension.",
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
    from funnel.transfer.export import export_header, export_leads
    from funnel.transfer.lead_keys import CSV_KEYS
    from funnel.views.render import output as output_file
    from funnel.views.render import stream_csv, stream_json_document

    state(ctx).settings()
    kind = fmt.value if fmt else ("csv" if (output or "").lower().endswith(".csv") else "json")
    moment = now()
    with open_store(ctx) as st, st.read() as conn, output_file(output) as out:
        if kind == "csv":
            stream_csv(export_leads(conn, full=False), CSV_KEYS, out)
        else:
            leads = export_leads(conn, full=True)
            stream_json_document(export_header(moment), "leads", leads, out)


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.command()(export)
