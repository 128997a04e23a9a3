"""Excel ``.xlsx`` files: leads read from a sheet, and everything written as sheets.

Read with openpyxl in read-only mode and written in write-only mode: both stream, so
memory stays flat however many rows. Cells keep their real types: numbers become text
the import parses like a CSV cell (money to the cent, never through binary floats left
over), dates become ISO dates, and a number in a phone column becomes its digits only
when Excel kept them all.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from funnel.domain.fields import FIELDS, Kind
from funnel.domain.records import custom_header, header_key
from funnel.errors import InvalidValue
from funnel.i18n import t
from funnel.transfer.readers import FileError, LeadFile, Record, row_records

_PHONES = frozenset(f.key for f in FIELDS if f.kind is Kind.PHONE)
_MONEY = frozenset(f.key for f in FIELDS if f.kind is Kind.MONEY)
_DATES = frozenset(f.key for f in FIELDS if f.kind is Kind.DATE)
_TIMESTAMPS = frozenset(f.key for f in FIELDS if f.kind is Kind.TIMESTAMP)
_CENT = Decimal("0.01")
# A float holds 15 significant decimal digits for sure: beyond, digits may be lost.
_FLOAT_DIGITS = 15


class CellProblem(ValueError):
    """A cell whose value cannot be taken as it is (a phone that lost digits)."""


def _number(value: float, key: str) -> str:
    """A number as CSV text for the column ``key``: the float's shortest text (money
    within a millionth of a cent rounded to it), a phone's digits when all are kept."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if key in _PHONES:
        return _phone_digits(value)
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return str(value)  # the checks refuse it
    exact = Decimal(repr(value))  # the shortest text that is this float: no artefacts
    if key in _MONEY:
        cents = exact.quantize(_CENT)
        if abs(exact - cents) < Decimal("1e-6"):  # 0.1 + 0.2 summed in a cell
            exact = cents
    if exact == exact.to_integral_value():
        return str(exact.quantize(Decimal(1)))
    return format(exact.normalize(), "f")


def _phone_digits(value: float) -> str:
    if isinstance(value, float):
        if not value.is_integer() or len(str(abs(int(value)))) > _FLOAT_DIGITS:
            raise CellProblem(t("err.xlsx_phone_number", value=repr(value)))
        value = int(value)
    return str(value)


def _is_scientific(text: str) -> bool:
    mantissa, sep, exponent = text.strip().upper().partition("E")
    if not sep or not mantissa or not exponent:
        return False
    return mantissa.replace(".", "", 1).isdigit() and exponent.lstrip("+-").isdigit()


def cell_text(value: Any, key: str) -> str:
    """A cell's value as the text a CSV would hold for the column ``key``."""
    if value is None:
        return ""
    if isinstance(value, str):
        if key in _PHONES and _is_scientific(value):
            raise CellProblem(t("err.xlsx_phone_sci", value=value.strip()))
        return value
    if isinstance(value, datetime):
        if key in _DATES or (value.time() == time(0) and key not in _TIMESTAMPS):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, int | float):
        return _number(value, key)
    return str(value)


