"""Dates and moments as people type them and as files carry them, and the clock
(``FUNNEL_NOW``). ``parse_date`` reads a DATE; the others build on it."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from funnel.errors import InvalidValue
from funnel.i18n import t

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LONG_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ZH_WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_WORDS = {
    "today": 0,
    "tomorrow": 1,
    "yesterday": -1,
    "今天": 0,
    "明天": 1,
    "后天": 2,
    "昨天": -1,
}
_RELATIVE = re.compile(r"^([+-])([0-9]{1,4})([dw])$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_ISO_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}")
_SLASH_DATE = re.compile(r"^([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?(?:[ T](.*))?$")


def now() -> datetime:
    """The current moment as an aware local datetime; ``FUNNEL_NOW`` pins it."""
    pinned = os.environ.get("FUNNEL_NOW", "").strip()
    if not pinned:
        return datetime.now().astimezone()
    try:
        if _ISO_DATE.match(pinned):
            moment = datetime.combine(date.fromisoformat(pinned), time())
        else:
            moment = datetime.fromisoformat(pinned.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidValue(t("err.funnel_now", value=pinned)) from None
    # Naive means local time; astimezone() attaches the local zone.
    return moment.astimezone()


def today() -> date:
    return now().date()


def parse_date(text: str, *, today: date) -> date:
    """A date from ``YYYY-MM-DD``, ``today``/``tomorrow``/``yesterday``, ``+3d``,
    ``-2d``, ``+2w``, a weekday (``mon``…``sun``: the next such day, never today)
    or 今天/明天/后天."""
    raw = (text or "").strip()
    word = raw.lower()
    if word in _WORDS:
        return today + timedelta(days=_WORDS[word])
    rel = _RELATIVE.match(word)
    if rel:
        sign, count, unit = rel.groups()
        days = int(count) * (7 if unit == "w" else 1)
        try:
            return today + timedelta(days=days if sign == "+" else -days)
        except OverflowError:
            raise InvalidValue(t("err.date", value=text)) from None
    for names in (WEEKDAYS, _LONG_WEEKDAYS, _ZH_WEEKDAYS):
        if word in names:
            ahead = (names.index(word) - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    if _ISO_DATE.match(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise InvalidValue(t("err.date", value=text))


def parse_on(text: str | None, *, today: date | None = None) -> date:
    """The day something happened (``--on``): a DATE, today when none is given; a day
    after today is refused. ``today`` defaults to the clock's."""
    day0 = today if today is not None else now().date()
    if text is None:
        return day0
    day = parse_date(text, today=day0)
    if day > day0:
        raise InvalidValue(t("err.future", field="--on", value=day.isoformat()))
    return day


def parse_moment(text: str | None, *, now: datetime) -> datetime:
    """When an interaction happened: ``now`` by default, a DATE (at the current time
    of day, like ``--on`` elsewhere) or an ISO datetime (local time when naive).
    A day after today is refused: one logs what already happened."""
    if text is None:
        return now
    raw = text.strip()
    if _ISO_DATETIME.match(raw):
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00")).astimezone()
        except ValueError:
            raise InvalidValue(t("err.datetime", value=text)) from None
    else:
        try:
            moment = at_date(parse_date(raw, today=now.date()), moment=now)
        except InvalidValue:
            raise InvalidValue(t("err.datetime", value=text)) from None
    if moment.date() > now.date():
        raise InvalidValue(t("err.future", field="--on", value=moment.date().isoformat()))
    return moment


# --- in files ------------------------------------------------------------------------


def iso_day(text: str) -> str:
    """A spreadsheet's '2026/11/20', '2026.11.20' or '2026年11月20日' (a time may
    follow) as ISO '2026-11-20'; any other text as it is."""
    if "/" not in text and "." not in text and "年" not in text:
        return text
    m = _SLASH_DATE.match(text.strip())
    if not m:
        return text
    y, mo, d, rest = m.groups()
    day = f"{y}-{int(mo):02d}-{int(d):02d}"
    return f"{day}T{rest.strip()}" if rest else day


def parse_file_date(value: Any, *, today: date) -> date | None:
    """A date in a file: what ``iso_day`` reads, or a DATE; none when empty."""
    if value is None or value == "":
        return None
    return parse_date(iso_day(str(value)), today=today)


def parse_timestamp(value: Any, *, field_name: str) -> datetime | None:
    """A timestamp in a file: an ISO 8601 date or datetime (or what ``iso_day``
    reads); naive means local time. None when empty."""
    if value is None or value == "":
        return None
    text = iso_day(str(value).strip())
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time())
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidValue(t("err.timestamp", field=field_name, value=value)) from None
    return moment.astimezone()


# --- moments -------------------------------------------------------------------------


def at_date(day: date, *, moment: datetime) -> datetime:
    """``day`` at the time of day of ``moment`` (keeps whole days between dated events)."""
    if day == moment.date():
        return moment
    return datetime.combine(day, moment.timetz()).astimezone()


def local_date(moment: datetime) -> date:
    """The local calendar date of an aware datetime."""
    return moment.astimezone().date()
