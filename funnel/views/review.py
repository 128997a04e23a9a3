"""How ``funnel review`` prints: sections for people, ``-f text`` for mail, the figures
as key/value pairs for scripts (``-f json`` is the object itself)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from funnel.i18n import t
from funnel.views.render import Column, View, human, money

# plain/csv: one record of these (the nested lists are in -f json)
KEYS = (
    "since",
    "new",
    "moved_forward",
    "moved_back",
    "won",
    "won_value",
    "lost",
    "lost_value",
    "pipeline_then",
    "pipeline_now",
    "postponed",
)


def _stage(key: str) -> str:
    from funnel.domain.stages import Stage

    return Stage[key.upper()].label


def _name(name: str) -> str:
    return name or t("report.none")


def figures(data: Mapping[str, Any]) -> dict[str, Any]:
    """The review's headline numbers, one per key of KEYS."""
    moves = data["moves"]
    return {
        "since": data["since"],
        "new": data["new"]["total"],
        "moved_forward": sum(m["leads"] for m in moves["forward"]),
        "moved_back": sum(m["leads"] for m in moves["back"]),
        "won": data["won"]["leads"],
        "won_value": data["won"]["value"],
        "lost": data["lost"]["leads"],
        "lost_value": data["lost"]["value"],
        "pipeline_then": data["weighted_pipeline"]["then"],
        "pipeline_now": data["weighted_pipeline"]["now"],
        "postponed": ",".join(map(str, data["postponed"])),
    }


def _change(then: float, now: float, currency: str) -> str:
    diff = now - then
    sign = "+" if diff > 0 else ("−" if diff < 0 else "±")
    return f"{money(then, currency)} → {money(now, currency)} ({sign}{money(abs(diff), currency)})"


def _moves(data: Mapping[str, Any], way: str) -> list[dict[str, Any]]:
    return [
        {"move": f"{_stage(m['from'])} → {_stage(m['to'])}", "leads": m["leads"]}
        for m in data["moves"][way]
    ]


def _human(data: Mapping[str, Any], currency: str) -> list[Any]:
    from rich.table import Table
    from rich.text import Text

    from funnel.views.render import rich_table

    parts: list[Any] = [Text(t("title.review", since=data["since"]), style="bold")]
    grid = Table.grid(padding=(0, 2), expand=False)
    grid.add_column(style="dim")
    grid.add_column()
    won, lost = data["won"], data["lost"]
    grid.add_row(t("review.new"), human(data["new"]["total"]))
    grid.add_row(
        t("review.won"),
        t("review.leads_worth", leads=human(won["leads"]), value=money(won["value"], currency)),
    )
    grid.add_row(
        t("review.lost"),
        t("review.leads_worth", leads=human(lost["leads"]), value=money(lost["value"], currency)),
    )
    pipeline = data["weighted_pipeline"]
    grid.add_row(t("review.pipeline"), _change(pipeline["then"], pipeline["now"], currency))
    postponed = ", ".join(map(str, data["postponed"])) or "—"
    grid.add_row(t("review.postponed"), postponed)
    parts.append(grid)
    count = Column("leads", "h.leads", justify="right")
    sections = [
        (
            "review.new_by",
            [{"name": _name(k), "leads": v} for k, v in data["new"]["by_source"].items()],
            Column("name", "h.source"),
        ),
        ("review.moves_forward", _moves(data, "forward"), Column("move", "h.move", token=False)),
        ("review.moves_back", _moves(data, "back"), Column("move", "h.move", token=False)),
        (
            "review.lost_by",
            [{"name": _name(k), "leads": v} for k, v in lost["by_reason"].items()],
            Column("name", "h.reason"),
        ),
    ]
    for title, rows, first in sections:
        if rows:  # the title above the table: never wrapped to the table's width
            parts += [Text(t(title), style="bold"), rich_table(rows, (first, count))]
    return parts


def _mail(data: Mapping[str, Any], currency: str) -> Iterator[str]:
    from funnel.domain.dates import today
    from funnel.views.text import INDENT, colon, field, heading, wrap

    yield heading(f"{t('title.review', since=data['since'])} · {today().isoformat()}")
    yield ""
    won, lost = data["won"], data["lost"]
    pipeline = data["weighted_pipeline"]
    yield from field(t("review.new"), human(data["new"]["total"]), indent="")
    worth = "review.leads_worth"
    yield from field(
        t("review.won"),
        t(worth, leads=human(won["leads"]), value=money(won["value"], currency)),
        indent="",
    )
    yield from field(
        t("review.lost"),
        t(worth, leads=human(lost["leads"]), value=money(lost["value"], currency)),
        indent="",
    )
    yield from field(
        t("review.pipeline"), _change(pipeline["then"], pipeline["now"], currency), indent=""
    )
    yield from field(
        t("review.postponed"), ", ".join(map(str, data["postponed"])) or "—", indent=""
    )
    sections = [
        (t("review.new_by"), [(_name(k), v) for k, v in data["new"]["by_source"].items()]),
        *(
            (t(f"review.moves_{way}"), [(m["move"], m["leads"]) for m in _moves(data, way)])
            for way in ("forward", "back")
        ),
        (t("review.lost_by"), [(_name(k), v) for k, v in lost["by_reason"].items()]),
    ]
    for title, rows in sections:
        if not rows:
            continue
        yield ""
        yield heading(title)
        for name, leads in rows:
            yield from wrap(f"{colon(str(name))}{human(leads)}", first=INDENT, rest=INDENT * 2)


def review_view(data: Mapping[str, Any], *, currency: str = "") -> View:
    """JSON: the review object; plain: its figures as key/value lines; csv: one row."""
    figs = figures(data)
    return View(
        json=data,
        rows=[figs],
        keys=KEYS,
        pairs=[(k, figs[k]) for k in KEYS],
        human=lambda: _human(data, currency),
        rows_in_plain=False,
        mail=lambda: _mail(data, currency),
    )
