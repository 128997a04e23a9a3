"""Sales periods, and a goal's gap and coverage: pure rules."""

from __future__ import annotations

from datetime import date

import pytest

from funnel.domain.forecast import coverage, gap_cents, parse_period, periods_from
from funnel.errors import InvalidValue


def test_the_three_period_forms() -> None:
    month, quarter, year = parse_period("2026-02"), parse_period("2026-q4"), parse_period("2026")
    assert (month.label, month.start, month.end) == ("2026-02", date(2026, 2, 1), date(2026, 3, 1))
    assert (quarter.label, quarter.start, quarter.end) == (
        "2026-Q4",
        date(2026, 10, 1),
        date(2027, 1, 1),
    )
    assert (year.start, year.end) == (date(2026, 1, 1), date(2027, 1, 1))
    assert date(2026, 12, 31) in quarter and date(2027, 1, 1) not in quarter


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "2026-1", "1899", "3000", "2026-W01", "x"])
def test_other_periods_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue, match="invalid period"):
        parse_period(text)


def test_calendar_order_puts_a_year_before_its_quarters_and_months() -> None:
    labels = ["2026-12", "2026-Q4", "2027", "2026-10", "2026", "2026-Q1", "2026-01"]
    ordered = sorted(labels, key=lambda p: parse_period(p).sort_key)
    assert ordered == ["2026", "2026-Q1", "2026-01", "2026-Q4", "2026-10", "2026-12", "2027"]


def test_periods_from_today_and_the_end_of_the_calendar() -> None:
    assert [p.label for p in periods_from(date(2026, 11, 30), "month", 3)] == [
        "2026-11",
        "2026-12",
        "2027-01",
    ]
    assert [p.label for p in periods_from(date(2026, 11, 30), "quarter", 2)] == [
        "2026-Q4",
        "2027-Q1",
    ]
    assert [p.label for p in periods_from(date(2999, 11, 1), "month", 6)] == ["2999-11", "2999-12"]


def test_gap_and_coverage() -> None:
    assert gap_cents(500, 200) == 300 and gap_cents(500, 800) == 0
    assert coverage(450, 300) == 1.5
    assert coverage(450, 0) is None
