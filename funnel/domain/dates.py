"""The one parser for dates a user types, and the clock (``FUNNEL_NOW``)."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta

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


def at_date(day: date, *, moment: datetime) -> datetime:
    """``day`` at the time of day of ``moment`` (keeps whole days between dated events)."""
    if day == moment.date():
        return moment
    return datetime.combine(day, moment.timetz()).astimezone()


def local_date(moment: datetime) -> date:
    """The local calendar date of an aware datetime."""
    return moment.astimezone().date()
