"""A lead's child records in an export: its history, stays, activities, payments and
orders, each converted between a table row and the export's object (both directions
from one list of converters per table, read off the table's columns)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from funnel.domain.dates import parse_iso_day, parse_timestamp
from funnel.domain.fields import NOTE_MAX
from funnel.domain.followups import parse_activity_kind
from funnel.domain.leads import check_text, money_of
from funnel.domain.money import check_sum, to_number
from funnel.domain.stages import Stage, parse_stage
from funnel.errors import FunnelError, InvalidValue
from funnel.i18n import t
from funnel.store import schema

# Child tables of a lead, under the key an export record carries them by.
CHILDREN: dict[str, sa.Table] = {
    "history": schema.EVENT,
    "stays": schema.STAY,
    "activities": schema.ACTIVITY,
    "payments": schema.PAYMENT,
    "orders": schema.ORDER,
}
CHILD_COLUMNS = {
    key: tuple(c.name for c in table.columns if c.name != "id") for key, table in CHILDREN.items()
}
Children = dict[str, list[dict[str, Any]]]


def iso_full(value: Any) -> Any:
    """Dates and timestamps for an export: local ISO 8601, nothing rounded away."""
    if isinstance(value, datetime):
        return value.astimezone().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


Parse = Callable[[Any, str], Any]


def _converters(table: sa.Table) -> list[tuple[str, str, Parse, bool]]:
    """(export key, column, parse, required) for each column of a child table."""
    out = []
    for col in table.columns:
        if col.name == "lead_id":
            continue
        required = not col.nullable and not col.primary_key and col.default is None
        out.append((col.name.removesuffix("_cents"), col.name, _parser(col), required))
    return out


def _parser(col: sa.Column[Any]) -> Parse:
    name = col.name
    base = col.type.impl if isinstance(col.type, sa.types.TypeDecorator) else col.type
    try:
        kind = base.python_type
    except NotImplementedError:  # pragma: no cover - every column here has one
        kind = str
    if name.endswith("_cents"):
        return lambda v, f: money_of(v)
    if name == "stage":
        return lambda v, f: int(parse_stage(str(v)))
    if col.table is schema.ACTIVITY and name == "kind":
        return lambda v, f: parse_activity_kind(_parse_text(v, f))
    if kind is datetime:
        return lambda v, f: parse_timestamp(v, field_name=f)
    if kind is date:
        return _parse_iso_day
    if kind is bool:
        return _parse_bool
    if kind is int:
        return _parse_int
    return _text(getattr(base, "length", None) or NOTE_MAX)


def _parse_iso_day(value: Any, field_name: str) -> date:
    return parse_iso_day(value, field_name=field_name)


def _parse_bool(value: Any, field_name: str) -> bool:
    if isinstance(value, bool):
        return value
    raise InvalidValue(t("err.choice", field=field_name, value=value, choices="true, false"))


def _parse_int(value: Any, field_name: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InvalidValue(t("err.choice", field=field_name, value=value, choices=t("err.a_number")))


def _text(limit: int) -> Parse:
    """Text as it was stored (never stripped), within its column's ``limit``: the
    characters a note may hold, the most any text of a lead's history holds."""

    def parse(value: Any, field_name: str) -> str:
        if isinstance(value, str):
            return check_text(value, field=field_name, limit=limit, lines=True) or ""
        raise InvalidValue(t("err.choice", field=field_name, value=value, choices=t("err.a_text")))

    return parse


_parse_text = _text(NOTE_MAX)


_CONVERTERS = {key: _converters(table) for key, table in CHILDREN.items()}


def restore_children(data: Mapping[str, Any]) -> Children:
    """The history, stays, activities, payments and orders an export record carries,
    as rows of their tables (no lead id yet)."""
    out: Children = {}
    for key in CHILDREN:
        items = data.get(key) or []
        if not isinstance(items, list):
            raise InvalidValue(t("err.import_child", name=key, index=0, why=t("err.not_array")))
        out[key] = [_child_row(key, index, item) for index, item in enumerate(items)]
    lead = data.get("id") or data.get("name")
    for key, what in (("payments", "paid"), ("orders", "orders")):
        check_sum(0, sum(row["amount_cents"] for row in out[key]), what=what, lead=lead)
    return out


def _child_row(key: str, index: int, item: Any) -> dict[str, Any]:
    try:
        return child_row(key, item)
    except FunnelError as exc:
        raise InvalidValue(t("err.import_child", name=key, index=index, why=exc.message)) from None


def child_row(key: str, item: Any) -> dict[str, Any]:
    """One record of the child table under ``key`` (an export's object) as a row of
    that table (no lead id yet); its first problem raises ``InvalidValue``."""
    if not isinstance(item, dict):
        raise InvalidValue(t("err.not_object"))
    row: dict[str, Any] = {}
    for export_key, column, parse, required in _CONVERTERS[key]:
        value = item.get(export_key)
        if value is None:
            if required:
                raise InvalidValue(t("err.required", field=export_key))
            row[column] = None
            continue
        try:
            row[column] = parse(value, export_key)
        except FunnelError as exc:
            raise InvalidValue(exc.message) from None
    return row


def child_record(row: Mapping[str, Any], key: str) -> dict[str, Any]:
    """A row of the child table under ``key`` as the object an export carries."""
    out: dict[str, Any] = {}
    for export_key, column, _parse, _required in _CONVERTERS[key]:
        value = row[column]
        if column.endswith("_cents"):
            value = to_number(value)
        elif column == "stage" and value is not None:
            value = Stage(value).key
        elif isinstance(value, bool) or value is None:
            pass
        else:
            value = iso_full(value)
        out[export_key] = value
    return out


def child_keys(key: str) -> list[tuple[str, str]]:
    """(export key, column) of the records of the child table under ``key``."""
    return [(export_key, column) for export_key, column, _parse, _required in _CONVERTERS[key]]
