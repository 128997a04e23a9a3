"""The lead's fields as files carry them, for import and export: derived from the
field declarations (``funnel.domain.fields``), which a new field of a lead joins."""

from __future__ import annotations

from funnel.domain.fields import BACKUP_KEYS, EDITABLE, EXTRA_KEYS, LEAD_KEYS, OBJECT, Kind
from funnel.domain.records import ROW_KEYS

# The lead table's columns an import writes: the id, then a checked row's values.
LEAD_COLUMNS = ("id", *ROW_KEYS)
# Lead columns an export carries beyond the lead object: in every export (CSV too), and
# in the full JSON export only, so that a restore is exact.
EXPORT_EXTRAS = EXTRA_KEYS
BACKUP_EXTRAS = BACKUP_KEYS
CSV_KEYS = (*LEAD_KEYS, *EXPORT_EXTRAS)
# Keys an update may change: what `edit` changes, and the stage.
UPDATABLE = (*EDITABLE, "stage")
# The lead object's timestamps, which an export gives to the microsecond.
EXACT_TIMES = tuple(f.key for f in OBJECT if f.kind is Kind.TIMESTAMP)
