"""Merging two records of one person: which of OTHER's fields KEEP takes, and which
values disagree (KEEP's win).

A field KEEP lacks (empty text, no date, a value of 0, a custom field it does not
have) takes OTHER's value; a field both have with different values is a conflict,
listed for the user and left as KEEP has it. The name is never copied (every lead
has one) but a different name is a conflict worth showing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from funnel.domain.fields import BY_KEY, Kind
from funnel.domain.money import to_number

# The fields KEEP takes from OTHER when it lacks them, by their key in the lead object.
COPIED: tuple[str, ...] = (
    "company",
    "phone",
    "email",
    "wechat",
    "source",
    "owner",
    "kind",
    "persona",
    "value",
    "contract_sent_on",
    "note",
    "next_follow_up",
    "follow_note",
)
# The fields compared: a difference is listed, KEEP's value stays.
COMPARED: tuple[str, ...] = ("name", *COPIED)
CUSTOM = "fields"


@dataclass(frozen=True)
class Conflict:
    """A field both leads have, with different values: KEEP's stays."""

    field: str  # the field's key, or ``fields.NAME`` for a custom field
    keep: Any
    other: Any


@dataclass(frozen=True)
class FieldMerge:
    """What merging OTHER into KEEP does to KEEP's fields."""

    copied: dict[str, Any] = field(default_factory=dict)  # key → OTHER's value
    custom: dict[str, Any] = field(default_factory=dict)  # KEEP's custom fields after
    conflicts: tuple[Conflict, ...] = ()
    custom_added: tuple[str, ...] = ()  # the custom fields KEEP takes

    @property
    def changed(self) -> list[str]:
        """The keys KEEP takes from OTHER (``fields.NAME`` for a custom field)."""
        return list(self.copied) + [f"{CUSTOM}.{k}" for k in self.custom_added]


def lacks(value: Any) -> bool:
    """A field without a value: nothing, empty text, or an amount of 0."""
    if value is None or isinstance(value, bool):
        return value is None
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, int | float):
        return value == 0
    return False


def merge_fields(keep: Mapping[str, Any], other: Mapping[str, Any]) -> FieldMerge:
    """KEEP's and OTHER's fields (lead-object keys; ``fields`` the custom ones) →
    what KEEP takes and what disagrees."""
    copied: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for key in COMPARED:
        mine, theirs = keep.get(key), other.get(key)
        if lacks(theirs) or mine == theirs:
            continue
        if key != "name" and lacks(mine):
            copied[key] = theirs
        else:
            conflicts.append(Conflict(key, mine, theirs))
    custom = dict(keep.get(CUSTOM) or {})
    added: list[str] = []
    for key, theirs in (other.get(CUSTOM) or {}).items():
        mine = custom.get(key)
        if lacks(theirs) or mine == theirs:
            continue
        if lacks(mine):
            custom[key] = theirs
            added.append(key)
        else:
            conflicts.append(Conflict(f"{CUSTOM}.{key}", mine, theirs))
    return FieldMerge(copied, custom, tuple(conflicts), tuple(added))


def shown(key: str, value: Any) -> Any:
    """A field's value as people read it: amounts in currency, dates as ISO dates."""
    spec = BY_KEY.get(key)
    if value is None:
        return ""
    if spec is not None and spec.kind is Kind.MONEY:
        return to_number(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
