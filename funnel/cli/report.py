"""``funnel report``: the funnel, sources, owners, trend and the customer-value reports,
each declared once in ``REPORTS``: the query that computes it and the view that prints it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from funnel.cli import complete
from funnel.cli.common import FormatOpt, open_store, state
from funnel.views import forecast as views_forecast
from funnel.views import reports as views_reports

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from funnel.store.reports import Context


@dataclass(frozen=True)
class Report:
    """One report: ``query`` names its function in ``funnel.store.reports`` (imported
    when the report runs, so ``--help`` never loads SQL); ``view`` prints its data."""

    query: str
    view: views_reports.ReportView
    module: str = "reports"  # the module of ``funnel.store`` that has the query

    def run(self, conn: Connection, ctx: Context) -> Any:
        from importlib import import_module

        store = import_module(f"funnel.store.{self.module}")
        query: Callable[[Connection, Context], Any] = getattr(store, self.query)
        return query(conn, ctx)


REPORTS: dict[str, Report] = {
    "funnel": Report("funnel", views_reports.FUNNEL),
    "sources": Report("sources", views_reports.SOURCES),
    "owners": Report("owners", views_reports.OWNERS),
    "trend": Report("trend", views_reports.TREND),
    "abc": Report("abc", views_reports.ABC),
    "rfm": Report("rfm", views_reports.RFM),
    "loyalty": Report("loyalty", views_reports.LOYALTY),
    "lifecycle": Report("lifecycle", views_reports.LIFECYCLE),
    "matrix": Report("matrix", views_reports.MATRIX),
    "calibrate": Report("calibrate", views_reports.CALIBRATE),
    "lost": Report("lost", views_reports.LOST),
    "forecast": Report("forecast", views_forecast.FORECAST, module="forecast"),
    "goals": Report("goals_report", views_forecast.GOALS, module="forecast"),
}
# The reports `--as-of` can rebuild: those that read only the leads' stage, state,
# value, close date and payments.
AS_OF = ("funnel", "sources", "owners", "forecast", "lost")
DEFAULT = "funnel"  # `funnel report` alone, and what `funnel demo` shows

# The REPORT argument's choices: the registry's names (mypy cannot see members made so).
Kind = Enum("Kind", {name: name for name in REPORTS}, type=str)  # type: ignore[misc]


# --by: the period of a trend; what a lost report groups by.
BY = {
    "trend": ("month", "week", "quarter"),
    "lost": ("reason", "stage", "owner", "source"),
    "forecast": ("month", "quarter"),
}


def _by_choices(incomplete: str) -> list[str]:
    return [c for choices in BY.values() for c in choices if c.startswith(incomplete.lower())]


def report(
    ctx: typer.Context,
    kind: Annotated[
        Kind, typer.Argument(case_sensitive=False, metavar="REPORT", help="Which report.")
    ] = Kind[DEFAULT],
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
        str | None,
        typer.Option(
            metavar="<month|week|quarter|reason|stage|owner|source>",
            help="trend: one row per month (default), week or quarter, up to today (or "
            "--until); forecast: month (default) or quarter; lost: per reason (default), "
            "stage lost from, owner or source.",
            autocompletion=_by_choices,
        ),
    ] = None,
    apply: Annotated[
        bool,
        typer.Option(
            "--apply",
            help="calibrate: write the observed probabilities into the config file "
            "(the old file kept as .bak); needs 20 decided leads per stage.",
        ),
    ] = False,
    periods: Annotated[
        int,
        typer.Option(
            min=1,
            metavar="N",
            help="forecast: how many months (or quarters, with --by quarter), from the current one.",
        ),
    ] = 6,
    period: Annotated[
        str | None,
        typer.Option(
            metavar="PERIOD",
            help="goals: only the goals of PERIOD (2026-11, 2026-Q4 or 2026).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Save the report to FILE (.html, .svg or .txt) instead of printing it.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The report as it stood at the end of DATE, rebuilt from the history "
            "(funnel, sources, owners, forecast, lost).",
        ),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Analytics over the leads created in [--since, --until]: the funnel (default),
    sources, owners, trend, and customer value (abc, rfm, loyalty, lifecycle, matrix);
    lost (win/loss by reason, stage, owner or source) and calibrate (each stage's
    configured against observed chance to win).

    Example: funnel report --since 2026-07-01 --owner li; funnel report abc -o abc.html
    """
    from funnel.domain.dates import parse_date, today
    from funnel.domain.forecast import MAX_PERIODS, parse_period
    from funnel.domain.leads import check_text
    from funnel.errors import InvalidValue
    from funnel.files import store_files
    from funnel.i18n import t
    from funnel.store import reports as store_reports
    from funnel.views import render

    settings = state(ctx).settings()
    check_text(owner, field="--owner")
    check_text(source, field="--source")
    day0 = today()
    start = parse_date(since, today=day0) if since else None
    end = parse_date(until, today=day0) if until else None
    if start and end and start > end:
        raise InvalidValue(t("err.since_until", since=start.isoformat(), until=end.isoformat()))
    if periods > MAX_PERIODS:
        raise InvalidValue(t("err.periods", most=MAX_PERIODS))
    if period is not None:
        parse_period(period)
    chosen = REPORTS[kind.value]
    grouped = _by(kind.value, by)
    if apply and kind.value != "calibrate":
        raise InvalidValue(t("err.apply_kind"))
    day = parse_date(as_of, today=day0) if as_of else None
    if day is not None and kind.value not in AS_OF:
        raise InvalidValue(t("err.as_of_kind", report=kind.value, kinds=", ".join(AS_OF)))
    cohort = store_reports.Cohort(since=start, until=end, owner=owner, source=source)
    context = store_reports.Context(
        cohort=cohort,
        settings=settings,
        today=day or day0,
        by=grouped,
        as_of=day,
        periods=periods,
        period=period,
    )
    # Printed while the snapshot is open: a customer report is read as it prints.
    with open_store(ctx, write=False) as st, st.read() as conn:
        data = chosen.run(conn, context)
        view = chosen.view.of(
            data, cohort=cohort, by=grouped, currency=settings.currency, as_of=day
        )
        render.show(view, fmt, out=output, protect=store_files(st.path))
    if output is not None:
        render.message(t("msg.report_saved", path=output))
    if apply:
        _apply(settings, data)


