"""How leads look to people: table columns and the profile card (Rich renderables)."""

from __future__ import annotations

from typing import Any

from funnel.domain.stages import Stage
from funnel.i18n import t
from funnel.views.render import Column, money


def stage_label(key: str | None) -> str:
    return Stage[key.upper()].label if key else ""


def state_label(key: str | None) -> str:
    return t(f"state.{key}") if key else ""


def when(value: str | None) -> str:
    """An ISO timestamp as people read it: local date and minutes."""
    return value[:16].replace("T", " ") if value else ""


def stage_tip(key: str) -> str:
    """The next step for a lead in that stage (the card, `due`, the calendar, `stages`)."""
    return t(f"tip.{key}")


LEAD_COLUMNS = (
    Column("id", justify="right"),
    Column("name", style="bold"),
    Column("company"),
    Column("stage", show=stage_label),
    Column("state", show=state_label),
    Column("owner"),
    Column("value", show=money, justify="right"),
    Column("paid", show=money, justify="right"),
    Column("next_follow_up"),
)


def lead_card(lead: dict[str, Any], *, currency: str = "") -> list[Any]:
    """The profile card, history, activities, payments, orders, tip and approach."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    from funnel.views.render import rich_table

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    shown = [
        ("company", lead["company"]),
        ("phone", lead["phone"]),
        ("email", lead["email"]),
        ("wechat", lead["wechat"]),
        ("source", lead["source"]),
        ("owner", lead["owner"]),
        ("kind", t(f"kind.{lead['kind']}") if lead["kind"] else None),
        ("persona", t(f"persona.{lead['persona']}") if lead["persona"] else None),
        ("stage", stage_label(lead["stage"])),
        ("highest_stage", stage_label(lead["highest_stage"])),
        ("state", state_label(lead["state"])),
        ("value", money(lead["value"], currency)),
        ("paid", money(lead["paid"], currency)),
        ("contract_sent_on", lead["contract_sent_on"]),
        ("next_follow_up", lead["next_follow_up"]),
        ("lost_reason", lead["lost_reason"]),
        ("lost_stage", stage_label(lead["lost_stage"]) if lead["lost_stage"] else None),
        ("tags", ", ".join(lead["tags"]) or None),
        ("created_at", when(lead["created_at"])),
        ("updated_at", when(lead["updated_at"])),
    ]
    for key, value in shown:
        if value not in (None, ""):
            facts.add_row(t(f"h.{key}"), str(value))
    for key, value in lead["fields"].items():
        facts.add_row(key, value)
    parts: list[Any] = [
        Panel(facts, title=f"#{lead['id']} {lead['name']}", title_align="left", expand=False)
    ]
    history = [
        {
            **e,
            "event": t(f"ev.{e['event']}") + (f" ({t('ev.forced')})" if e["forced"] else ""),
            "change": _change(e),
        }
        for e in lead["history"]
    ]
    parts.append(
        rich_table(
            history,
            (Column("at", show=when), Column("event"), Column("change"), Column("reason")),
            title=t("title.history"),
        )
    )
    if lead["activities"]:
        from funnel.domain.followups import activity_label

        parts.append(
            rich_table(
                lead["activities"],
                (Column("at", show=when), Column("kind", show=activity_label), Column("summary")),
                title=t("title.activities"),
            )
        )
    if lead["payments"]:
        parts.append(
            rich_table(
                lead["payments"],
                (Column("on"), Column("amount", justify="right"), Column("note")),
                title=t("title.payments"),
            )
        )
    if lead["orders"]:
        parts.append(
            rich_table(
                lead["orders"],
                (Column("on"), Column("amount", justify="right")),
                title=t("title.orders"),
            )
        )
    if lead["state"] == "active":
        parts.append(
            Panel(stage_tip(lead["stage"]), title=t("title.tip"), title_align="left", expand=False)
        )
    if lead["persona"]:
        persona = lead["persona"]
        parts.append(
            Panel(
                Group(t(f"traits.{persona}"), "", t(f"approach.{persona}")),
                title=f"{t('title.approach')}: {t(f'persona.{persona}')}",
                title_align="left",
                expand=False,
            )
        )
    return parts


def _change(event: dict[str, Any]) -> str:
    field, old, new = event.get("field"), event.get("old"), event.get("new")
    if event["event"] == "created":
        return stage_label(new) if new else ""
    label = field or ""
    if old is None and new is not None:
        return f"{label}: {new}".strip(": ")
    if new is None and old is not None:
        return f"{label}: {old} → —"
    return f"{label}: {old} → {new}"
