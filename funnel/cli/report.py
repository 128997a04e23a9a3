"""``funnel report``: the funnel, sources, owners, trend and the customer-value reports."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from funnel.cli import complete
from funnel.cli.common import FormatOpt, open_store, state


class Kind(str, Enum):
    funnel = "funnel"
    sources = "sources"
    owners = "owners"
    trend = "trend"
    abc = "abc"
    rfm = "rfm"
    loyalty = "loyalty"
    lifecycle = "lifecycle"
    matrix = "matrix"


class Period(str, Enum):
    month = "month"
    week = "week"
    quarter = "quarter"


def report(
    ctx: typer.Context,
    kind: Annotated[
        Kind, typer.Argument(case_sensitive=False, metavar="REPORT", help="Which report.")
    ] = Kind.funnel,
    since: Annotated[
        str | None, typer.Option(metavar="DATE", help="Only leads created on or after DATE.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(metavar="DATE", help="Only leads created on or before DATE.")
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(help="Only this salesperson's leads.", autocompletion=complete.owners),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(help="Only leads from this source.", autocompletion=complete.sources),
    ] = None,
    by: Annotated[
        Period,
        typer.Option(case_sensitive=False, help="trend: one row per month, week or quarter."),
    ] = Period.month,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Save the report to FILE (.html, .svg or .txt) instead of printing it.",
        ),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Analytics over the leads created in [--since, --until]: the funnel (default),
    sources, owners, trend, and customer value (abc, rfm, loyalty, lifecycle, matrix).

    Example: funnel report --since 2026-07-01 --owner li; funnel report abc -o abc.html
    """
    from funnel.domain.dates import parse_date, today
    from funnel.errors import InvalidValue
    from funnel.i18n import t
    from funnel.store import reports
    from funnel.views import render
    from funnel.views import reports as views_reports

    settings = state(ctx).settings()
    day0 = today()
    start = parse_date(since, today=day0) if since else None
    end = parse_date(until, today=day0) if until else None
    if start and end and start > end:
        raise InvalidValue(t("err.since_until", since=start.isoformat(), until=end.isoformat()))
    cohort = reports.Cohort(since=start, until=end, owner=owner, source=source)
    context = reports.Context(cohort=cohort, settings=settings, today=day0, by=by.value)
    with open_store(ctx) as st, st.read() as conn:
        data = reports.build(conn, kind.value, context)
    subtitle = views_reports.cohort_text(cohort, by=by.value if kind is Kind.trend else None)
    view = render.View(
        json=data,
        rows=views_reports.rows_of(kind.value, data),
        keys=views_reports.ROW_KEYS[kind.value],
        pairs=views_reports.plain_tail(kind.value, data),
        human=lambda: views_reports.VIEWS[kind.value](
            data, subtitle=subtitle, currency=settings.currency
        ),
    )
    render.show(view, fmt, out=output)
    if output is not None:
        render.message(t("msg.report_saved", path=output))


def register(app: typer.Typer) -> None:
    app.command()(report)
