"""How follow-ups look: the `due` and `stale` views — their columns, colours, persona
hints and the lines cron mails."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from funnel.domain.followups import due_label
from funnel.i18n import t
from funnel.views.leads import stage_label
from funnel.views.render import Column, View, listing, money

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


DUE_COLUMNS = (
    Column("timing"),
    Column("due"),
    Column("id", justify="right"),
    Column("name", style="bold"),
    Column("company"),
    Column("stage", show=stage_label),
    Column("value", show=money, justify="right"),
    Column("note"),
    Column("next_step", "h.tip"),
)


def due(items: Sequence[Mapping[str, Any]]) -> View:
    """The follow-ups due: JSON items as they are; a line or a row each for people."""
    return listing(
        [for_people(item) for item in items],
        document=list(items),
        columns=DUE_COLUMNS,
        keys=DUE_LINE_KEYS,
        row_style=due_style,
        title=t("title.due"),
    )


def last_text(last: Mapping[str, Any] | None) -> str:
    return f"{last['at'][:10]} {last['what']}" if last else ""


STALE_COLUMNS = (
    Column("idle_days", justify="right"),
    Column("threshold", justify="right"),
    Column("id", justify="right"),
    Column("name", style="bold"),
    Column("company"),
    Column("stage", show=stage_label),
    Column("owner"),
    Column("value", show=money, justify="right"),
    Column("last"),
)


def stale(items: Sequence[Mapping[str, Any]]) -> View:
    """The stale leads: JSON without the last thing that happened, which people and
    plain/csv read as one field."""
    rows = [{**item, "last": last_text(item.get("last"))} for item in items]
    document = [{k: v for k, v in item.items() if k != "last"} for item in items]
    return listing(
        rows,
        document=document,
        columns=STALE_COLUMNS,
        keys=STALE_LINE_KEYS,
        title=t("title.stale"),
        empty=t("msg.no_stale"),
    )
