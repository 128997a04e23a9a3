"""The lead's fields as files carry them, named once here for import and export (the
lists a new field of a lead must join to travel in and out of files)."""

from __future__ import annotations

from funnel.domain.records import ROW_KEYS
from funnel.store.leads import EDITABLE, LEAD_KEYS

# The lead table's columns an import writes: the id, then a checked row's values.
LEAD_COLUMNS = ("id", *ROW_KEYS)
# Lead columns an export carries beyond the lead object, so a restore is exact.
LEAD_EXTRAS = (
    "note",
    "follow_note",
    "created_on",
    "touched_at",
    "stage_entered_at",
    "won_on",
    "lost_on",
)
CSV_KEYS = (*LEAD_KEYS, "note", "follow_note")
# Keys an update may change: what `edit` changes, and the stage.
UPDATABLE = (*EDITABLE, "stage")
