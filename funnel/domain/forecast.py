"""Forecast and goals, the maths that needs no database: sales periods (a month
``2026-11``, a quarter ``2026-Q4``, a year ``2026``), the periods a forecast covers,
and a goal's gap and coverage.

Definitions (the README's "Forecast and goals" mirrors them):

- won in a period: the value of the leads that first reached formal in it (``won_on``);
  a lead moved back and forward again is won once, on its first arrival;
- over the active leads in potential…quasi whose expected close date falls in the
  period: ``leads`` their number, ``weighted`` Σ value × the stage's probability,
  ``commit`` the value of those in quasi, ``best_case`` of those in intent or quasi;
- a goal's ``gap`` = max(target − won, 0), its ``coverage`` = weighted open ÷ gap
  (None when the gap is 0).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from funnel.domain.dates import FIRST_DAY, LAST_DAY
from funnel.domain.stages import Stage
from funnel.errors import InvalidValue
from funnel.i18n import t

FORECAST_BY = ("month", "quarter")
DEFAULT_PERIODS = 6
MAX_PERIODS = 120  # ten years of months

_PERIOD = re.compile(r"(\d{4})(?:-(?:(\d{2})|[Qq]([1-4])))?")


@dataclass(frozen=True, order=True)
class Period:
    """A sales period: the days ``[start, end)``; ``label`` as people write it."""

    start: date
    end: date  # the first day after it
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end

    @property
    def sort_key(self) -> tuple[date, int]:
        """A year, then its first quarter, then that quarter's months, then the next."""
        return (self.start, -(self.end - self.start).days)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def parse_period(text: str) -> Period:
    """``2026-11`` (a month), ``2026-Q4`` (a quarter, ``q4`` too) or ``2026`` (a year),
    within the years dates may take; anything else is refused naming the forms."""
    found = _PERIOD.fullmatch(text.strip())
    year = int(found.group(1)) if found else 0
    if not found or not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise InvalidValue(t("err.period", value=text))
    month, quarter = found.group(2), found.group(3)
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise InvalidValue(t("err.period", value=text))
        start = date(year, int(month), 1)
        return Period(start, _add_months(start, 1), f"{year}-{month}")
    if quarter is not None:
        start = date(year, (int(quarter) - 1) * 3 + 1, 1)
        return Period(start, _add_months(start, 3), f"{year}-Q{quarter}")
    start = date(year, 1, 1)
    return Period(start, _add_months(start, 12), f"{year}")


def period_holding(day: date, by: str) -> Period:
    """The month or quarter ``day`` falls in."""
    if by == "quarter":
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    return parse_period(f"{day.year}-{day.month:02d}")


def periods_from(day: date, by: str, count: int) -> list[Period]:
    """``count`` months or quarters, the first holding ``day`` (fewer when the calendar
    ends before)."""
    out = [period_holding(day, by)]
    while len(out) < count and out[-1].end <= LAST_DAY:
        out.append(period_holding(out[-1].end, by))
    return out


def weighted_cents(stage: int, value_cents: int, probabilities: Mapping[str, float]) -> Decimal:
    """A stage's value × its probability, unrounded (sums are rounded once, half up)."""
    return Decimal(value_cents) * Decimal(str(probabilities.get(Stage(stage).key, 0)))


def whole_cents(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def gap_cents(target_cents: int, won_cents: int) -> int:
    """What is left to win: never below 0."""
    return max(target_cents - won_cents, 0)


def coverage(weighted_open_cents: int, gap: int) -> float | None:
    """Weighted open pipeline ÷ gap: above 1, the pipeline could close the gap; None
    when there is no gap."""
    return weighted_open_cents / gap if gap else None


def commits(stage: int) -> tuple[bool, bool]:
    """(in commit, in best case) for an open stage: quasi commits; intent and quasi are
    the best case."""
    return stage == Stage.QUASI, stage in (Stage.INTENT, Stage.QUASI)
