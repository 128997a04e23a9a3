"""How reports look: Rich charts and tables for people (the ``table`` format and ``-o``),
and for scripts the records ``plain``/``csv`` print. One :class:`ReportView` per report;
``funnel.cli.report`` pairs each with its query.

Scripts get the same numbers from ``json``/``csv``; these views only draw them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from funnel.i18n import t
from funnel.views.render import Column, Streamed, View, human, money

BAR = "█"
SPARKS = "▁▂▃▄▅▆▇█"
FUNNEL_WIDTH = 40
BAR_WIDTH = 30
TREND_ROWS = 24  # the latest periods a trend table shows; -f json/csv/plain have them all
SPARK_PERIODS = 48  # the latest periods a sparkline shows (fits 60 columns)
TREND_BAR = 12  # the widest of the new, won and lost bars, in cells
CUSTOMER_ROWS = 25
STAGE_STYLES = ("cyan", "blue", "magenta", "yellow", "green")
# new, won and lost side by side; distinct marks so the chart reads without colour too.
TREND_BARS = (("new", "cyan", "█"), ("won", "green", "▓"), ("lost", "red", "░"))


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def bar(count: float, top: float, width: int = BAR_WIDTH) -> str:
    """A bar of ``width`` × count/top blocks; never empty for a non-zero count."""
    if not top or count <= 0:
        return ""
    return BAR * max(1, round(width * count / top))


def sparkline(values: Sequence[int]) -> str:
    top = max(values, default=0)
    if not top:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[min(len(SPARKS) - 1, round((len(SPARKS) - 1) * v / top))] for v in values)


def _label(prefix: str, key: str | None) -> str:
    return t(f"{prefix}.{key}") if key else t("report.none")


def _advice(key: str) -> Any:
    from rich.panel import Panel

    from funnel.views.paragraph import Paragraph

    # wrapped by Paragraph: never a Chinese comma or full stop starting a line
    advice = Paragraph(t(f"advice.{key}"))
    return Panel(advice, title=t("title.advice"), title_align="left", expand=False)


def _title(key: str, subtitle: str) -> str:
    return t(f"title.report.{key}") + (f" · {subtitle}" if subtitle else "")


# --- the funnel -----------------------------------------------------------------------------


def funnel_view(data: Mapping[str, Any], *, subtitle: str = "", currency: str = "") -> list[Any]:
    """Bars narrowing stage by stage, conversion between them, then the figures."""
    from rich.table import Table
    from rich.text import Text

    from funnel.domain.stages import Stage
    from funnel.views.render import rich_table

    stages = data["stages"]
    top = stages[0]["reached"]
    chart = Table.grid(padding=(0, 1))
    chart.add_column(justify="right", style="bold")
    chart.add_column(justify="center", width=FUNNEL_WIDTH, no_wrap=True)
    chart.add_column(justify="right")
    for i, row in enumerate(stages):
        width = max(1, round(FUNNEL_WIDTH * row["reached"] / top)) if top and row["reached"] else 0
        chart.add_row(
            Stage[row["stage"].upper()].label,
            Text(BAR * width, style=STAGE_STYLES[i]),
            human(row["reached"]),
        )
        if i + 1 < len(stages):
            chart.add_row("", Text(f"↓ {pct(row['conversion'])}", style="dim"), "")
    figures = [{**row, "label": Stage[row["stage"].upper()].label} for row in stages]
    money = _money(currency)
    table = rich_table(
        figures,
        (
            Column("label", "h.stage", style="bold"),
            Column("active", justify="right"),
            Column("value", show=money, justify="right"),
            Column("reached", justify="right"),
            Column("conversion", show=pct, justify="right"),
            Column("avg_days", show=days, justify="right"),
        ),
    )
    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="dim")
    summary.add_column()
    lost = data["lost"]
    summary.add_row(t("report.win_rate"), pct(data["win_rate"]))
    summary.add_row(t("report.weighted_pipeline"), money(data["weighted_pipeline"]))
    summary.add_row(t("report.lost_total"), human(lost["total"]))
    parts: list[Any] = [Text(_title("funnel", subtitle), style="bold"), chart, table, summary]
    if lost["total"]:
        by_stage = [
            {"label": Stage[k.upper()].label, "count": v} for k, v in lost["by_stage"].items() if v
        ]
        by_reason = [
            {"reason": k or t("report.none"), "count": v} for k, v in lost["by_reason"].items()
        ]
        parts.append(
            rich_table(
                by_stage,
                (Column("label", "h.lost_stage"), Column("count", "h.leads", justify="right")),
                title=t("title.lost_by_stage"),
            )
        )
        parts.append(
            rich_table(
                by_reason,
                (Column("reason", "h.reason"), Column("count", "h.leads", justify="right")),
                title=t("title.lost_by_reason"),
            )
        )
    parts.append(_advice("funnel"))
    return parts


def _money(currency: str) -> Callable[[Any], str]:
    """Amounts in a report: no amount reads as 0."""

    def show(value: Any) -> str:
        return money(0 if value is None else value, currency)

    return show


# --- sources, owners, trend ------------------------------------------------------------------


def breakdown_view(key: str) -> Callable[..., list[Any]]:
    def view(
        data: Sequence[Mapping[str, Any]], *, subtitle: str = "", currency: str = ""
    ) -> list[Any]:
        from rich.text import Text

        from funnel.views.render import rich_table

        rows = [
            {
                **r,
                key: r[key] if r[key] is not None else t("report.none"),
                "bar": bar(r["win_rate"] or 0, 1, 20),
            }
            for r in data
        ]
        table = rich_table(
            rows,
            (
                Column(key, f"h.{key}", style="bold"),
                Column("leads", justify="right"),
                Column("won", justify="right"),
                Column("win_rate", show=pct, justify="right"),
                Column("bar", "h.win_rate_chart", style="green", priority=1),
                Column("value", "h.won_value", show=_money(currency), justify="right"),
            ),
        )
        parts: list[Any] = [Text(_title(f"{key}s", subtitle), style="bold")]
        parts.append(table if data else Text(t("report.empty"), style="dim"))
        parts.append(_advice(f"{key}s"))
        return parts

    return view


def trend_view(
    data: Sequence[Mapping[str, Any]], *, subtitle: str = "", currency: str = ""
) -> list[Any]:
    """Sparklines of the latest periods, then a table of the latest TREND_ROWS periods
    (JSON, csv and plain keep every period)."""
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = [Text(_title("trend", subtitle), style="bold")]
    if not data:
        return [*parts, Text(t("report.empty"), style="dim"), _advice("trend")]
    sparked = data[-SPARK_PERIODS:]
    sparks = Table.grid(padding=(0, 2))
    sparks.add_column(style="dim")
    sparks.add_column()
    sparks.add_row(
        "", Text(t("report.spark_range", first=sparked[0]["period"], last=sparked[-1]["period"]))
    )
    for key, style, _mark in TREND_BARS:
        sparks.add_row(t(f"h.{key}"), Text(sparkline([r[key] for r in sparked]), style=style))
    shown = data[-TREND_ROWS:]
    top = max(max(r["new"], r["won"], r["lost"]) for r in shown)
    table = Table(header_style="bold", expand=False)
    width = max(len(r["period"]) for r in shown)
    table.add_column(t("h.period"), no_wrap=True, min_width=width)
    for key in ("new", "won", "lost"):
        table.add_column(t(f"h.{key}"), justify="right", no_wrap=True)
    table.add_column(_trend_marks(t("h.trend_bars")), no_wrap=True, overflow="crop")
    for r in shown:
        chart = Text()
        for key, style, mark in TREND_BARS:
            if r[key]:
                chart.append(bar(r[key], top, TREND_BAR).replace(BAR, mark), style=style)
                chart.append(" ")
        table.add_row(r["period"], human(r["new"]), human(r["won"]), human(r["lost"]), chart)
    parts += [sparks, table]
    if len(shown) < len(data):
        parts.append(
            Text(t("report.latest_periods", shown=len(shown), total=len(data)), style="dim")
        )
    return [*parts, _trend_marks(t("report.trend_legend")), _advice("trend")]


def _trend_marks(text: str) -> Any:
    """A legend of the trend's bars: each mark in its bar's colour."""
    from rich.text import Text

    legend = Text(text)
    for _key, style, mark in TREND_BARS:
        legend.highlight_words([mark], style=style)
    return legend


# --- customers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CustomerReport:
    """Which summary list a customer report has, and the customer columns it adds."""

    key: str
    summary: str
    label_of: str
    extra: tuple[Column, ...] = field(default_factory=tuple)


def customers_view(spec: CustomerReport) -> Callable[..., list[Any]]:
    kind = spec.key

    def view(data: Any, *, subtitle: str = "", currency: str = "") -> list[Any]:
        """``data``: the report as the store reads it (``domain.reports.CustomerReport``):
        the first customers are kept for the table, the others only counted."""
        import itertools

        from rich.text import Text

        from funnel.views.render import rich_table

        money = _money(currency)
        parts: list[Any] = [Text(_title(kind, subtitle), style="bold")]
        customers = iter(data)
        shown = list(itertools.islice(customers, CUSTOMER_ROWS))
        for _rest in customers:
            pass
        count = data.count()
        if not count:
            return [*parts, Text(t("report.no_customers"), style="dim"), _advice(kind)]
        groups = data.groups()
        if kind == "abc":
            parts.append(pareto(groups, count))
        rows = [
            {
                **g,
                "label": g[spec.label_of]
                if kind == "abc"
                else _label(spec.label_of, g[spec.label_of]),
                "bar": bar(g["share"] or 0, 1, 20),  # the share of revenue, 100% = 20 cells
            }
            for g in groups
        ]
        columns = [
            Column("label", f"h.{spec.label_of}", style="bold"),
            Column("customers", justify="right"),
            Column("revenue", show=money, justify="right"),
            Column("share", show=pct, justify="right"),
            Column("bar", "h.share_bar", style="cyan", priority=1),
        ]
        if kind == "matrix":
            rows = [{**r, "relationship": _label("relationship", r["relationship"])} for r in rows]
            columns.insert(1, Column("relationship"))
        parts.append(rich_table(rows, columns))
        if kind == "matrix":
            figures = data.figures()
            parts.append(
                Text(
                    t(
                        "report.medians",
                        revenue=money(figures["median_revenue"]),
                        orders=human(figures["median_orders"]),
                    ),
                    style="dim",
                )
            )
        parts.append(
            rich_table(
                shown,
                (
                    Column("id", justify="right"),
                    Column("name", style="bold"),
                    Column("revenue", show=money, justify="right"),
                    Column("orders", justify="right", priority=2),
                    Column("first_order", priority=3),
                    Column("last_order", priority=1),
                    *spec.extra,
                ),
                title=t("title.customers"),
            )
        )
        if count > len(shown):
            parts.append(Text(t("report.more_customers", count=count - len(shown)), style="dim"))
        parts.append(_advice(kind))
        if kind == "abc":
            parts.append(_advice("abc_traps"))
        return parts

    return view


def pareto(classes: Sequence[Mapping[str, Any]], n: int) -> Any:
    """Two stacked bars: each class's share of customers against its share of revenue."""
    from rich.table import Table
    from rich.text import Text

    styles = {"A": "bold green", "B": "yellow", "C": "blue"}
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", justify="right")
    grid.add_column(no_wrap=True)
    width = 50
    for label, share_of in (
        (t("h.customers"), lambda c: c["customers"] / n if n else 0),
        (t("h.revenue"), lambda c: c["share"] or 0),
    ):
        line = Text()
        for c in classes:
            cells = round(width * share_of(c))
            if cells:
                text = (c["class"] + BAR * (cells - 1)) if cells > 1 else c["class"]
                line.append(text, style=styles[c["class"]])
        grid.add_row(label, line)
    return grid


