"""Leads arriving from a file: header names (each field's key and aliases, see
``fields``), and the checks for what an import may carry beyond the options of ``add``
(state, payments made, dates of record). Pure rules, stdlib only; ``validate_lead``
does the shared part.

An imported stage is a fact about the past, not a move: gates are not checked, the
lead simply starts at that stage (its highest stage reached is at least that stage).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from funnel.domain.choices import ACTIVE, STATE
from funnel.domain.dates import iso_day, local_date, parse_file_date, parse_timestamp
from funnel.domain.fields import BY_KEY, COLUMNS, ENTRY, FIELDS, HEADERS, Kind
from funnel.domain.ids import parse_file_id
from funnel.domain.leads import NORMALIZED, money_of, text_check, validate_lead
from funnel.domain.stages import Stage, parse_stage
from funnel.errors import InvalidValue
from funnel.i18n import t

FIELD_PREFIXES = ("fields.", "field.", "自定义字段.")


def header_key(header: str) -> str:
    """The canonical key for a header name; unknown names become custom fields."""
    raw = header.strip().lstrip("\ufeff").strip()
    low = raw.lower()
    for prefix in FIELD_PREFIXES:
        if low.startswith(prefix) and len(raw) > len(prefix):
            return "fields." + raw[len(prefix) :].strip()
    key = HEADERS.get(re.sub(r"[\s\-]+", "_", low))
    return key if key is not None else "fields." + raw


def custom_header(name: str) -> str:
    """The column header of custom field ``name`` in a file we write: the name, unless
    import would read it as one of the lead's own fields (then ``fields.NAME``)."""
    return name if header_key(name) == "fields." + name else "fields." + name


def map_headers(headers: Iterable[str]) -> list[str]:
    """Keys for a CSV header row; refuses blank, repeated or missing-name headers."""
    keys: list[str] = []
    where: dict[str, str] = {}
    for header in headers:
        if not header.strip().lstrip("\ufeff").strip():
            keys.append("")  # an unnamed column must stay empty, checked per row
            continue
        key = header_key(header)
        if key in where:
            raise InvalidValue(
                t("err.import_header_twice", first=where[key], second=header.strip(), name=key)
            )
        where[key] = header.strip()
        keys.append(key)
    if "name" not in where:
        raise InvalidValue(t("err.import_no_name"))
    return keys


# Most rows of an import share one creation moment: its local day is worked out once.
_local_day = functools.lru_cache(maxsize=1024)(local_date)


def _stage_or_none(value: Any) -> Stage | None:
    return None if value in (None, "") else parse_stage(str(value))


@dataclass(slots=True)
class LeadRecord:
    """One lead from a file: the lead table's columns (no id yet), its tags, and
    the validated values an update would apply."""

    values_row: tuple[Any, ...]  # the lead table's columns in ``ROW_KEYS`` order
    tags: list[str]
    values: dict[str, Any]
    file_id: int | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def row(self) -> dict[str, Any]:
        """The lead table's columns by name."""
        return dict(zip(ROW_KEYS, self.values_row, strict=True))

    def given(self) -> set[str]:
        """The keys the file gave a value for (an empty cell gives none)."""
        return {k for k, v in self.raw.items() if v is not None and v != "" and v != [] and v != {}}


# The lead table's columns a record fills, in this order (the id comes from the store).
ROW_KEYS: tuple[str, ...] = tuple(c for c in COLUMNS if c != BY_KEY["id"].column)
# ``validate_lead`` takes the fields people give by their args: the few whose arg is not
# their key are renamed (a file's next_follow_up is the --follow-up of ``add``), and the
# dates are read as a spreadsheet writes them.
_RENAMED = tuple((f.key, f.arg) for f in ENTRY if f.arg != f.key)
_ENTRY_DATES = tuple(f.arg for f in ENTRY if f.kind is Kind.DATE)
# Checked values whose column is not their arg: (arg, column, when none is given).
_TO_COLUMN = tuple(
    (f.arg, f.column, 0 if f.kind is Kind.MONEY else None)
    for f in ENTRY
    if f.column not in (None, f.arg)
)
# Checked values that are no column under their arg (given under another name, or tags).
_NOT_COLUMNS = tuple(f.arg for f in ENTRY if f.arg not in ROW_KEYS)
# Every column in ``ROW_KEYS`` order: a record's columns are set in a copy, whose values
# then are the row (checked values have ENTRY args only: columns, or _NOT_COLUMNS).
_NO_ROW = dict.fromkeys(ROW_KEYS)
# Dates of record an export (or a careful spreadsheet) carries.
_OF_RECORD = frozenset(
    f.key for f in FIELDS if f.kind in (Kind.DATE, Kind.TIMESTAMP) and f.option is None
)
_LOST_REASON = text_check(BY_KEY["lost_reason"])
_FOLLOW_NOTE = text_check(BY_KEY["follow_note"])


