"""Follow-up rules without a store: kinds, moments, overdue and idle days, thresholds."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from funnel.domain.dates import parse_moment
from funnel.domain.followups import (
    ACTIVITY_KINDS,
    idle_cutoff,
    idle_days,
    overdue_days,
    parse_activity_kind,
    stale_thresholds,
)
from funnel.domain.stages import Stage
from funnel.errors import InvalidValue

NOW = datetime(2026, 11, 20, 10, 0).astimezone()  # a Friday


@pytest.mark.parametrize(
    "text,kind",
    [
        (None, "call"),
        ("visit", "visit"),
        ("EMAIL", "email"),
        (" meeting ", "meeting"),
        ("电话", "call"),
        ("拜访", "visit"),
        ("微信", "message"),
        ("其他", "other"),
    ],
)
def test_activity_kinds(text: str | None, kind: str) -> None:
    assert parse_activity_kind(text) == kind
    assert kind in ACTIVITY_KINDS


@pytest.mark.parametrize("text", ["fax", "", "call,visit"])
def test_unknown_activity_kinds_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_activity_kind(text)


@pytest.mark.parametrize(
    "text,expected",
    [
        (None, NOW),
        ("today", NOW),
        ("yesterday", NOW - timedelta(days=1)),
        ("-3d", NOW - timedelta(days=3)),
        ("mon", None),  # the next Monday is in the future
        ("2026-11-19T15:30", datetime(2026, 11, 19, 15, 30).astimezone()),
        ("2026-11-19 15:30", datetime(2026, 11, 19, 15, 30).astimezone()),
        ("2026-11-20T23:59", datetime(2026, 11, 20, 23, 59).astimezone()),  # later today is fine
        ("2026-11-21T00:00", None),
        ("2026-11-19", NOW - timedelta(days=1)),
        ("2026-02-30T10:00", None),
        ("someday", None),
    ],
)
def test_when_an_interaction_happened(text: str | None, expected: datetime | None) -> None:
    if expected is None:
        with pytest.raises(InvalidValue):
            parse_moment(text, now=NOW)
    else:
        assert parse_moment(text, now=NOW) == expected


def test_overdue_days() -> None:
    today = date(2026, 3, 1)
    assert overdue_days(date(2026, 2, 28), today=today) == 1  # across a month end
    assert overdue_days(date(2024, 2, 29), today=date(2024, 3, 1)) == 1  # leap day
    assert overdue_days(today, today=today) == 0
    assert overdue_days(date(2026, 3, 4), today=today) == -3


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=0, max_value=500),
    st.integers(min_value=0, max_value=23),
)
def test_idle_cutoff_agrees_with_idle_days(today: date, days: int, ago: int, hour: int) -> None:
    """The SQL filter (touched < cutoff) picks exactly the leads idle longer than ``days``."""
    touched = (
        datetime.combine(today - timedelta(days=ago), datetime.min.time())
        .replace(hour=hour)
        .astimezone()
    )
    assert (touched < idle_cutoff(today, days)) == (idle_days(touched, today=today) > days)


def test_stale_thresholds() -> None:
    config = {"potential": 30, "trial": 14, "intent": 7, "quasi": 3}
    assert stale_thresholds(config) == {
        Stage.POTENTIAL: 30,
        Stage.TRIAL: 14,
        Stage.INTENT: 7,
        Stage.QUASI: 3,
    }
    assert stale_thresholds(config, days=5) == {stage: 5 for stage in Stage}