# --- one view per report -------------------------------------------------------------------


def _itself(data: Any) -> Sequence[Mapping[str, Any]]:
    return list(data)


def _no_tail(_data: Any) -> list[tuple[str, Any]]:
    return []


def _as_is(data: Any) -> Any:
    return data


@dataclass(frozen=True)
class ReportView:
    """How one report prints, in every format."""

    chart: Callable[..., list[Any]]  # (data, subtitle=, currency=) → what people see
    keys: tuple[str, ...]  # each record's keys: plain's fields, csv's header, JSON's keys
    records: Callable[[Any], Sequence[Mapping[str, Any]]] = _itself  # the records in data
    tail: Callable[[Any], list[tuple[str, Any]]] = _no_tail  # plain's key/value lines after
    periodic: bool = False  # the subtitle names the period counted by (--by)
    name: str = ""  # the report's key: its title, and what -f text prints
    document: Callable[[Any], Any] = _as_is  # what -f json prints of the data
    takes_by: bool = False  # the chart is drawn per --by (lost: reason, stage…)

    def of(
        self,
        data: Any,
        *,
        cohort: Any = None,
        by: str = "",
        currency: str = "",
        as_of: Any = None,
    ) -> View:
        """The report's data as printed, the subtitle naming ``cohort`` (and ``by``, and
        the day ``as_of`` it stood)."""
        subtitle = "" if cohort is None else cohort_text(cohort, by=by if self.periodic else None)
        if as_of is not None:
            subtitle = " · ".join(x for x in (subtitle, t("report.as_of", day=as_of)) if x)
        extra = {"by": by} if self.takes_by else {}
        return View(
            json=self.document(data),
            rows=self.records(data),
            keys=self.keys,
            pairs=self.tail(data),
            human=lambda: self.chart(data, subtitle=subtitle, currency=currency, **extra),
            mail=lambda: self.text(data, subtitle=subtitle, currency=currency),
        )

    def text(self, data: Any, *, subtitle: str = "", currency: str = "") -> Iterator[str]:
        """``-f text``: the title, a block per record, the figures, the other sections."""
        import itertools

        from funnel.domain.dates import today
        from funnel.views.text import report_lines

        Section = tuple[str, Sequence[Mapping[str, Any]], Sequence[str]]
        sections: list[Section] = []
        later: Iterator[Section] = iter(())
        empty = t("report.empty")
        if self.name == "funnel":
            lost = data["lost"]
            by_stage = [{"stage": k, "leads": v} for k, v in lost["by_stage"].items() if v]
            by_reason = [{"reason": k, "leads": v} for k, v in lost["by_reason"].items()]
            sections.append((t("title.lost_by_stage"), by_stage, ("stage", "leads")))
            sections.append((t("title.lost_by_reason"), by_reason, ("reason", "leads")))
        elif self.name in CUSTOMER_SPECS:
            spec = CUSTOMER_SPECS[self.name]
            empty = t("report.no_customers")

            def summary() -> Iterator[Section]:
                # asked for once the customers are written: they are counted as they go
                keys = (spec.label_of, "customers", "revenue", "share")
                yield (t(f"h.{spec.label_of}"), data.groups(), keys)

            later = summary()
        records: Sequence[Mapping[str, Any]] = self.records(data)
        shown: Sequence[str] = self.keys
        if self.name == "calibrate":  # the interval reads as one figure
            records = [interval_record(r) for r in records]
            shown = ("stage", "configured", "observed", "decided", "interval")
        if self.name == "lost":  # a stage by its name, a missing key as (none)
            from funnel.domain.stages import Stage

            stages = {s.key: s.label for s in Stage}
            records = [
                {**r, "key": stages.get(r["key"], r["key"] or t("report.none"))} for r in records
            ]
        return report_lines(
            f"{_title(self.name, subtitle)} · {today().isoformat()}",
            records,
            shown,
            show=text_value(currency),
            tail=self.tail(data),
            sections=itertools.chain(sections, later),
            empty=empty,
        )


