"""A spreadsheet row as the rows an import inserts for it, made ready for the store.

Runs for every row of a file, in the reading process where the system forks: each
value goes through the bind processing of its column once, there, and the writing
process only fills in the lead id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from funnel.domain.dates import local_date
from funnel.domain.stages import Stage
from funnel.transfer.checking import AT
from funnel.transfer.writing import LeadWriter

Shaped = tuple[Any, ...]  # (lead, event, stay, payment or None, order or None)

_STAGE, _HIGHEST = AT["stage"], AT["highest_stage"]
_VALUE, _PAID = AT["value_cents"], AT["paid_cents"]
_CREATED_AT, _CREATED_ON, _ENTERED, _WON_ON = (
    AT["created_at"],
    AT["created_on"],
    AT["stage_entered_at"],
    AT["won_on"],
)
_STAGE_KEYS = [s.key for s in Stage]


class RowShaper:
    """Shapes spreadsheet rows with the bind processing of ``writer``'s inserts."""

    def __init__(self, writer: LeadWriter, *, now: datetime, reason: str | None) -> None:
        self.now = now
        self.reason = reason
        self._lead = writer.leads.process
        self._event = writer.events.process_repeating
        self._stay = writer.stays.process_repeating
        self._payment = writer.payments.process
        self._order = writer.orders.process

    def shape(self, row: tuple[Any, ...]) -> Shaped:
        """The rows to insert for a checked row (lead id 0 until the store gives one):
        the lead, its 'created' event, its stay in the current stage, what it has paid
        as one payment, the won deal as its first order."""
        stage, created_at, entered = row[_STAGE], row[_CREATED_AT], row[_ENTERED]
        entered_on = row[_CREATED_ON] if entered == created_at else local_date(entered)
        reason, now = self.reason, self.now
        return (
            self._lead((0, *row)),
            self._event((0, created_at, "created", _STAGE_KEYS[stage], reason, False)),
            self._stay((0, stage, entered, entered_on, row[_CREATED_ON])),
            self._payment((0, row[_PAID], row[_CREATED_ON], reason, now))
            if row[_PAID] > 0
            else None,
            self._order((0, row[_VALUE], row[_WON_ON], True, now))
            if row[_HIGHEST] == Stage.FORMAL
            else None,
        )