def _given(raw: Mapping[str, Any], key: str) -> Any:
    value = raw.get(key)
    return None if value == "" else value


def _entry(raw: Mapping[str, Any], default_owner: str | None) -> dict[str, Any]:
    """What ``validate_lead`` checks, by the args it takes."""
    shared = dict(raw)  # other keys are no concern of validate_lead
    for key, arg in _RENAMED:
        shared.pop(arg, None)
        if key in raw:
            shared[arg] = raw[key]
    for arg in _ENTRY_DATES:
        if isinstance(day := shared.get(arg), str):
            shared[arg] = iso_day(day)
    if default_owner and raw.get("owner") in (None, ""):
        shared["owner"] = default_owner
    return shared


def parse_record(
    raw: Mapping[str, Any],
    *,
    now: datetime,
    default_owner: str | None = None,
    memo: dict[Any, Any] | None = None,
) -> LeadRecord:
    """Check one lead from a file and build its row. Raises ``InvalidValue``.
    ``memo`` is handed to ``validate_lead`` (one dict for the whole file)."""
    today = now.date()
    values = validate_lead(_entry(raw, default_owner), today=today, memo=memo)
    stage: Stage = values.get("stage", Stage.POTENTIAL)
    highest = _stage_or_none(raw.get("highest_stage")) or stage
    if highest < stage:
        raise InvalidValue(t("err.import_highest", highest=highest.label, stage=stage.label))
    state = ACTIVE
    lost_reason = lost_stage = None
    if state_text := raw.get("state"):
        state = STATE.parse(state_text)
        if state != ACTIVE:
            lost_reason = _LOST_REASON(raw.get("lost_reason"))
            lost_stage = _stage_or_none(raw.get("lost_stage")) or stage
    created_at = updated_at = touched_at = entered_at = now
    created_on = won_on = lost_on = contract_on = None
    if not _OF_RECORD.isdisjoint(raw):
        created_at = parse_timestamp(_given(raw, "created_at"), field_name="created_at") or now
        if created_at > now:
            raise InvalidValue(t("err.future", field="created_at", value=raw.get("created_at")))
        updated_at = (
            parse_timestamp(_given(raw, "updated_at"), field_name="updated_at") or created_at
        )
        touched_at = (
            parse_timestamp(_given(raw, "touched_at"), field_name="touched_at") or updated_at
        )
        entered_at = (
            parse_timestamp(_given(raw, "stage_entered_at"), field_name="stage_entered_at")
            or created_at
        )
        created_on = parse_file_date(_given(raw, "created_on"), today=today)
        won_on = parse_file_date(_given(raw, "won_on"), today=today)
        lost_on = parse_file_date(_given(raw, "lost_on"), today=today)
        contract_on = parse_file_date(_given(raw, "contract_sent_on"), today=today)
    if highest is Stage.FORMAL and won_on is None:
        won_on = _local_day(entered_at if stage is Stage.FORMAL else created_at)
    if state != ACTIVE and lost_on is None:
        # a spreadsheet says a lead is lost but not since when: its last update
        lost_on = _local_day(updated_at)
    paid = _given(raw, "paid")
    follow_note = raw.get("follow_note") or None
    get = values.get
    # The lead table's columns by name: what people give as checked, then the rest.
    columns = _NO_ROW.copy()
    columns.update(values)
    for arg, column, default in _TO_COLUMN:
        columns[column] = get(arg, default)
    for arg in _NOT_COLUMNS:
        columns.pop(arg, None)
    for arg, column, normalize in NORMALIZED:
        columns[column] = normalize(get(arg))
    columns["paid_cents"] = 0 if paid is None else money_of(paid)
    columns["stage"] = int(stage)
    columns["highest_stage"] = int(highest)
    columns["state"] = state
    columns["contract_sent_on"] = contract_on
    columns["follow_note"] = None if follow_note is None else _FOLLOW_NOTE(follow_note)
    columns["lost_reason"] = lost_reason
    columns["lost_stage"] = None if lost_stage is None else int(lost_stage)
    columns["fields"] = get("fields") or {}
    columns["created_at"] = created_at
    columns["created_on"] = created_on or _local_day(created_at)
    columns["updated_at"] = updated_at
    columns["touched_at"] = touched_at
    columns["stage_entered_at"] = entered_at
    columns["won_on"] = won_on if highest is Stage.FORMAL else None
    columns["lost_on"] = lost_on if state != ACTIVE else None
    lead_id = raw.get("id")
    return LeadRecord(
        tuple(columns.values()),
        get("tags") or [],
        values,
        None if lead_id is None else parse_file_id(lead_id),
        raw,
    )
