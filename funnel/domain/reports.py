"""Report maths that needs no database: ratios, funnel conversion, customer grading.

Every figure a report shows is defined here (or summed in SQL in
``funnel.store.reports`` and finished here), so a manager can check it by hand; the
README's "What the numbers mean" mirrors these docstrings.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from funnel.domain.money import to_number
from funnel.domain.stages import STAGES

PERIODS = ("month", "week", "quarter")
ABC_CLASSES = ("A", "B", "C")
SEGMENTS = ("champions", "loyal", "promising", "needs attention", "at risk", "hibernating", "lost")
TIERS = ("first-time", "repeat", "loyal")
PHASES = ("new", "active", "silent", "lost")
QUADRANTS = ("strategic", "purchase", "emotional", "vendor")
# The kind of relationship each profit × loyalty quadrant calls for.
RELATIONSHIP = {
    "strategic": "partner",
    "purchase": "relationship",
    "emotional": "relationship",
    "vendor": "relationship",
}


def ratio(part: float, whole: float) -> float | None:
    """``part / whole`` as a float, or None when ``whole`` is 0."""
    return part / whole if whole else None


# --- the funnel ---------------------------------------------------------------------


def reached_by_stage(highest_counts: Mapping[int, int]) -> list[int]:
    """Leads at or past each stage, from counts per highest stage reached.

    A lead whose highest stage is ``intent`` has reached potential, trial and
    intent — also when it skipped trial or was moved back since.
    """
    reached = []
    running = 0
    for stage in reversed(STAGES):
        running += highest_counts.get(int(stage), 0)
        reached.append(running)
    return list(reversed(reached))


def conversions(reached: Sequence[int]) -> list[float | None]:
    """reached(next) / reached(this); None for the last stage or when reached is 0."""
    out: list[float | None] = []
    for i, here in enumerate(reached):
        out.append(ratio(reached[i + 1], here) if i + 1 < len(reached) else None)
    return out


def weighted_cents(values_by_stage: Mapping[int, int], probabilities: Mapping[str, float]) -> int:
    """Σ value × probability over potential…quasi, in whole cents (half up)."""
    total = Decimal(0)
    for stage in STAGES[:-1]:
        p = Decimal(str(probabilities.get(stage.key, 0)))
        total += Decimal(values_by_stage.get(int(stage), 0)) * p
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- trend periods --------------------------------------------------------------------


def period_of(day: date, by: str) -> str:
    """The period a day falls in: ``2026-07`` (month), ``2026-W27`` (ISO week), ``2026-Q3``."""
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def period_start(day: date, by: str) -> date:
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, day.month, 1)


def periods_between(first: date, last: date, by: str) -> list[str]:
    """Every period from the one holding ``first`` to the one holding ``last``, gaps included."""
    out: list[str] = []
    day = period_start(first, by)
    while day <= last:
        out.append(period_of(day, by))
        if by == "week":
            day += timedelta(days=7)
        else:
            months = 3 if by == "quarter" else 1
            month = day.month - 1 + months
            day = date(day.year + month // 12, month % 12 + 1, 1)
    return out


# --- customers --------------------------------------------------------------------------


@dataclass(frozen=True)
class Customer:
    """A formal customer's orders, summed in SQL."""

    id: int
    name: str
    revenue_cents: int
    orders: int
    first_order: date
    last_order: date


def by_revenue(customers: Sequence[Customer]) -> list[Customer]:
    """Highest revenue first; equal revenue by id (the older lead first)."""
    return sorted(customers, key=lambda c: (-c.revenue_cents, c.id))


def revenue_ranks(customers: Sequence[Customer]) -> dict[int, int]:
    """Competition rank by revenue (1 = highest; equal revenue shares a rank: 1, 1, 3)."""
    ranks: dict[int, int] = {}
    previous: int | None = None
    rank = 0
    for position, customer in enumerate(by_revenue(customers), start=1):
        if customer.revenue_cents != previous:
            rank, previous = position, customer.revenue_cents
        ranks[customer.id] = rank
    return ranks


