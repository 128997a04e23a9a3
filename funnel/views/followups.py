"""How follow-ups look: the `due` and `stale` views — each item's next-step tip, persona
hint and last thing that happened — their columns, colours and lines for cron mail."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from funnel.domain.followups import activity_label, due_label
from funnel.i18n import t
from funnel.views.leads import change_text, stage_label, stage_tip
from funnel.views.render import Column, LineTable, View, amount, listing, money, rich_table

# What `due -f plain|csv` prints per follow-up: one line a person can read in a
# cron mail (who, how to reach them, what is due and the next step).
DUE_LINE_KEYS = (
    "due",
    "overdue_days",
    "id",
    "name",
    "company",
    "phone",
    "stage",
    "note",
    "tip",
    "hint",
)
STALE_LINE_KEYS = (
    "idle_days",
    "threshold",
    "id",
    "name",
    "company",
    "phone",
    "stage",
    "owner",
    "last_touch",
    "last",
)


def persona_hint(persona: str | None) -> str:
    """A short, honest hint for the lead's persona: 'rational: facts, …'."""
    if not persona:
        return ""
    return f"{t(f'persona.{persona}')}: {t(f'hint.{persona}')}"


def with_tip(item: Mapping[str, Any]) -> dict[str, Any]:
    """A due item as the contract has it: the store's item plus its stage's next step."""
    return {**item, "tip": stage_tip(item["stage"])}


def for_people(item: Mapping[str, Any]) -> dict[str, Any]:
    """A due item plus what people (not the JSON contract) see: timing and hint."""
    hint = persona_hint(item["persona"])
    return {
        **item,
        "timing": due_label(item["overdue_days"]),
        "hint": hint,
        "next_step": "\n".join(x for x in (item["tip"], hint) if x),
    }


def due_style(row: Mapping[str, Any]) -> str | None:
    """Overdue in red, today in yellow, the days ahead plain."""
    days = row["overdue_days"]
    return "red" if days > 0 else "yellow" if days == 0 else None


def due_summary(items: Sequence[Mapping[str, Any]]) -> str:
    """'3 follow-ups due: 1 overdue, 2 today' (and those in the days ahead)."""
    counts = (
        ("overdue", sum(1 for i in items if i["overdue_days"] > 0)),
        ("today", sum(1 for i in items if i["overdue_days"] == 0)),
        ("ahead", sum(1 for i in items if i["overdue_days"] < 0)),
    )
    parts = t("msg.text.sep").join(t(f"msg.text.due_{k}", count=n) for k, n in counts if n)
    key = "msg.text.due_one" if len(items) == 1 else "msg.text.due_many"
    return t(key, count=len(items), parts=parts)


def due_text(items: Sequence[Mapping[str, Any]]) -> Iterator[str]:
    """``due -f text``, for a cron mail: the summary line, then a short block per
    follow-up (who, when, stage and value, how to reach them, the note and the tip)."""
    from funnel.views.text import field, heading, wrap

    yield heading(due_summary(items))
    for item in items:
        yield ""
        who = f"#{item['id']} {item['name']}"
        if item.get("company"):
            who += f" · {item['company']}"
        yield from wrap(who, rest="  ")
        timing = due_label(item["overdue_days"])
        yield from field(t("h.due"), t("msg.text.due_when", day=item["due"], timing=timing))
        stage = stage_label(item["stage"])
        value = money(item.get("value")) if item.get("value") else ""  # none: not "0"
        yield from field(t("h.stage"), f"{stage} · {value}" if value else stage)
        for key in ("phone", "email", "wechat", "note", "tip", "hint"):
            if item.get(key):
                yield from field(t(f"h.{key}"), str(item[key]))


def due_columns(currency: str = "") -> tuple[Column, ...]:
    """A follow-up's line: the date, id, name, stage and value stay on any terminal;
    the note, the company and the timing go first when it is narrow."""
    return (
        Column("timing", token=True, priority=3),
        Column("due", token=True),
        Column("id", show=str, justify="right", token=True),
        Column("name", style="bold", token=False),
        Column("company", token=False, priority=2),
        Column("stage", show=stage_label, token=True),
        Column("value", show=amount(currency), justify="right", token=True, priority=1),
        Column("note", token=False, priority=4),
    )


