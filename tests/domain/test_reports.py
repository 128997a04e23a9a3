"""The report maths in funnel.domain.reports, without a store."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from funnel.domain import reports as m


def test_reached_counts_every_stage_at_or_below_the_highest() -> None:
    # two leads stopped in potential, one reached intent (skipping trial or not), one formal
    assert m.reached_by_stage({0: 2, 2: 1, 4: 1}) == [4, 2, 2, 1, 1]
    assert m.conversions([4, 2, 2, 1, 1]) == [0.5, 1.0, 0.5, 1.0, None]
    assert m.conversions([0, 0, 0, 0, 0]) == [None] * 5


@given(st.dictionaries(st.integers(0, 4), st.integers(0, 1000)))
def test_reached_never_grows_down_the_funnel(counts: dict[int, int]) -> None:
    reached = m.reached_by_stage(counts)
    assert reached == sorted(reached, reverse=True)
    assert reached[0] == sum(counts.values())
    assert all(c is None or 0 <= c <= 1 for c in m.conversions(reached))


def test_weighted_cents_rounds_half_up() -> None:
    probs = {"potential": 0.1, "trial": 0.2, "intent": 0.4, "quasi": 0.8}
    assert m.weighted_cents({0: 5, 1: 0, 2: 0, 3: 0, 4: 999_999}, probs) == 1  # 0.5 → 1
    assert m.weighted_cents({2: 333}, probs) == 133  # 133.2


def test_periods() -> None:
    assert m.period_of(date(2026, 1, 1), "week") == "2026-W01"
    assert m.period_of(date(2027, 1, 1), "week") == "2026-W53"
    assert m.period_of(date(2026, 11, 20), "quarter") == "2026-Q4"
    assert m.periods_between(date(2026, 11, 5), date(2027, 2, 1), "month") == [
        "2026-11",
        "2026-12",
        "2027-01",
        "2027-02",
    ]
    assert m.periods_between(date(2026, 12, 31), date(2027, 1, 4), "week") == [
        "2026-W53",
        "2027-W01",
    ]
    assert m.periods_between(date(2026, 8, 1), date(2027, 1, 1), "quarter") == [
        "2026-Q3",
        "2026-Q4",
        "2027-Q1",
    ]


def test_quintile_scores() -> None:
    ten = m.quintile_scores({i: i for i in range(10)})
    assert [ten[i] for i in range(10)] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert m.quintile_scores({7: 42}) == {7: 3}
    assert set(m.quintile_scores({i: 1 for i in range(6)}).values()) == {3}
    # four tied at the bottom of ten: below 0, equal 4 → p = 0.2 → score 2
    assert m.quintile_scores({i: 0 if i < 4 else i for i in range(10)})[0] == 2


@given(st.lists(st.integers(0, 50), min_size=1, max_size=60))
def test_quintile_scores_are_monotone(values: list[int]) -> None:
    scores = m.quintile_scores(dict(enumerate(values)))
    pairs = sorted(zip(values, (scores[i] for i in range(len(values))), strict=True))
    assert all(1 <= s <= 5 for _, s in pairs)
    assert [s for _, s in pairs] == sorted(s for _, s in pairs)


def test_rfm_segments() -> None:
    assert m.rfm_segment(5, 5, 5) == "champions"
    assert m.rfm_segment(3, 4, 1) == "loyal"
    assert m.rfm_segment(5, 1, 1) == "promising"
    assert m.rfm_segment(3, 3, 3) == "needs attention"
    assert m.rfm_segment(1, 5, 1) == "at risk"
    assert m.rfm_segment(2, 1, 4) == "at risk"
    assert m.rfm_segment(2, 2, 2) == "hibernating"
    assert m.rfm_segment(1, 3, 3) == "lost"


def customers(revenues: list[int]) -> list[m.Customer]:
    day = date(2026, 1, 1)
    return [m.Customer(i, f"c{i}", r, 1, day, day) for i, r in enumerate(revenues, start=1)]


def test_abc_cutoffs() -> None:
    assert m.abc_cutoffs(20, 0.05, 0.15) == (1, 4)
    assert m.abc_cutoffs(10, 0.1, 0.2) == (1, 3)
    assert m.abc_cutoffs(0, 0.05, 0.15) == (0, 0)


@given(
    st.lists(st.integers(1, 10_000), min_size=1, max_size=80),
    st.sampled_from([(0.05, 0.15), (0.1, 0.2), (0.2, 0.3), (0.0, 0.0), (1.0, 0.0)]),
)
def test_abc_classes_follow_revenue(revenues: list[int], shares: tuple[float, float]) -> None:
    custs = customers(revenues)
    labels = m.abc_classes(custs, *shares)
    ordered = [labels[c.id] for c in m.by_revenue(custs)]
    assert ordered == sorted(ordered)  # A before B before C down the revenue ranking
    same: dict[int, set[str]] = {}
    for c in custs:
        same.setdefault(c.revenue_cents, set()).add(labels[c.id])
    assert all(len(v) == 1 for v in same.values())  # equal revenue, equal class
    last_a, _ = m.abc_cutoffs(len(custs), *shares)
    assert ordered.count("A") >= min(last_a, len(custs))


def test_loyalty_lifecycle_and_quadrants() -> None:
    assert m.loyalty_tier(1, 0, silent_days=90) == "first-time"
    assert m.loyalty_tier(3, 90, silent_days=90) == "loyal"
    assert m.loyalty_tier(3, 91, silent_days=90) == "repeat"
    life = {"new_days": 30, "silent_days": 90, "lost_days": 180}
    assert m.lifecycle_phase(30, 0, **life) == "new"
    assert m.lifecycle_phase(31, 90, **life) == "active"
    assert m.lifecycle_phase(200, 91, **life) == "silent"
    assert m.lifecycle_phase(200, 181, **life) == "lost"
    assert m.median([3, 1, 2]) == 2.0 and m.median([1, 2, 3, 10]) == 2.5 and m.median([]) is None
    quad = {"median_revenue": 100.0, "median_orders": 2.0}
    assert m.quadrant(101, 3, **quad) == "strategic"
    assert m.quadrant(101, 2, **quad) == "purchase"
    assert m.quadrant(100, 3, **quad) == "emotional"
    assert m.quadrant(100, 2, **quad) == "vendor"
