"""Dates and moments from people and from files: every form each entry point takes,
and the messages it refuses with."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from funnel.domain.dates import iso_day, parse_file_date, parse_on, parse_timestamp
from funnel.errors import InvalidValue

TODAY = date(2026, 11, 20)  # a Friday


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
