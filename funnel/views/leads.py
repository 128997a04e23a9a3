"""How leads look to people: table columns and the profile card (Rich renderables).
Which fields show, and in what order, the field declarations say (``domain.fields``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from funnel.domain.fields import BY_KEY, CARD, TABLE, Field, Kind
from funnel.domain.money import money_text
from funnel.domain.stages import Stage
from funnel.i18n import t
from funnel.views.render import Column, amount


def stage_label(key: str | None) -> str:
    return Stage[key.upper()].label if key else ""


def when(value: str | None) -> str:
    """An ISO timestamp as people read it: local date and minutes."""
    return value[:16].replace("T", " ") if value else ""


def stage_tip(key: str) -> str:
    """The next step for a lead in that stage (the card, `due`, the calendar, `stages`)."""
    return t(f"tip.{key}")


# Which columns a narrow terminal drops first (highest first); 0: never dropped. At 80
# columns the list keeps at least id, name, stage, value and the next follow-up.
LIST_PRIORITY = {
    "id": 0,
    "name": 0,
    "stage": 0,
    "value": 1,
    "next_follow_up": 1,
    "company": 2,
    "state": 3,
    "paid": 4,
    "owner": 5,
}


def _column(f: Field, currency: str) -> Column:
    """How a field shows in the list table."""
    priority = LIST_PRIORITY.get(f.key, 6)
    if f.kind is Kind.ID:
        return Column(f.key, show=str, justify="right", token=True, priority=priority)
    if f.kind is Kind.MONEY:
        return Column(f.key, show=amount(currency), justify="right", token=True, priority=priority)
    if f.choice is not None:
        return Column(f.key, show=f.choice.label, token=True, priority=priority)
    if f.kind is Kind.DATE:
        return Column(f.key, token=True, priority=priority)
    # The name stands out; text (name, company, owner) is shortened with … when narrow.
    return Column(f.key, style="bold" if f.key == "name" else None, token=False, priority=priority)


def lead_columns(currency: str = "") -> tuple[Column, ...]:
    """The list table's columns, amounts with the currency sign."""
    return tuple(_column(f, currency) for f in TABLE)


LEAD_COLUMNS = lead_columns()


def list_hints(bounds: dict[str, Any]) -> dict[str, list[Any]]:
    """The widest values each column of a list can show, from the store's bounds (the
    highest id, the extreme amounts): a long list printed as it is read keeps every
    id, amount, stage, state and date whole."""
    from funnel.domain.choices import STATE

    hints: dict[str, list[Any]] = {"id": bounds.get("id", [])}
    for f in TABLE:
        if f.kind is Kind.MONEY:  # the extremes, with cents or without
            hints[f.key] = [x for v in bounds.get(f.key, []) for x in (v, float(v) + 0.01)]
        elif f.kind is Kind.DATE:
            hints[f.key] = ["0000-00-00"]
    hints["stage"] = [s.name.lower() for s in Stage]
    hints["state"] = list(STATE.keys)
    return hints


def _fact(f: Field, value: Any, currency: str) -> Any:
    """How a field's value shows on the profile card (None or "": not shown)."""
    if f.kind is Kind.MONEY:
        return "" if value is None else currency + money_text(value)
    if f.choice is not None:
        return f.choice.label(value)
    if f.kind is Kind.TAGS:
        return ", ".join(value) or None
    if f.kind is Kind.TIMESTAMP:
        return when(value)
    return value


