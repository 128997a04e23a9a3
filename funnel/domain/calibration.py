"""Checking the configured chances to win against the team's own history: the share of
decided leads that won, with its 95 % Wilson score interval. Pure maths, no store."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

Z95 = 1.96  # the normal quantile of a two-sided 95 % interval, as the contract fixes it
MIN_DECIDED = 20  # `calibrate --apply` needs at least this many decided leads per stage


def wilson(won: int, decided: int, *, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of ``won`` successes in ``decided`` trials (None for
    none): centre (p + z²/2n) / (1 + z²/n), half-width z/(1 + z²/n) · √(p(1−p)/n + z²/4n²).
    Unlike p ± z·√(p(1−p)/n) it stays inside [0, 1] and is honest for small n."""
    if decided <= 0:
        return None
    n, p = decided, won / decided
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Calibration:
    """One stage: the probability in use, and what the history says."""

    stage: str
    configured: float
    decided: int
    won: int

    @property
    def observed(self) -> float | None:
        return self.won / self.decided if self.decided else None

    def as_dict(self) -> dict[str, object]:
        interval = wilson(self.won, self.decided)
        return {
            "stage": self.stage,
            "configured": self.configured,
            "observed": self.observed,
            "decided": self.decided,
            "low": None if interval is None else interval[0],
            "high": None if interval is None else interval[1],
        }


def calibrations(
    decided_by_highest: Mapping[int, int],
    won: int,
    probabilities: Mapping[str, float],
    stages: tuple[str, ...],
) -> list[Calibration]:
    """Per open stage (rank i): the decided leads that reached it are those decided
    whose highest stage is ≥ i; every won lead reached every stage.
    ``decided_by_highest`` counts the lost or dead leads by highest stage reached,
    ``won`` the leads that reached formal."""
    out = []
    for rank, key in enumerate(stages):
        lost = sum(n for top, n in decided_by_highest.items() if top >= rank)
        out.append(Calibration(key, float(probabilities[key]), lost + won, won))
    return out


def ready_to_apply(rows: list[Calibration]) -> bool:
    return all(r.decided >= MIN_DECIDED for r in rows)
