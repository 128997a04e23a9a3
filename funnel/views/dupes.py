"""``dupes``: groups of leads that are probably one person, each saying why, and how
to merge them."""

from __future__ import annotations

from typing import Any

from funnel.i18n import t
from funnel.views.leads import stage_label
from funnel.views.render import Column, View, literal, rich_table

# A row: the group's number and why it matched, then the lead's facts that tell.
KEYS = ("group", "match", "id", "name", "company", "phone", "email", "wechat", "stage", "owner")


def matched(matches: str) -> str:
    """Why a group matched ('phone,email' in a row), for people: 'phone, email' /
    '电话、邮箱'."""
    return t("dupes.sep").join(t(f"dupes.{m}") for m in matches.split(","))


COLUMNS = (
    Column("group", justify="right", token=True),
    Column("match", show=matched, token=True, priority=1),
    Column("id", show=str, justify="right", token=True),
    Column("name", style="bold", token=False),
    Column("company", token=False, priority=2),
    Column("phone", token=True, priority=3),
    Column("email", token=True, priority=4),
    Column("wechat", token=True, priority=5),
    Column("stage", show=stage_label, token=True, priority=6),
    Column("owner", token=False, priority=7),
)


def dupes_view(found: list[list[dict[str, Any]]]) -> View:
    """JSON: the groups as arrays of lead objects, each with ``match``; plain, csv and
    tables: one row per lead, with its group's number; the table ends with how to
    merge."""
    rows = [
        {"group": n, **lead, "match": ",".join(lead["match"])}
        for n, group in enumerate(found, start=1)
        for lead in group
    ]

    def human() -> list[Any]:
        first = " ".join(str(lead["id"]) for lead in found[0])
        hint = t("msg.dupes_hint", groups=len(found), example=first)
        return [rich_table(rows, COLUMNS), literal(hint, style="dim")]

    return View(
        json=found,
        rows=rows,
        keys=KEYS,
        human=human,
        empty=t("msg.no_dupes"),
        columns=COLUMNS,
        title=t("title.dupes"),
    )
