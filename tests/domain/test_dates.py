"""The one parser for dates a user types: words, offsets, weekdays, Chinese, edges."""

from __future__ import annotations

from datetime import date

import pytest

from funnel.domain.dates import parse_date
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
