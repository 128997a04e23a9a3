"""How the forecast and the goals look: for people a chart (stacked bars per period;
a progress bar per goal) above the figures, ``-f text`` for mail, and for scripts the
records ``plain``/``csv`` print. The goal list is a plain listing."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from funnel.i18n import t
from funnel.views.render import Column, View, human, listing, money
from funnel.views.reports import ReportView, _advice, _money, _title

CHART_WIDTH = 36  # the longest stacked bar, in cells (fits 60 columns with its labels)
PROGRESS_WIDTH = 24
# won, then the open deals expected to close: commit (quasi), the rest of the best case
# (intent). Distinct marks, so the chart reads without colour too.
FORECAST_BARS = (("won", "green", "█"), ("commit", "yellow", "▓"), ("best_rest", "blue", "░"))
MONEY_KEYS = frozenset(
    ("won", "commit", "best_case", "weighted", "value", "target", "gap", "weighted_open")
)
MONEY_KEYS |= {f"{k}_value" for k in ("slipped", "no_close_date")}


def times(value: float | None) -> str:
    """Coverage: how many times the pipeline covers the gap ('—' without a gap)."""
    return "—" if value is None else f"{value:.2f}×"


def owner_label(owner: str | None) -> str:
    return t("goal.team") if owner is None else owner


def _amount(value: Any) -> float:
    return float(value or 0)


def stacked(parts: Sequence[tuple[float, str, str]], top: float, width: int) -> Any:
    """One bar of segments (value, style, mark), ``width`` cells for ``top``; the ends are
    rounded cumulatively, so the bar's length is its total's and no segment is lost to
    rounding when it is at least a cell wide."""
    from rich.text import Text

    bar = Text()
    if top <= 0:
        return bar
    done = 0.0
    drawn = 0
    for value, style, mark in parts:
        if value <= 0:
            continue
        done += value
        end = max(round(width * done / top), drawn + 1)
        bar.append(mark * (end - drawn), style=style)
        drawn = end
    return bar


# --- the forecast ---------------------------------------------------------------------------


def forecast_chart(data: Mapping[str, Any], *, subtitle: str = "", currency: str = "") -> list[Any]:
    """A stacked bar per period (won, commit, best case), the figures, then the slipped
    and undated open leads."""
    from rich.table import Table
    from rich.text import Text

    from funnel.views.render import rich_table

    show = _money(currency)
    periods = data["periods"]
    parts: list[Any] = [Text(_title("forecast", subtitle), style="bold")]
    top = max((_amount(p["won"]) + _amount(p["best_case"]) for p in periods), default=0)
    chart = Table.grid(padding=(0, 1))
    chart.add_column(style="bold", no_wrap=True)
    chart.add_column(no_wrap=True, overflow="crop", max_width=CHART_WIDTH)
    chart.add_column(justify="right", no_wrap=True)
    for p in periods:
        segments = (
            _amount(p["won"]),
            _amount(p["commit"]),
            _amount(p["best_case"]) - _amount(p["commit"]),
        )
        bar = stacked(
            [
                (v, style, mark)
                for v, (_k, style, mark) in zip(segments, FORECAST_BARS, strict=True)
            ],
            top,
            CHART_WIDTH,
        )
        chart.add_row(p["period"], bar, show(_amount(p["won"]) + _amount(p["best_case"])))
    parts.append(chart)
    parts.append(_legend())
    parts.append(
        rich_table(
            periods,
            (
                Column("period", token=True),
                Column("won", show=show, justify="right", token=True),
                Column("commit", show=show, justify="right", token=True, priority=3),
                Column("best_case", show=show, justify="right", token=True, priority=2),
                Column("weighted", show=show, justify="right", token=True),
                Column("leads", justify="right", token=True, priority=1),
            ),
        )
    )
    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="dim")
    summary.add_column()
    for key in ("slipped", "no_close_date"):
        figures = data[key]
        summary.add_row(
            t(f"report.{key}"),
            t("report.leads_worth", leads=human(figures["leads"]), value=show(figures["value"])),
        )
    parts += [summary, _advice("forecast")]
    return parts


def _legend() -> Any:
    from rich.text import Text

    legend = Text(t("report.forecast_legend"), style="dim")
    for _key, style, mark in FORECAST_BARS:
        legend.highlight_words([mark], style=style)
    return legend


def _forecast_tail(data: Mapping[str, Any]) -> list[tuple[str, Any]]:
    return [
        (f"{key}_{figure}", data[key][figure])
        for key in ("slipped", "no_close_date")
        for figure in ("leads", "value")
    ]


# --- goals ----------------------------------------------------------------------------------


def goals_chart(
    data: Sequence[Mapping[str, Any]], *, subtitle: str = "", currency: str = ""
) -> list[Any]:
    """A progress bar per goal (won against target), then the figures."""
    from rich.table import Table
    from rich.text import Text

    from funnel.views.render import rich_table

    show = _money(currency)
    parts: list[Any] = [Text(_title("goals", subtitle), style="bold")]
    if not data:
        return [*parts, Text(t("msg.no_goals"), style="dim")]
    chart = Table.grid(padding=(0, 1))
    chart.add_column(style="bold", no_wrap=True)
    chart.add_column(no_wrap=True, overflow="ellipsis", max_width=16)
    chart.add_column(no_wrap=True, overflow="crop", max_width=PROGRESS_WIDTH)
    chart.add_column(justify="right", no_wrap=True)
    for g in data:
        target, won = _amount(g["target"]), _amount(g["won"])
        share = won / target if target else 1.0
        done = min(PROGRESS_WIDTH, round(PROGRESS_WIDTH * min(share, 1.0)))
        bar = Text("█" * done, style="green" if share >= 1 else "cyan")
        bar.append("░" * (PROGRESS_WIDTH - done), style="dim")
        chart.add_row(g["period"], owner_label(g["owner"]), bar, f"{share * 100:.0f}%")
    parts.append(chart)
    rows = [{**g, "owner": owner_label(g["owner"])} for g in data]
    parts.append(
        rich_table(
            rows,
            (
                Column("period", token=True),
                Column("owner", token=False),
                Column("target", show=show, justify="right", token=True, priority=2),
                Column("won", show=show, justify="right", token=True),
                Column("gap", show=show, justify="right", token=True),
                Column("weighted_open", show=show, justify="right", token=True, priority=1),
                Column("coverage", show=times, justify="right", token=True),
            ),
        )
    )
    parts.append(_advice("goals"))
    return parts


# --- both: -f text ----------------------------------------------------------------------------


def text_value(currency: str) -> Callable[[str, Any], str]:
    """How a forecast or goal figure reads in ``-f text``, by its key."""

    def show(key: str, value: Any) -> str:
        if key == "owner":
            return owner_label(value)
        if key == "coverage":
            return times(value)
        if value is None:
            return "—"
        if key in MONEY_KEYS:
            return money(value, currency)
        return human(value)

    return show


@dataclass(frozen=True)
class MoneyReportView(ReportView):
    """A report whose figures are mostly amounts (``won`` is money here, not a count)."""

    empty_key: str = "report.empty"

    def text(self, data: Any, *, subtitle: str = "", currency: str = "") -> Iterator[str]:
        from funnel.domain.dates import today
        from funnel.views.text import report_lines

        return report_lines(
            f"{_title(self.name, subtitle)} · {today().isoformat()}",
            self.records(data),
            self.keys,
            show=text_value(currency),
            tail=self.tail(data),
            empty=t(self.empty_key),
        )


FORECAST = MoneyReportView(
    forecast_chart,
    keys=("period", "won", "commit", "best_case", "weighted", "leads"),
    records=lambda data: list(data["periods"]),
    tail=_forecast_tail,
    periodic=True,
    name="forecast",
)
GOALS = MoneyReportView(
    goals_chart,
    keys=("period", "owner", "target", "won", "gap", "weighted_open", "coverage"),
    name="goals",
    empty_key="msg.no_goals",
)


# --- the goal list ----------------------------------------------------------------------------


def goal_list(goals: Sequence[Mapping[str, Any]], *, currency: str = "") -> View:
    rows = [{**g, "who": owner_label(g["owner"])} for g in goals]
    return listing(
        rows,
        document=list(goals),
        columns=(
            Column("period", token=True),
            Column("who", header="h.owner", token=False),
            Column("target", show=_money(currency), justify="right", token=True),
        ),
        keys=("period", "owner", "target"),
        title=t("title.goals"),
        empty=t("msg.no_goals"),
    )
