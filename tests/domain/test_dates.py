"""Dates from people and from files: the DATE parser's words, offsets, weekdays, Chinese
and edges, then --on and the dates and timestamps an import file carries."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from funnel.domain.dates import iso_day, parse_date, parse_file_date, parse_on, parse_timestamp
from funnel.errors import InvalidValue

TODAY = date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2026-02-28", date(2026, 2, 28)),
        ("2028-02-29", date(2028, 2, 29)),
        ("today", TODAY),
        ("tomorrow", date(2026, 11, 21)),
        ("yesterday", date(2026, 11, 19)),
        ("+3d", date(2026, 11, 23)),
        ("-2d", date(2026, 11, 18)),
        ("+2w", date(2026, 12, 4)),
        ("+0d", TODAY),
        ("+11d", date(2026, 12, 1)),
        ("fri", date(2026, 11, 27)),  # "fri" on a Friday means the next one
        ("mon", date(2026, 11, 23)),
        ("sat", date(2026, 11, 21)),
        ("thu", date(2026, 11, 26)),
        ("Friday", date(2026, 11, 27)),
        ("今天", TODAY),
        ("明天", date(2026, 11, 21)),
        ("后天", date(2026, 11, 22)),
    ],
)
def test_date_parser(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text,today,expected",
    [
        ("+1d", date(2026, 1, 31), date(2026, 2, 1)),
        ("+1d", date(2026, 12, 31), date(2027, 1, 1)),
        ("+1d", date(2027, 2, 28), date(2027, 3, 1)),
        ("+1d", date(2028, 2, 28), date(2028, 2, 29)),
        ("+1d", date(2028, 2, 29), date(2028, 3, 1)),
        ("-1d", date(2026, 3, 1), date(2026, 2, 28)),
        ("-1d", date(2028, 3, 1), date(2028, 2, 29)),
        ("+1w", date(2026, 12, 28), date(2027, 1, 4)),
        ("+2w", date(2026, 2, 20), date(2026, 3, 6)),
        ("+30d", date(2026, 1, 31), date(2026, 3, 2)),
        ("FRI", TODAY, date(2026, 11, 27)),
        ("sun", date(2026, 11, 22), date(2026, 11, 29)),  # Sunday on a Sunday: a week on
        ("sun", TODAY, date(2026, 11, 22)),
        ("周一", TODAY, date(2026, 11, 23)),
        ("后天", date(2026, 12, 31), date(2027, 1, 2)),
        (" tomorrow ", date(2026, 2, 28), date(2026, 3, 1)),
    ],
)
def test_across_month_and_year_ends(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today=today) == expected


@pytest.mark.parametrize(
    "text",
    ["2026-02-30", "2027-02-29", "31/12/2026", "next week", "+3", "3d", "", "2026-1-5", "+99999d"],
)
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_date(text, today=TODAY)


# --- --on, and dates in files ---------------------------------------------------------


@pytest.mark.parametrize(
    "text,day",
    [
        (None, TODAY),
        ("yesterday", date(2026, 11, 19)),
        ("-2d", date(2026, 11, 18)),
        ("2026-11-20", TODAY),
        ("今天", TODAY),
    ],
)
def test_on(text: str | None, day: date) -> None:
    assert parse_on(text, today=TODAY) == day


def test_on_refuses_the_future_and_nonsense() -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_on("tomorrow", today=TODAY)
    assert caught.value.message == "--on 2026-11-21 is in the future"
    with pytest.raises(InvalidValue) as caught:
        parse_on("2026/11/19", today=TODAY)
    assert caught.value.message.startswith("invalid date '2026/11/19' (use YYYY-MM-DD")


def test_on_reads_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FUNNEL_NOW", "2026-03-01T09:00")
    assert parse_on(None) == date(2026, 3, 1)


@pytest.mark.parametrize(
    "text,iso",
    [
        ("2026/11/2", "2026-11-02"),
        ("2026.11.02", "2026-11-02"),
        ("2026年11月2日", "2026-11-02"),
        ("2026/11/02 14:30", "2026-11-02T14:30"),
        ("2026-11-02", "2026-11-02"),
        ("+3d", "+3d"),
        ("1.37E+10", "1.37E+10"),
    ],
)
def test_iso_day(text: str, iso: str) -> None:
    assert iso_day(text) == iso


@pytest.mark.parametrize(
    "value,day",
    [(None, None), ("", None), ("2026/11/02", date(2026, 11, 2)), ("+1d", date(2026, 11, 21))],
)
def test_file_dates(value: str | None, day: date | None) -> None:
    assert parse_file_date(value, today=TODAY) == day


def test_file_timestamps() -> None:
    assert parse_timestamp("", field_name="created_at") is None
    assert parse_timestamp("2026年11月02日", field_name="x") == datetime(2026, 11, 2).astimezone()
    assert parse_timestamp("2026-11-02T10:00:00Z", field_name="x") == datetime.fromisoformat(
        "2026-11-02T10:00:00+00:00"
    )
    with pytest.raises(InvalidValue) as caught:
        parse_timestamp("soon", field_name="created_at")
    assert caught.value.message == "invalid created_at 'soon' (an ISO 8601 date or datetime)"