def abc_cutoffs(n: int, a: float, b: float) -> tuple[int, int]:
    """Last rank of class A and of class B: ceil(a × n) and ceil((a + b) × n).

    Shares go through Decimal so 0.05 × 20 is exactly 1, not 1.0000000000000002.
    """
    da, db = Decimal(str(a)), Decimal(str(b))
    return math.ceil(da * n), math.ceil((da + db) * n)


def abc_class(rank: int, cutoffs: tuple[int, int]) -> str:
    """A = rank ≤ the last rank of A, B = rank ≤ the last rank of B, C = the rest."""
    last_a, last_b = cutoffs
    return "A" if rank <= last_a else "B" if rank <= last_b else "C"


def abc_classes(customers: Sequence[Customer], a: float, b: float) -> dict[int, str]:
    """A = rank ≤ ceil(a × n), B = rank ≤ ceil((a + b) × n), C = the rest.

    Ranks are competition ranks, so customers with equal revenue always land in
    the same class (the better one): a class may then hold more customers than
    its share.
    """
    cutoffs = abc_cutoffs(len(customers), a, b)
    return {cid: abc_class(rank, cutoffs) for cid, rank in revenue_ranks(customers).items()}


def quintile_scores(values: Mapping[int, float | int]) -> dict[int, int]:
    """Scores 1–5 by quintile, 5 for the highest values.

    A customer's position is the share of customers strictly below, plus half the
    share of those tied with it (the mid-rank percentile p); the score is
    1 + floor(5 × p). Ten distinct values score 1,1,2,2,3,3,4,4,5,5; equal values
    always score the same, and a lone customer scores 3.
    """
    n = len(values)
    counts: dict[float | int, int] = {}
    for v in values.values():
        counts[v] = counts.get(v, 0) + 1
    below: dict[float | int, int] = {}
    running = 0
    for v in sorted(counts):
        below[v] = running
        running += counts[v]
    out = {}
    for key, v in values.items():
        # In integer arithmetic: p = (2·below + equal) / 2n.
        out[key] = min(5, 1 + (5 * (2 * below[v] + counts[v])) // (2 * n))
    return out


def rfm_segment(r: int, f: int, m: int) -> str:
    """A name for an RFM score, first rule that matches:

    champions r≥4, f≥4, m≥4 · loyal r≥3, f≥4 · promising r≥4 · needs attention r=3 ·
    at risk r≤2 with f≥4 or m≥4 · hibernating r=2 · lost r=1.
    """
    if r >= 4 and f >= 4 and m >= 4:
        return "champions"
    if r >= 3 and f >= 4:
        return "loyal"
    if r >= 4:
        return "promising"
    if r == 3:
        return "needs attention"
    if f >= 4 or m >= 4:
        return "at risk"
    if r == 2:
        return "hibernating"
    return "lost"


def rfm_scores(customers: Sequence[Customer], *, today: date) -> dict[int, tuple[int, int, int]]:
    """(r, f, m) per customer: recency = fewer days since the last order scores higher."""
    r = quintile_scores({c.id: -(today - c.last_order).days for c in customers})
    f = quintile_scores({c.id: c.orders for c in customers})
    m = quintile_scores({c.id: c.revenue_cents for c in customers})
    return {c.id: (r[c.id], f[c.id], m[c.id]) for c in customers}


def loyalty_tier(orders: int, days_since_last: int, *, silent_days: int) -> str:
    """first-time (1 order), repeat (2+), loyal (3+ and an order within silent_days)."""
    if orders >= 3 and days_since_last <= silent_days:
        return "loyal"
    return "repeat" if orders >= 2 else "first-time"


def lifecycle_phase(
    days_since_first: int, days_since_last: int, *, new_days: int, silent_days: int, lost_days: int
) -> str:
    """lost: last order more than lost_days ago; silent: more than silent_days ago;
    new: first order within new_days; active: the rest."""
    if days_since_last > lost_days:
        return "lost"
    if days_since_last > silent_days:
        return "silent"
    if days_since_first <= new_days:
        return "new"
    return "active"


def median(values: Sequence[int]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count)."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2


def quadrant(
    revenue_cents: int, orders: int, *, median_revenue: float, median_orders: float
) -> str:
    """High = strictly above the median. High revenue & orders: strategic; high revenue
    only: purchase; many orders only: emotional; neither: vendor."""
    rich, loyal = revenue_cents > median_revenue, orders > median_orders
    if rich and loyal:
        return "strategic"
    if rich:
        return "purchase"
    if loyal:
        return "emotional"
    return "vendor"


# --- a customer report as it is read ------------------------------------------------------


class Tally:
    """Customers and revenue per label (a class, segment, tier, phase or quadrant),
    counted as the customers go by; ``figures``: the report's own figures (matrix: the
    medians), set by whoever reads the customers."""

    def __init__(self, names: Sequence[str], figures: Mapping[str, Any]) -> None:
        self.customers = dict.fromkeys(names, 0)
        self.cents = dict.fromkeys(names, 0)
        self.figures = dict(figures)

    def add(self, label: str, cents: int) -> None:
        self.customers[label] += 1
        self.cents[label] += cents

    def count(self) -> int:
        return sum(self.customers.values())

    def groups(self, key: str) -> list[dict[str, Any]]:
        """Per label, in order: customers, revenue, and its share of all revenue."""
        total = sum(self.cents.values())
        return [
            {
                key: name,
                "customers": self.customers[name],
                "revenue": to_number(cents),
                "share": ratio(cents, total),
            }
            for name, cents in self.cents.items()
        ]


def customer_record(
    cid: int, name: str, cents: int, orders: int, first: date | str, last: date | str
) -> dict[str, Any]:
    """A customer as the reports print it (their JSON's keys, in order); the days as
    dates or already as ISO text."""
    return {
        "id": cid,
        "name": name,
        "revenue": to_number(cents),
        "orders": orders,
        "first_order": first if isinstance(first, str) else first.isoformat(),
        "last_order": last if isinstance(last, str) else last.isoformat(),
    }


# The customers of a report, each with its label, counted into the tally as they go.
Reader = Callable[[Tally], Iterator[dict[str, Any]]]


@dataclass
class CustomerReport:
    """A customer report read as it prints, never held whole (a store may have hundreds
    of thousands of customers): iterating yields every customer, highest revenue first,
    each with its label under ``label``, read afresh each time; after a whole pass
    :meth:`groups`, :meth:`count` and :meth:`figures` hold the summary of that pass.

    :meth:`json` is the report's JSON object in order: ``customers``, the summary under
    ``summary``, then the figures."""

    label: str  # class, segment, tier, phase or quadrant
    summary: str  # classes, segments, tiers, phases or quadrants
    names: tuple[str, ...]  # the labels, in the summary's order
    read: Reader
    initial: Mapping[str, Any] = field(default_factory=dict)  # the figures with no customer
    relationship: Mapping[str, str] | None = None  # a summary column of its own (matrix)
    _tally: Tally | None = None

    def __iter__(self) -> Iterator[dict[str, Any]]:
        tally = Tally(self.names, self.initial)
        yield from self.read(tally)
        self._tally = tally

    def _done(self) -> Tally:
        if self._tally is None:  # nobody read the customers yet: count them now
            for _ in self:
                pass
        assert self._tally is not None
        return self._tally

    def count(self) -> int:
        return self._done().count()

    def groups(self) -> list[dict[str, Any]]:
        groups = self._done().groups(self.label)
        if self.relationship is not None:
            for group in groups:
                group["relationship"] = self.relationship[group[self.label]]
        return groups

    def figures(self) -> dict[str, Any]:
        return self._done().figures

    def json(self) -> Iterator[tuple[str, Any]]:
        """Key and value, in order; the customers as an iterator, read once."""
        yield "customers", iter(self)
        yield self.summary, self.groups()
        yield from self.figures().items()
