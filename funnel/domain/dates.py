"""Dates and moments as people type them and as files carry them, and the clock
(``FUNNEL_NOW``). ``parse_date`` reads a DATE; the others build on it."""

from __future__ import annotations

import os
import re
import time as _time
from calendar import monthrange
from datetime import MAXYEAR, MINYEAR, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

from funnel.errors import InvalidValue
from funnel.i18n import t

# The days funnel knows: any date typed or read from a file outside them is refused,
# so that every day stored can be exported, imported and computed with (a follow-up
# on the last day still has an end in a calendar).
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LONG_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ZH_DAYS = "一二三四五六日"
_ZH_WEEKDAYS = tuple(f"周{d}" for d in _ZH_DAYS)
# 星期一 and 礼拜一 say 周一; 天 is 日 for Sunday (周天, 星期天).
_ZH_WEEK = re.compile(r"^(下)?(?:周|星期|礼拜)([一二三四五六日天])$")
_WORDS = {
    "today": 0,
    "tomorrow": 1,
    "yesterday": -1,
    "今天": 0,
    "明天": 1,
    "后天": 2,
    "大后天": 3,
    "昨天": -1,
    "前天": -2,
}
_RELATIVE = re.compile(r"^([+-])([0-9]{1,4})([dwm])$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_ISO_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}")
_SLASH_DATE = re.compile(r"^([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?(?:[ T](.*))?$")
# A DATE written YYYY/MM/DD or YYYY年MM月DD日 (one-digit months and days too).
_TYPED_DATE = re.compile(
    r"^([0-9]{4})(?:/([0-9]{1,2})/([0-9]{1,2})|年([0-9]{1,2})月([0-9]{1,2})日)$"
)


def in_range(day: date, *, value: object) -> date:
    """``day`` when it lies in FIRST_DAY…LAST_DAY; else refused, naming ``value``."""
    if FIRST_DAY <= day <= LAST_DAY:
        return day
    raise InvalidValue(
        t("err.date_range", value=value, first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())
    )


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (earlier when negative), or the month's last day
    when it is shorter: 2026-01-31 + 1 month is 2026-02-28."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not MINYEAR <= year <= MAXYEAR:
        raise OverflowError("date out of range")
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


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
    return _moment_in_range(moment, value=f"FUNNEL_NOW {pinned}")


def _moment_in_range(moment: datetime, *, value: object) -> datetime:
    """``moment`` as a local aware datetime, when both its own day and the local day
    lie in the range (a day refused here cannot come back from an export)."""
    in_range(moment.date(), value=value)
    local = moment.astimezone()
    in_range(local.date(), value=value)
    return local


def today() -> date:
    return now().date()


def parse_date(text: str, *, today: date) -> date:
    """A date from ``YYYY-MM-DD`` (also ``YYYY/MM/DD`` and ``YYYY年MM月DD日``),
    ``today``/``tomorrow``/``yesterday``, ``+3d``, ``-2d``, ``+2w``, ``+1m``, a
    weekday (``mon``…``sun``, 周一…周日: the next such day, never today), 下周一…下周日
    (that day of next week) or 今天/明天/后天/大后天. Only days from FIRST_DAY to
    LAST_DAY."""
    raw = (text or "").strip()
    try:
        day = _day_of(raw, today)
    except (ValueError, OverflowError):
        day = None
    if day is None:
        raise InvalidValue(t("err.date", value=text))
    return in_range(day, value=raw)