def _by(kind: str, by: str | None) -> str:
    """--by checked against what ``kind`` groups by (default: its first choice)."""
    from funnel.errors import InvalidValue
    from funnel.i18n import t

    choices = BY.get(kind, BY["trend"])
    if by is None:
        return choices[0]
    if by.lower() not in choices:
        if kind == "forecast":
            raise InvalidValue(t("err.forecast_by", by=by))
        raise InvalidValue(t("err.by_choice", report=kind, choices=", ".join(choices), by=by))
    return by.lower()


def _apply(settings: Any, data: dict[str, Any]) -> None:
    """calibrate --apply: the observed probabilities into the config file, when every
    stage has enough decided leads; else an error and the file untouched."""
    from funnel.config import write_probabilities
    from funnel.domain.calibration import MIN_DECIDED
    from funnel.errors import InvalidValue
    from funnel.i18n import t
    from funnel.views import render

    short = [r["stage"] for r in data["stages"] if r["decided"] < MIN_DECIDED]
    if short:
        raise InvalidValue(t("err.calibrate_few", least=MIN_DECIDED, stages=", ".join(short)))
    observed = {r["stage"]: r["observed"] for r in data["stages"]}
    backup = write_probabilities(settings.path, observed)
    render.message(t("msg.calibrated", path=settings.path, backup=backup or "—"))


def register(app: typer.Typer) -> None:
    app.command()(report)