DUE_COLUMNS = due_columns()
# --wide: every column, the next step (tip and persona hint) in its own.
DUE_WIDE_COLUMNS = (*DUE_COLUMNS, Column("next_step", "h.tip", token=False))


def due(
    items: Sequence[Mapping[str, Any]],
    *,
    currency: str = "",
    wide: bool = False,
    tips: bool = False,
) -> View:
    """The follow-ups due: JSON items with their tip; for people one line each with the
    next step under it when it fits (``tips``: always; ``wide``: a table of every
    column); plain/csv a line each for cron mail."""
    document = [with_tip(item) for item in items]
    rows = [for_people(item) for item in document]
    columns = due_columns(currency)

    def human() -> list[Any]:
        if wide:
            wide_columns = (*columns, DUE_WIDE_COLUMNS[-1])
            return [
                rich_table(rows, wide_columns, title=t("title.due"), row_style=due_style, wide=True)
            ]
        return [
            LineTable(
                rows,
                columns,
                below=lambda row: row["next_step"] if tips else row["tip"],
                below_always=tips,
                title=t("title.due"),
                row_style=due_style,
            )
        ]

    return View(
        json=document,
        rows=rows,
        keys=list(DUE_LINE_KEYS),
        human=human,
        columns=columns,
        title=t("title.due"),
        mail=lambda: due_text(rows),
    )


def event_text(event: Mapping[str, Any]) -> str:
    """A history event in a few words: 'moved: potential → trial', 'paid: 0 → 10,000'."""
    label = t(f"ev.{event['event']}")
    if event["event"] == "created":
        return f"{label} ({stage_label(event['new'])})" if event["new"] else label
    if event["event"] == "move":
        return f"{label}: {stage_label(event['old'])} → {stage_label(event['new'])}"
    change = change_text(event)
    return f"{label}: {change}" if change else label


def last_text(last: Mapping[str, Any] | None) -> str:
    """The last thing that happened (an interaction or an event), dated, in one line."""
    if not last:
        return ""
    if "activity" in last:
        what = f"{activity_label(last['activity'])}: {last['summary']}"
    else:
        what = event_text(last)
    return f"{last['at'][:10]} {what}"


def stale_columns(currency: str = "") -> tuple[Column, ...]:
    """A stale lead's row: the id, name and stage stay on any terminal."""
    return (
        Column("idle_days", justify="right", token=True, priority=1),
        Column("threshold", justify="right", token=True, priority=4),
        Column("id", show=str, justify="right", token=True),
        Column("name", style="bold", token=False),
        Column("company", token=False, priority=3),
        Column("stage", show=stage_label, token=True),
        Column("owner", token=False, priority=5),
        Column("value", show=amount(currency), justify="right", token=True, priority=2),
        Column("last", token=False, priority=6),
    )


STALE_COLUMNS = stale_columns()


def _close_text(item: Mapping[str, Any]) -> str:
    """The expected close date, flagged when it passed with the deal still open."""
    close = item.get("close_on") or ""
    return f"{close} {t('word.slipped')}" if item.get("slipped") else close


def stale(
    items: Sequence[Mapping[str, Any]],
    last: Mapping[int, Mapping[str, Any]],
    *,
    currency: str = "",
    wide: bool = False,
) -> View:
    """The stale leads: JSON as the store gives them; for people and plain/csv, the last
    thing that happened to each as one readable field."""
    rows = [
        {**item, "last": last_text(last.get(item["id"])), "close": _close_text(item)}
        for item in items
    ]
    columns = stale_columns(currency)
    if any(item.get("close_on") for item in items):  # the column only when there are dates
        at = [c.key for c in columns].index("value")
        close = Column("close", header="h.close_on", token=True, priority=2)
        columns = (*columns[:at], close, *columns[at:])
    return listing(
        rows,
        document=list(items),
        columns=columns,
        keys=STALE_LINE_KEYS,
        title=t("title.stale"),
        empty=t("msg.no_stale"),
        wide=wide,
    )
