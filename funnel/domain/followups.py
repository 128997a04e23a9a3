"""Follow-up rules: interaction kinds, when an interaction happened, how overdue a
follow-up is, and when a lead has gone stale. Pure: no store, no terminal."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from funnel.domain.choices import Choice
from funnel.domain.stages import OPEN_STAGES, Stage
from funnel.i18n import t

ACTIVITY_KIND = Choice(
    "kind",
    ("call", "visit", "email", "message", "meeting", "other"),
    aliases={
        "电话": "call",
        "拜访": "visit",
        "邮件": "email",
        "消息": "message",
        "微信": "message",
        "会议": "meeting",
        "其他": "other",
    },
    labels="activity",
)
ACTIVITY_KINDS = ACTIVITY_KIND.keys
DEFAULT_ACTIVITY_KIND = "call"  # what a salesperson logs most


def parse_activity_kind(text: str | None) -> str:
    """An interaction kind from its English name (any case) or a Chinese label."""
    return DEFAULT_ACTIVITY_KIND if text is None else ACTIVITY_KIND.parse(text)


def activity_label(kind: str | None) -> str:
    return ACTIVITY_KIND.label(kind)


def overdue_days(due: date, *, today: date) -> int:
    """Days a follow-up is late: 0 today, negative when it lies ahead."""
    return (today - due).days


def due_label(days_overdue: int) -> str:
    """How a follow-up's timing reads to people: '3d overdue', 'today', 'in 2d'."""
    if days_overdue > 0:
        return t("due.overdue", days=days_overdue)
    if days_overdue == 0:
        return t("due.today")
    return t("due.ahead", days=-days_overdue)


def idle_days(touched: datetime, *, today: date) -> int:
    """Whole local days since a lead was last touched."""
    return max((today - touched.astimezone().date()).days, 0)


def idle_cutoff(today: date, days: int) -> datetime:
    """The moment before which a lead has been idle for more than ``days`` days.

    ``idle_days(touched) > days`` exactly when ``touched < idle_cutoff(today, days)``:
    the start of the local day ``days`` days before today. Comparing a stored
    timestamp with it keeps the stale filter in portable SQL.
    """
    return datetime.combine(today - timedelta(days=days), time()).astimezone()


def stale_thresholds(stale_days: Mapping[str, int], *, days: int | None = None) -> dict[Stage, int]:
    """Idle days allowed per stage: the configured ones for potential…quasi, or
    ``days`` for every stage. Formal customers are left to the customer-value
    reports (their silence is measured by orders) unless ``days`` is given."""
    if days is not None:
        return {stage: days for stage in Stage}
    return {stage: int(stale_days[stage.key]) for stage in OPEN_STAGES}
