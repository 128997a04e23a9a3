"""The sales goals of a JSON export: written in its header (before the leads, only
when there are any), read back and restored by an import, so that a backup imported
into an empty store reproduces the goals report too."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from funnel.domain.forecast import Period, parse_period
from funnel.domain.leads import check_text
from funnel.domain.money import parse_money
from funnel.errors import FunnelError, InvalidValue
from funnel.i18n import t

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

Goal = tuple[Period, str | None, int]


def read_goals(raw: Any, path: Path) -> list[Goal]:
    """The goals of an export's header, checked: (period, owner or None, target cents)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InvalidValue(t("err.goals_in_file", path=path, number=0, why=t("err.not_array")))
    goals: list[Goal] = []
    for number, item in enumerate(raw, 1):
        try:
            if not isinstance(item, dict):
                raise InvalidValue(t("err.not_object"))
            period, owner, target = item.get("period"), item.get("owner"), item.get("target")
            if not isinstance(period, str) or not (owner is None or isinstance(owner, str)):
                raise InvalidValue(t("err.a_text"))
            if isinstance(target, bool) or target is None or isinstance(target, float):
                raise InvalidValue(t("err.goal_target"))
            goals.append(
                (
                    parse_period(period),
                    check_text(owner, field="owner") or None,
                    parse_money(target),
                )
            )
        except FunnelError as exc:
            raise InvalidValue(
                t("err.goals_in_file", path=path, number=number, why=str(exc))
            ) from None
    return goals


def restore_goals(conn: Connection, goals: Sequence[Goal]) -> None:
    from funnel.store.forecast import set_goal

    for period, owner, cents in goals:
        set_goal(conn, period, owner, cents)
