"""The scheduled follow-ups as an iCalendar file (RFC 5545): one all-day event per lead."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from funnel.domain.fields import CONTACTS
from funnel.i18n import t
from funnel.views.leads import stage_label, stage_tip


def event_uid(lead_id: int) -> str:
    """One UID per lead, for good: re-exporting updates the event, never adds one."""
    return f"lead-{lead_id}@funnel"


def calendar_bytes(items: Sequence[Mapping[str, Any]], *, now: datetime) -> bytes:
    """The follow-ups (lead objects with ``due`` and ``note``) as a calendar."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//funnel//follow-ups//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", t("cal.name"))
    stamp = now.astimezone().replace(microsecond=0)
    for item in items:
        day = date.fromisoformat(item["due"])
        event = Event()
        event.add("uid", event_uid(item["id"]))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", t("cal.summary", name=_who(item)))
        event.add("description", _description(item))
        event.add("categories", ["funnel", item["stage"]])
        if item.get("updated_at"):
            event.add("last-modified", datetime.fromisoformat(item["updated_at"]))
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        cal.add_component(event)
    return cal.to_ical()


def _who(item: Mapping[str, Any]) -> str:
    return f"{item['name']} ({item['company']})" if item.get("company") else str(item["name"])


def _description(item: Mapping[str, Any]) -> str:
    lines = [f"{t('h.stage')}: {stage_label(item['stage'])}"]
    if item.get("note"):
        lines.append(f"{t('h.note')}: {item['note']}")
    for key in CONTACTS:
        if item.get(key):
            lines.append(f"{t(f'h.{key}')}: {item[key]}")
    lines.append(f"{t('h.tip')}: {stage_tip(item['stage'])}")
    return "\n".join(lines)