MONEY_KEYS = frozenset(("value", "revenue", "weighted_pipeline", "median_revenue"))
PCT_KEYS = frozenset(("win_rate", "conversion", "share"))
LABELLED = frozenset(("segment", "tier", "phase", "quadrant", "relationship"))


def text_value(currency: str) -> Callable[[str, Any], str]:
    """How a report's value reads in ``-f text``, by its key."""
    from funnel.views.leads import stage_label

    def show(key: str, value: Any) -> str:
        if key in ("stage", "lost_stage"):
            return stage_label(value)
        if key in ("configured", "observed") and value is not None:
            return pct(value)
        if key == "interval" and value is not None:
            return value
        if key in LABELLED:
            return _label(key, value)
        if key in ("source", "owner", "reason"):
            return value or t("report.none")
        if value is None:
            return "—"
        if key in MONEY_KEYS:
            return money(value, currency)
        if key in PCT_KEYS:
            return pct(value)
        if key == "avg_days":
            return days(value)
        return human(value)

    return show


def _funnel_tail(data: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """After the stage rows: win rate, weighted pipeline, the number lost."""
    return [
        ("win_rate", data["win_rate"]),
        ("weighted_pipeline", data["weighted_pipeline"]),
        ("lost", data["lost"]["total"]),
    ]


CUSTOMER_KEYS = ("id", "name", "revenue", "orders", "first_order", "last_order")


CUSTOMER_SPECS: dict[str, CustomerReport] = {}


def _customers(spec: CustomerReport) -> ReportView:
    CUSTOMER_SPECS[spec.key] = spec
    return ReportView(
        customers_view(spec),
        name=spec.key,
        keys=(*CUSTOMER_KEYS, *(column.key for column in spec.extra)),
        records=_customer_records,
        document=_customer_document,
    )


def _customer_records(data: Any) -> Any:
    """The customers: read as they print from the store's report, or a JSON's list."""
    return data["customers"] if isinstance(data, Mapping) else data


def _customer_document(data: Any) -> Any:
    """The report's JSON, the customers written as they are read."""
    return data if isinstance(data, Mapping) else Streamed(data.json)


FUNNEL = ReportView(
    funnel_view,
    keys=("stage", "active", "value", "reached", "conversion", "avg_days"),
    records=lambda data: list(data["stages"]),
    tail=_funnel_tail,
    name="funnel",
)
SOURCES = ReportView(
    breakdown_view("source"), keys=("source", "leads", "won", "win_rate", "value"), name="sources"
)
OWNERS = ReportView(
    breakdown_view("owner"), keys=("owner", "leads", "won", "win_rate", "value"), name="owners"
)
TREND = ReportView(trend_view, keys=("period", "new", "won", "lost"), periodic=True, name="trend")
ABC = _customers(CustomerReport("abc", "classes", "class", (Column("class", justify="center"),)))
RFM = _customers(
    CustomerReport(
        "rfm",
        "segments",
        "segment",
        (
            Column("r", justify="right"),
            Column("f", justify="right"),
            Column("m", justify="right"),
            Column("segment", show=lambda v: _label("segment", v)),
        ),
    )
)
LOYALTY = _customers(
    CustomerReport("loyalty", "tiers", "tier", (Column("tier", show=lambda v: _label("tier", v)),))
)
LIFECYCLE = _customers(
    CustomerReport(
        "lifecycle", "phases", "phase", (Column("phase", show=lambda v: _label("phase", v)),)
    )
)
MATRIX = _customers(
    CustomerReport(
        "matrix",
        "quadrants",
        "quadrant",
        (Column("quadrant", show=lambda v: _label("quadrant", v)),),
    )
)


# --- win/loss and calibration (issue 14, review part) ----------------------------------

LOST_HEADERS = {
    "reason": "h.reason",
    "stage": "h.lost_stage",
    "owner": "h.owner",
    "source": "h.source",
}


def lost_view(
    data: Sequence[Mapping[str, Any]], *, subtitle: str = "", currency: str = "", by: str = ""
) -> list[Any]:
    """Lost and dead leads per reason (stage, owner, source): count, value, a bar."""
    from rich.text import Text

    from funnel.domain.stages import Stage
    from funnel.views.render import rich_table

    by = by if by in LOST_HEADERS else "reason"
    parts: list[Any] = [Text(_title("lost", subtitle), style="bold")]
    if not data:
        return [*parts, Text(t("report.no_lost"), style="dim")]
    top = max(r["leads"] for r in data)
    rows = [
        {
            **r,
            "label": t("report.none")
            if r["key"] is None
            else (Stage[r["key"].upper()].label if by == "stage" else r["key"]),
            "bar": bar(r["leads"], top, 20),
        }
        for r in data
    ]
    table = rich_table(
        rows,
        (
            Column("label", LOST_HEADERS[by], style="bold"),
            Column("leads", justify="right"),
            Column("value", show=_money(currency), justify="right"),
            Column("bar", "h.lost_bar", style="red", priority=1),
        ),
    )
    return [*parts, table]


INTERVAL_WIDTH = 16  # 6.25 % a cell: the whole table fits 80 columns


def interval_bar(row: Mapping[str, Any]) -> Any:
    """0 %…100 % in INTERVAL_WIDTH cells: ━ the 95 % interval, ● the observed share,
    ┃ the configured probability (◉ where they meet)."""
    from rich.text import Text

    def cell(x: float) -> int:
        return min(INTERVAL_WIDTH - 1, int(x * INTERVAL_WIDTH))

    marks = ["·"] * INTERVAL_WIDTH
    if row["low"] is not None:
        for i in range(cell(row["low"]), cell(row["high"]) + 1):
            marks[i] = "━"
    configured = cell(row["configured"])
    observed = None if row["observed"] is None else cell(row["observed"])
    marks[configured] = "┃"
    if observed is not None:
        marks[observed] = "◉" if observed == configured else "●"
    text = Text("".join(marks))
    text.highlight_words(["━"], style="cyan")
    text.highlight_words(["●", "◉"], style="bold green")
    text.highlight_words(["┃"], style="yellow")
    return text


def interval_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """A calibrate row as people read it: the interval as 'low–high'."""
    shown = None if row["low"] is None else f"{pct(row['low'])}–{pct(row['high'])}"
    return {**row, "interval": shown}


def calibrate_view(data: Mapping[str, Any], *, subtitle: str = "", currency: str = "") -> list[Any]:
    """Each open stage: configured against observed, the interval as a bar."""
    from rich.text import Text

    from funnel.domain.stages import Stage
    from funnel.views.render import rich_table

    rows = [
        {
            **interval_record(r),
            "label": Stage[r["stage"].upper()].label,
            "bar": interval_bar(r),
        }
        for r in data["stages"]
    ]
    table = rich_table(
        rows,
        (
            Column("label", "h.stage", style="bold"),
            Column("configured", show=pct, justify="right"),
            Column("observed", show=pct, justify="right"),
            # narrow: the numbers the bar draws go before the bar the legend explains
            Column("decided", justify="right", priority=3),
            Column("interval", "h.interval", show=lambda v: v or "—", justify="right", priority=2),
            Column("bar", "h.interval_bar", show=str, token=True, priority=1),
        ),
    )
    return [
        Text(_title("calibrate", subtitle), style="bold"),
        table,
        Text(t("report.calibrate_legend"), style="dim"),
    ]


LOST = ReportView(
    lost_view, keys=("key", "leads", "value"), name="lost", takes_by=True, periodic=True
)
CALIBRATE = ReportView(
    calibrate_view,
    keys=("stage", "configured", "observed", "decided", "low", "high"),
    records=lambda data: list(data["stages"]),
    name="calibrate",
)


def cohort_text(cohort: Any, *, by: str | None = None) -> str:
    """Which leads a report covers, in one line ('' for all of them)."""
    parts = []
    if cohort.since or cohort.until:
        start = cohort.since.isoformat() if cohort.since else "…"
        end = cohort.until.isoformat() if cohort.until else "…"
        parts.append(t("report.created", since=start, until=end))
    if cohort.owner is not None:
        parts.append(t("report.owner", owner=cohort.owner))
    if cohort.source is not None:
        parts.append(t("report.source", source=cohort.source))
    if by:
        parts.append(t(f"report.by.{by}"))
    return " · ".join(parts)