def lead_card(lead: dict[str, Any], *, currency: str = "") -> list[Any]:
    """The profile card, history, activities, payments, orders, tip and approach."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    from funnel.views.render import literal, rich_table

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    for f in CARD:
        if f.kind is Kind.FIELDS:  # the custom fields, each on its own line
            for key, value in lead[f.key].items():
                facts.add_row(literal(key), literal(value))
            continue
        value = _fact(f, lead[f.key], currency)
        if value not in (None, ""):
            facts.add_row(t(f"h.{f.key}"), literal(value))
        if f.key == "next_follow_up" and lead.get("follow_up_note"):
            facts.add_row(t("h.follow_up_note"), literal(lead["follow_up_note"]))
    title = literal(f"#{lead['id']} {lead['name']}")
    parts: list[Any] = [Panel(facts, title=title, title_align="left", expand=False)]
    if lead.get("note"):
        parts.append(
            Panel(literal(lead["note"]), title=t("title.note"), title_align="left", expand=False)
        )
    history = [
        {
            **e,
            "event": t(f"ev.{e['event']}") + (f" ({t('ev.forced')})" if e["forced"] else ""),
            "change": change_text(e),
        }
        for e in lead["history"]
    ]
    parts.append(
        rich_table(
            history,
            (
                Column("at", show=when, token=True),
                Column("event"),
                Column("change"),
                Column("reason", priority=1),
            ),
            title=t("title.history"),
            wrap=True,
        )
    )
    if lead["activities"]:
        from funnel.domain.followups import activity_label

        parts.append(
            rich_table(
                lead["activities"],
                (
                    Column("at", show=when, token=True),
                    Column("kind", show=activity_label),
                    Column("summary"),
                    *_void_column(lead["activities"]),
                ),
                title=t("title.activities"),
                wrap=True,
            )
        )
    if lead["payments"]:
        parts.append(
            rich_table(
                lead["payments"],
                (
                    Column("on"),
                    Column("amount", show=money_text, justify="right"),
                    Column("note"),
                    *_void_column(lead["payments"]),
                ),
                title=t("title.payments"),
                wrap=True,
            )
        )
    if lead["orders"]:
        parts.append(
            rich_table(
                lead["orders"],
                (
                    Column("on"),
                    Column("amount", show=money_text, justify="right"),
                    *_void_column(lead["orders"]),
                ),
                title=t("title.orders"),
                wrap=True,
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


def _void(void: dict[str, Any] | None) -> str:
    """A void row's mark: "void: reason"; nothing for a row that counts."""
    return "" if void is None else f"{t('h.void')}: {void['reason']}"


def _void_column(rows: list[dict[str, Any]]) -> tuple[Column, ...]:
    """The "void" column, when some of ``rows`` are void."""
    return (Column("void", show=_void),) if any(r.get("void") for r in rows) else ()


def _field_label(field: str | None) -> str:
    """The name of a history event's field as people read it: a lead field's heading,
    a custom field's own name, "payment 77" for a voided row."""
    if not field:
        return ""
    if field.startswith("fields."):
        return field.removeprefix("fields.")
    if field in BY_KEY:
        return t(f"h.{field}")
    if field == "order":
        return t("h.amount")
    kind, _, row_id = field.partition(" ")
    if kind in ("payment", "order", "activity") and row_id.isdigit():
        return f"{t(f'void.{kind}')} {row_id}"
    return field


def _value(field: str | None, value: str | None) -> str | None:
    """A value the history keeps, as people read it: stage and state names translated,
    amounts written as money."""
    if value is None or not field:
        return value
    f = BY_KEY.get(field)
    if f is not None and f.choice is not None:
        return f.choice.label(value) if value in f.choice.keys else value
    if (f is not None and f.kind is Kind.MONEY) or field == "order" or field.startswith("payment "):
        return money_text(value)
    return value


def change_text(event: Mapping[str, Any]) -> str:
    """What a history event changed, as people read it (translated, money as money)."""
    field, old, new = event.get("field"), event.get("old"), event.get("new")
    if event["event"] == "created":
        return stage_label(new) if new else ""
    if event["event"] == "merged":
        return f"#{old} → #{new}"
    label = _field_label(field)
    old, new = _value(field, old), _value(field, new)
    if old is None and new is None:
        return label
    if not label:
        return f"{old} → {new or '—'}" if old is not None else str(new)
    if old is None:
        return t("hist.set", field=label, new=new)
    return t("hist.changed", field=label, old=old, new="—" if new is None else new)
