"""Bare ``funnel``: one screen about today — the follow-ups due (how many, the most
urgent few), the stale leads, the pipeline by stage — or, in an empty store, how to
start. Plain lines (no colour, no box), so it reads the same in a pipe."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from funnel.domain.followups import due_label
from funnel.i18n import t
from funnel.views.followups import due_summary
from funnel.views.leads import stage_label
from funnel.views.render import View, money
from funnel.views.text import cells, heading

URGENT = 5  # follow-ups listed by name; the rest are counted


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cells(text))


def today_view(
    *,
    day: str,
    due: Sequence[Mapping[str, Any]],
    stale: int,
    stages: Sequence[Mapping[str, Any]],
    slipped: int = 0,
    leads: int,
    store: str,
    currency: str = "",
) -> View:
    """The summary as lines (``-f text``) and as an object (``-f json``)."""
    data = {
        "today": day,
        "leads": leads,
        "due": len(due),
        "overdue": sum(1 for item in due if item["overdue_days"] > 0),
        "stale": stale,
        "slipped": slipped,
        "stages": [{k: s[k] for k in ("stage", "active", "value")} for s in stages],
    }
    return View(
        json=data,
        mail=lambda: today_lines(
            day=day,
            due=due,
            stale=stale,
            slipped=slipped,
            stages=stages,
            leads=leads,
            store=store,
            currency=currency,
        ),
    )


def today_lines(
    *,
    day: str,
    due: Sequence[Mapping[str, Any]],
    stale: int,
    stages: Sequence[Mapping[str, Any]],
    slipped: int = 0,
    leads: int,
    store: str,
    currency: str = "",
) -> Iterator[str]:
    if not leads:
        yield t("msg.today.empty")
        yield t("msg.today.store", path=store)  # whole, however long: it may be looked for
        yield ""
        yield t("msg.today.start_add")
        yield t("msg.today.start_demo")
        yield t("msg.today.help")
        return
    yield heading(t("msg.today.title", date=day))
    yield ""
    yield heading(due_summary(due) if due else t("msg.today.no_due"))
    timing = [due_label(item["overdue_days"]) for item in due[:URGENT]]
    width = max((cells(x) for x in timing), default=0)
    for when, item in zip(timing, due, strict=False):
        parts = [
            f"#{item['id']} {item['name']}",
            item.get("company") or "",
            stage_label(item["stage"]),
        ]
        if item.get("value"):
            parts.append(money(item["value"], currency))
        yield heading(f"  {_pad(when, width)}  " + " · ".join(p for p in parts if p))
    if len(due) > URGENT:
        yield t("msg.today.more_due", count=len(due) - URGENT)
    yield heading(t("msg.today.stale", count=stale))
    if slipped:
        yield heading(t("msg.today.slipped", count=slipped))
    yield ""
    yield heading(t("msg.today.pipeline"))
    labels = [stage_label(s["stage"]) for s in stages] + [t("msg.today.total")]
    wide = max(cells(x) for x in labels)
    counts = [*(s["active"] for s in stages), sum(s["active"] for s in stages)]
    amounts = [
        money(v or 0, currency)
        for v in (*(s["value"] for s in stages), sum(s["value"] or 0 for s in stages))
    ]
    count_w = max(len(str(c)) for c in counts)
    amount_w = max(len(a) for a in amounts)
    for name, count, amount in zip(labels, counts, amounts, strict=True):
        yield f"  {_pad(name, wide)}  {str(count).rjust(count_w)}  {amount.rjust(amount_w)}"
