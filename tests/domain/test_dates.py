"""Dates from people and from files: the DATE parser's words, offsets, weekdays, Chinese
and edges, then --on and the dates and timestamps an import file carries."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from funnel.domain.dates import (
    add_months,
    iso_day,
    now,
    parse_date,
    parse_file_date,
    parse_iso_day,
    parse_moment,
    parse_on,
    parse_timestamp,
)
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
        parse_on("19/11/2026", today=TODAY)
    assert caught.value.message.startswith("invalid date '19/11/2026' (use YYYY-MM-DD")
    assert parse_on("2026/11/19", today=TODAY) == date(2026, 11, 19)


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


# --- the contract's other forms, and the days funnel keeps ------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2026/11/2", date(2026, 11, 2)),
        ("2026/01/05", date(2026, 1, 5)),
        ("2026年11月20日", TODAY),
        ("2026年1月5日", date(2026, 1, 5)),
        ("+1m", date(2026, 12, 20)),
        ("-1m", date(2026, 10, 20)),
        ("+2m", date(2027, 1, 20)),
        ("+12m", date(2027, 11, 20)),
        ("大后天", date(2026, 11, 23)),
        ("下周一", date(2026, 11, 23)),
        ("下周三", date(2026, 11, 25)),
        ("下周五", date(2026, 11, 27)),  # a Friday's 下周五: next week's, a week on
        ("下周日", date(2026, 11, 29)),
        ("下周天", date(2026, 11, 29)),
        ("下星期二", date(2026, 11, 24)),
        ("星期六", date(2026, 11, 21)),
        ("周日", date(2026, 11, 22)),
        ("2999-12-31", date(2999, 12, 31)),
        ("1900-01-01", date(1900, 1, 1)),
    ],
)
def test_more_date_forms(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text,today,expected",
    [
        ("+1m", date(2026, 1, 31), date(2026, 2, 28)),  # the month's last day
        ("+1m", date(2028, 1, 31), date(2028, 2, 29)),
        ("-1m", date(2026, 3, 31), date(2026, 2, 28)),
        ("+1m", date(2026, 12, 15), date(2027, 1, 15)),
        ("-1m", date(2027, 1, 15), date(2026, 12, 15)),
        ("下周一", date(2026, 11, 23), date(2026, 11, 30)),  # on a Monday: next week's
        ("下周日", date(2026, 11, 22), date(2026, 11, 29)),  # on a Sunday: the one after
        ("下周一", date(2026, 11, 22), date(2026, 11, 23)),
    ],
)
def test_months_and_next_week(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today=today) == expected


@pytest.mark.parametrize(
    "text,today",
    [
        ("1899-12-31", TODAY),
        ("3000-01-01", TODAY),
        ("9999-12-31", TODAY),
        ("0001-01-01", TODAY),
        ("1899/12/31", TODAY),
        ("tomorrow", date(2999, 12, 31)),
        ("yesterday", date(1900, 1, 1)),
        ("+9999m", date(2200, 1, 1)),
        ("-9999w", TODAY),
        ("+1m", date(2999, 12, 1)),
    ],
)
def test_dates_outside_the_range_are_refused(text: str, today: date) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_date(text, today=today)
    assert "outside the dates funnel keeps (1900-01-01…2999-12-31)" in caught.value.message


@pytest.mark.parametrize("text", ["2026/13/01", "2026年2月30日", "2026年11月20", "下周八", "下周"])
def test_more_bad_dates(text: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_date(text, today=TODAY)
    assert caught.value.message.startswith("invalid date")


def test_file_dates_and_timestamps_keep_to_the_range() -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_timestamp("0001-01-01T00:00:00", field_name="created_at")
    assert caught.value.message.startswith("created_at 0001-01-01T00:00:00 is outside")
    with pytest.raises(InvalidValue):
        parse_timestamp("9999-12-31", field_name="created_at")
    with pytest.raises(InvalidValue):
        parse_file_date("3000/01/01", today=TODAY)
    with pytest.raises(InvalidValue):
        parse_iso_day("1899-12-31", field_name="paid_on")
    assert parse_iso_day("2999-12-31", field_name="paid_on") == date(2999, 12, 31)
    assert parse_timestamp("2999-12-31T23:59:59", field_name="x").year == 2999


def test_the_clock_keeps_to_the_range(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FUNNEL_NOW", "2999-12-31T23:59")
    assert now().date() == date(2999, 12, 31)
    for pinned in ("9999-12-31", "3000-01-01T00:00", "1899-12-31"):
        monkeypatch.setenv("FUNNEL_NOW", pinned)
        with pytest.raises(InvalidValue) as caught:
            now()
        assert caught.value.message.startswith(f"FUNNEL_NOW {pinned} is outside")


def test_log_moments_keep_to_the_range() -> None:
    moment = datetime(2026, 11, 20, 10).astimezone()
    with pytest.raises(InvalidValue):
        parse_moment("0001-01-01T00:00", now=moment)
    assert parse_moment("1900-01-01T00:00", now=moment).year in (1899, 1900)


@given(st.dates(), st.integers(-120, 120))
def test_add_months_stays_in_the_month_it_lands_in(day: date, months: int) -> None:
    try:
        moved = add_months(day, months)
    except OverflowError:
        return
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or moved.day < day.day


def test_a_moment_whose_local_day_leaves_the_range_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    import time

    time.tzset()
    try:
        with pytest.raises(InvalidValue):  # 3000-01-01 in Shanghai
            parse_timestamp("2999-12-31T20:00:00+00:00", field_name="created_at")
        assert parse_timestamp("2999-12-31T12:00:00+00:00", field_name="x").year == 2999
        monkeypatch.setenv("FUNNEL_NOW", "2999-12-31T20:00:00Z")
        with pytest.raises(InvalidValue):
            now()
    finally:
        monkeypatch.undo()
        time.tzset()