def open_sheet(lf: LeadFile) -> tuple[Any, Any]:
    """The workbook (read-only) and the sheet to read; an unknown sheet names those
    there are."""
    from zipfile import BadZipFile

    import openpyxl

    try:
        book = openpyxl.load_workbook(lf.binary, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileError(t("err.xlsx_read", path=lf.path, why=exc)) from None
    names = book.sheetnames
    if lf.sheet is None:
        if not names:
            book.close()
            raise FileError(t("err.import_empty", path=lf.path))
        return book, book[names[0]]
    if lf.sheet not in names:
        book.close()
        raise FileError(t("err.xlsx_sheet", sheet=lf.sheet, path=lf.path, sheets=", ".join(names)))
    return book, book[lf.sheet]


def xlsx_records(lf: LeadFile) -> Iterator[Record]:
    book, sheet = open_sheet(lf)
    try:
        yield from row_records(lf, _rows(sheet))
    finally:
        book.close()


# --- the other sheets of a workbook funnel wrote ------------------------------------

# Sheets besides the leads': their rows go with the lead of their ``lead_id``.
CHILD_SHEETS = ("payments", "orders", "activities")
SheetChildren = dict[str, dict[int, list[dict[str, Any]]]]


def sheet_children(lf: LeadFile, on_problem: Any) -> SheetChildren:
    """The payments, orders and activities sheets of a workbook ``export`` wrote (a
    sheet of that name whose first column is ``lead_id``), when the leads are read from
    its first sheet: each sheet's rows as rows of its table, by the lead id the leads
    sheet gives. Empty for any other workbook. ``on_problem(line, why, sheet)`` hears
    of each bad row."""
    from funnel.transfer.children import CHILDREN, child_row

    book, first = open_sheet(lf)
    try:
        if lf.sheet not in (None, first.title):
            return {}
        found: SheetChildren = {}
        for name in CHILD_SHEETS:
            if name not in book.sheetnames:
                continue
            rows = book[name].iter_rows(values_only=True)
            header = [str(v or "").strip() for v in next(rows, ())]
            if header[:1] != ["lead_id"]:
                continue
            kinds = _child_kinds(name, CHILDREN[name])
            unknown = [h for h in header[1:] if h and h not in kinds]
            if unknown:
                on_problem(1, t("err.xlsx_sheet_column", sheet=name, column=unknown[0]), name)
                continue
            by_lead = found.setdefault(name, {})
            for line, values in enumerate(rows, start=2):
                item = {
                    h: _sheet_value(v, kinds.get(h))
                    for h, v in zip(header, values, strict=False)
                    if h
                }
                if all(v in (None, "") for v in item.values()):
                    continue
                lead = item.pop("lead_id", None)
                try:
                    if not isinstance(lead, int) or isinstance(lead, bool):
                        raise FileError(t("err.xlsx_sheet_lead", value=lead))
                    row = child_row(name, item)
                except InvalidValue as exc:
                    on_problem(line, t("err.xlsx_sheet_row", sheet=name, why=exc.message), name)
                    continue
                row["line"] = line
                by_lead.setdefault(lead, []).append(row)
        return found
    finally:
        book.close()


def _sheet_value(value: Any, kind: Kind | None) -> Any:
    """A cell of a payments, orders or activities sheet as its export record has it."""
    if isinstance(value, datetime):
        if kind is Kind.DATE:
            return value.date().isoformat()
        return value.astimezone().isoformat()  # Excel's time is local
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if kind is Kind.MONEY:
            return _number(value, "value")
        if value.is_integer():
            return int(value)
    return value


def sheet_rows(lf: LeadFile) -> Iterator[tuple[int, list[str]]]:
    """The sheet's rows as text, each with its line, the header first: what a rejects
    file shows of them (numbers as their shortest text, dates as ISO)."""
    book, sheet = open_sheet(lf)
    try:
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_raw_text(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()
            yield line, cells
    finally:
        book.close()


def _raw_text(value: Any) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return _number(value, "") if math.isfinite(value) else str(value)
    return cell_text(value, "")


def _rows(sheet: Any) -> Iterator[tuple[int, list[str] | str]]:
    keys: list[str] = []
    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if line == 1:
            header = ["" if v is None else str(v) for v in values]
            keys = [header_key(h) if h.strip() else "" for h in header]
            yield line, header
            continue
        try:
            cells = [cell_text(v, keys[i] if i < len(keys) else "") for i, v in enumerate(values)]
        except CellProblem as exc:
            yield line, str(exc)
            continue
        while cells and not cells[-1]:
            cells.pop()  # a sheet's used range may be wider than the header
        yield line, cells


# --- export -------------------------------------------------------------------------

SHEETS = ("leads", "payments", "orders", "activities")
_WIDTH = {Kind.DATE: 12, Kind.TIMESTAMP: 20, Kind.MONEY: 14, Kind.ID: 8, Kind.NOTE: 40}
_KINDS = {f.key: f.kind for f in FIELDS}
_MONEY_FORMAT = "#,##0.00"
_TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
_DATE_FORMAT = "yyyy-mm-dd"


def _local(value: datetime) -> datetime:
    """A timestamp as Excel holds it: local time, no zone."""
    return value.astimezone().replace(tzinfo=None) if value.tzinfo else value


def _typed(value: Any, kind: Kind | None) -> Any:
    """A value of the export as a real spreadsheet value for a column of ``kind``."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, str) and kind is Kind.DATE:
        return date.fromisoformat(value)
    if isinstance(value, str) and kind is Kind.TIMESTAMP:
        return _local(datetime.fromisoformat(value))
    if isinstance(value, datetime):
        return _local(value)
    return value


def write_xlsx(out: Any, leads: Any, custom: list[str], keys: tuple[str, ...]) -> int:
    """Write every lead of ``leads`` (the full export's lead objects) to ``out`` as the
    sheets of :data:`SHEETS`; ``custom``: the custom fields, a column each. The count
    of leads written."""
    from openpyxl import Workbook

    from funnel.transfer.children import CHILDREN

    book = Workbook(write_only=True)
    lead_keys = [k for k in keys if k != "fields"]
    child_kinds = {key: _child_kinds(key, table) for key, table in CHILDREN.items()}
    columns: dict[str, list[tuple[str, Kind | None]]] = {
        "leads": [(k, _KINDS.get(k)) for k in lead_keys] + [(c, Kind.TEXT) for c in custom],
    }
    for key in SHEETS[1:]:
        columns[key] = [("lead_id", Kind.ID), *child_kinds[key].items()]
    sheets = {}
    for name in SHEETS:
        headers = [c for c, _k in columns[name]]
        if name == "leads":
            headers = lead_keys + [custom_header(c) for c in custom]
        sheets[name] = _new_sheet(book, name, headers, [k for _c, k in columns[name]])

    count = 0
    for lead in leads:
        count += 1
        fields = lead.get("fields") or {}
        row = [
            _cell(sheets["leads"], lead.get(k), kind)
            for k, kind in columns["leads"][: len(lead_keys)]
        ]
        row += [_cell(sheets["leads"], fields.get(c), Kind.TEXT) for c in custom]
        sheets["leads"].append(row)
        for key in SHEETS[1:]:
            for item in lead.get(key) or ():
                sheet = sheets[key]
                sheet.append(
                    [lead["id"]] + [_cell(sheet, item.get(k), kind) for k, kind in columns[key][1:]]
                )
    book.save(out)
    return count


def _new_sheet(book: Any, name: str, headers: list[str], kinds: list[Kind | None]) -> Any:
    """A sheet with its header row, frozen, and each column as wide as it needs."""
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(name)
    sheet.freeze_panes = "A2"
    for i, (header, kind) in enumerate(zip(headers, kinds, strict=True), start=1):
        width = _WIDTH.get(kind, 18) if kind else 18
        sheet.column_dimensions[get_column_letter(i)].width = max(width, min(len(header) + 2, 40))
    sheet.append(headers)
    return sheet


def _cell(sheet: Any, value: Any, kind: Kind | None) -> Any:
    """A value as a typed cell: text stays text (even one that starts with "="), money
    and dates carry their display format."""
    from openpyxl.cell import WriteOnlyCell

    value = _typed(value, kind)
    if value is None:
        return None
    c = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        c.data_type = "s"
    elif kind is Kind.MONEY:
        c.number_format = _MONEY_FORMAT
    elif isinstance(value, datetime):
        c.number_format = _TIME_FORMAT
    elif isinstance(value, date):
        c.number_format = _DATE_FORMAT
    return c


def _child_kinds(key: str, table: Any) -> dict[str, Kind | None]:
    """The export keys of a child table's records and the kind of value each holds."""
    import sqlalchemy as sa

    from funnel.transfer.children import child_keys

    kinds: dict[str, Kind | None] = {}
    for export_key, column in child_keys(key):
        col = table.c[column]
        kind = col.type.impl if isinstance(col.type, sa.types.TypeDecorator) else col.type
        if column.endswith("_cents"):
            kinds[export_key] = Kind.MONEY
        elif isinstance(kind, sa.DateTime) or column.endswith("_at"):
            kinds[export_key] = Kind.TIMESTAMP
        elif isinstance(kind, sa.Date) or column.endswith("_on"):
            kinds[export_key] = Kind.DATE
        else:
            kinds[export_key] = None
    return kinds