def _day_of(raw: str, today: date) -> date | None:
    """The day ``raw`` names, or None; ValueError or OverflowError for no such day."""
    word = raw.lower()
    if word in _WORDS:
        return today + timedelta(days=_WORDS[word])
    rel = _RELATIVE.match(word)
    if rel:
        sign, count, unit = rel.groups()
        amount = int(count) if sign == "+" else -int(count)
        if unit == "m":
            return add_months(today, amount)
        return today + timedelta(days=amount * (7 if unit == "w" else 1))
    for names in (WEEKDAYS, _LONG_WEEKDAYS):
        if word in names:
            ahead = (names.index(word) - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    zh = _ZH_WEEK.match(word)
    if zh:
        next_week, name = zh.groups()
        weekday = _ZH_DAYS.index("日" if name == "天" else name)
        if next_week:  # that day of the week after this one (weeks start on Monday)
            return today + timedelta(days=7 - today.weekday() + weekday)
        return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    if _ISO_DATE.match(raw):
        return date.fromisoformat(raw)
    typed = _TYPED_DATE.match(raw)
    if typed:
        year, *parts = typed.groups()
        month, day = [int(p) for p in parts if p is not None]
        return date(int(year), month, day)
    return None


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
            given = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            raise InvalidValue(t("err.datetime", value=text)) from None
        moment = _moment_in_range(given, value=raw)
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
    return _moment_in_range(moment, value=f"{field_name} {value}")


def parse_iso_day(value: Any, *, field_name: str) -> date:
    """A day as an export writes it, ``YYYY-MM-DD``."""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        raise InvalidValue(t("err.date", value=value)) from None
    return in_range(day, value=f"{field_name} {value}")


# --- moments -------------------------------------------------------------------------


def at_date(day: date, *, moment: datetime) -> datetime:
    """``day`` at the time of day of ``moment`` (keeps whole days between dated events)."""
    if day == moment.date():
        return moment
    return datetime.combine(day, moment.timetz()).astimezone()


def local_date(moment: datetime) -> date:
    """The local calendar date of an aware datetime."""
    return moment.astimezone().date()


class LocalTimes:
    """Aware moments in the local zone, for the many of a long list or an export:
    what ``moment.astimezone()`` gives, but the local offset is asked of the system
    once per day: a day whose two ends have the same offset keeps it throughout (clocks
    change twice a year, never twice in a day); in one whose ends differ, once per
    hour, and an hour whose ends differ moment by moment. One per run of output: a
    zone changed meanwhile (``TZ`` and ``time.tzset()``) is not seen by one already made."""

    def __init__(self) -> None:
        self._days: dict[float, tzinfo | None] = {}
        self._hours: dict[float, tzinfo | None] = {}

    def day_zone(self, day: float) -> tzinfo | None:
        """The local zone's offset through the ``day``-th day since 1970 (UTC), as a
        fixed zone; None when the clocks change on it."""
        zone = self._days.get(day, _UNKNOWN)
        if zone is _UNKNOWN:
            zone = self._days[day] = _same(self._days, day * 86400, 86400)
        return zone  # type: ignore[no-any-return]

    def hour_zone(self, hour: float) -> tzinfo | None:
        """The local zone's offset through the ``hour``-th hour since 1970 (UTC), as a
        fixed zone; None when the clocks change within it."""
        zone = self.day_zone(hour // 24)
        if zone is None:
            zone = self._hours.get(hour, _UNKNOWN)
            if zone is _UNKNOWN:
                zone = self._hours[hour] = _same(self._hours, hour * 3600, 3600)
        return zone  # type: ignore[no-any-return]

    def zone(self, moment: datetime) -> tzinfo:
        """The local zone's offset at an aware ``moment``, as a fixed zone."""
        stamp = moment.timestamp()
        zone = self.hour_zone(stamp // 3600)
        return zone if zone is not None else timezone(_offset(stamp))

    def local(self, moment: datetime) -> datetime:
        """An aware ``moment`` in the local zone."""
        return moment.astimezone(self.zone(moment))


def _same(cache: dict[float, Any], start: float, seconds: int) -> tzinfo | None:
    """The local offset from ``start`` for ``seconds`` as a fixed zone, if it is the
    same at both ends; else None. (``cache``, that remembers it, kept small.)"""
    if len(cache) > 50_000:
        cache.clear()
    first, last = _offset(start), _offset(start + seconds - 1)
    return timezone(first) if first == last else None


_UNKNOWN: Any = object()


def _offset(stamp: float) -> timedelta:
    """The local zone's offset from UTC at a POSIX timestamp, as the system knows it."""
    return timedelta(seconds=_time.localtime(stamp).tm_gmtoff)
