"""Reading lead files one record at a time: CSV (UTF-8 with or without BOM, GBK/GB18030)
and JSON (our export format or a plain array of lead objects), each record with the
line it starts on. Memory stays flat however long the file is. Stdlib only.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from funnel.domain.records import map_headers
from funnel.domain.spreadsheet import QUOTE, restore
from funnel.errors import InvalidValue
from funnel.files import open_input
from funnel.i18n import t

EXPORT_FORMAT = "funnel-export"
EXPORT_VERSION = 1
CHUNK = 1 << 16
_WS = " \t\r\n"


class FileError(InvalidValue):
    """The file as a whole cannot be read (not a single bad row)."""


@dataclass
class Record:
    """One record: the line it starts on, its fields, or why it cannot be read."""

    line: int
    data: dict[str, Any] | None
    problem: str | None = None


@dataclass
class LeadFile:
    """An open lead file: its kind, encoding, and how far reading has got."""

    path: Path
    kind: str  # "csv", "json" or "xlsx"
    encoding: str
    size: int
    binary: IO[bytes]
    restore: bool = False  # our export format: leads carry their history
    extra_columns: list[str] = field(default_factory=list)
    delimiter: str = ","  # a CSV's, detected from its header line
    sheet: str | None = None  # xlsx: the sheet to read (default: the first)

    def position(self) -> int:
        try:
            return self.binary.tell()
        except (OSError, ValueError):
            return 0


def detect_encoding(binary: IO[bytes]) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as UTF-8, else GB18030
    (a superset of GBK, which Excel in China writes). Reads the file once, in chunks."""
    head = binary.read(3)
    if head.startswith(codecs.BOM_UTF8):
        binary.seek(0)
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head)
        while chunk := binary.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "gb18030"
    binary.seek(0)
    return encoding


def open_lead_file(
    path: Path, *, encoding: str | None = None, sheet: str | None = None
) -> LeadFile:
    """Open ``path`` and decide CSV, JSON or Excel (by extension, else by its first
    character); ``sheet`` names the sheet of an Excel file (default: the first)."""
    try:
        binary = open_input(path)  # a regular file only: closed by the caller
        size = os.fstat(binary.fileno()).st_size
    except OSError as exc:
        raise FileError(t("err.read", path=path, why=exc.strerror or exc)) from None
    if path.suffix.lower() == ".xlsx":
        lf = LeadFile(path=path, kind="xlsx", encoding="xlsx", size=size, binary=binary)
        lf.sheet = sheet
        return lf
    if encoding:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            binary.close()
            raise FileError(t("err.encoding_unknown", value=encoding)) from None
        if encoding == "utf-8" and binary.read(3) == codecs.BOM_UTF8:
            encoding = "utf-8-sig"
        binary.seek(0)
    else:
        encoding = detect_encoding(binary)
    suffix = path.suffix.lower()
    if suffix in (".json", ".csv"):
        kind = suffix[1:]
    else:
        start = binary.read(64).decode(encoding, errors="ignore").lstrip("\ufeff" + _WS)
        binary.seek(0)
        kind = "json" if start[:1] in ("[", "{") else "csv"
    return LeadFile(path=path, kind=kind, encoding=encoding, size=size, binary=binary)


def records(lf: LeadFile) -> Iterator[Record]:
    if lf.kind == "xlsx":
        from funnel.transfer.excel import xlsx_records

        yield from xlsx_records(lf)
        return
    text = io.TextIOWrapper(lf.binary, encoding=lf.encoding, newline="")
    try:
        if lf.kind == "csv":
            yield from _csv_records(lf, text)
        else:
            yield from _json_records(lf, text)
    except UnicodeDecodeError:
        raise FileError(t("err.decode", path=lf.path, encoding=lf.encoding)) from None
    finally:
        text.detach()


def row_records(
    lf: LeadFile, rows: Iterator[tuple[int, list[str] | str]], *, guarded: bool = False
) -> Iterator[Record]:
    """Records from (line, cells) rows whose first is the header row, with the rules of
    every spreadsheet: blank rows skipped, unnamed columns empty, other columns custom
    fields, a rejects file's ``error`` column ignored. Cells are text; a row whose cells
    cannot be read is (line, why). ``guarded``: cells may carry the apostrophe a
    spreadsheet export puts before a formula (a CSV), taken off here."""
    first = next(rows, None)
    if first is None:
        raise FileError(t("err.import_empty", path=lf.path))
    if isinstance(first[1], str):
        raise FileError(first[1])
    header = first[1]
    ignored = {i for i, h in enumerate(header) if is_error_column(h)}
    keys = map_headers(h for i, h in enumerate(header) if i not in ignored)
    for i in sorted(ignored):
        keys.insert(i, ERROR_COLUMN)
    lf.extra_columns = [k[len("fields.") :] for k in keys if k.startswith("fields.")]
    width = len(keys)
    plain = [
        (i, k) for i, k in enumerate(keys) if k and i not in ignored and not k.startswith("fields.")
    ]
    custom = [(i, k[len("fields.") :]) for i, k in enumerate(keys) if k.startswith("fields.")]
    blank = [i for i, k in enumerate(keys) if not k]
    for line, cells in rows:
        if isinstance(cells, str):
            yield Record(line, None, cells)
            continue
        if not "".join(cells).strip():
            continue
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            yield Record(line, None, t("err.import_cells", count=len(cells), width=width))
            continue
        if blank and any(i < len(cells) and cells[i].strip() for i in blank):
            yield Record(line, None, t("err.import_unnamed"))
            continue
        cells += [""] * (width - len(cells))
        if guarded and QUOTE in "".join(c[:1] for c in cells):
            cells = [restore(c) for c in cells]
        data: dict[str, Any] = {k: cells[i] for i, k in plain}
        if custom:
            extra = {name: cells[i] for i, name in custom if cells[i].strip()}
            if extra:
                data["fields"] = _merge_fields(data.get("fields"), extra)
        yield Record(line, data)


# --- CSV ----------------------------------------------------------------------------


DELIMITERS = (",", ";", "\t")


def sniff_delimiter(header: str) -> str:
    """The delimiter a CSV's header line uses: whichever of comma, semicolon and tab it
    has most of outside quotes (comma on a tie, and for a one-column file)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # the first of equals: comma first
    return best if counts[best] else ","


# A column a rejects file adds (see ``funnel.transfer.rejects``): ignored on import, so
# that the fixed file imports as it is.
ERROR_COLUMN = "error"


def is_error_column(header: str) -> bool:
    return header.strip().lstrip("\ufeff").strip().lower() == ERROR_COLUMN


def _csv_reader(lf: LeadFile, text: IO[str]) -> tuple[Any, list[str]]:
    """A CSV reader past the header line, and the header's cells."""
    first = text.readline()
    lf.delimiter = sniff_delimiter(first.lstrip("\ufeff"))
    lines = itertools.chain([first] if first else [], text)
    reader = csv.reader(lines, strict=True, delimiter=lf.delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise FileError(t("err.csv", path=lf.path, line=reader.line_num, why=exc)) from None
    if header is None:
        raise FileError(t("err.import_empty", path=lf.path))
    return reader, header


def _csv_rows(lf: LeadFile, reader: Any) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank row's cells as the file has them, with the line it starts on."""
    last = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileError(t("err.csv", path=lf.path, line=reader.line_num, why=exc)) from None
        line, last = last + 1, reader.line_num
        if "".join(cells).strip():
            yield line, cells


def csv_rows(lf: LeadFile) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """A CSV's header and its rows as the file has them (for the rejects file)."""
    text = io.TextIOWrapper(lf.binary, encoding=lf.encoding, newline="")
    reader, header = _csv_reader(lf, text)
    return header, _csv_rows(lf, reader)


def _csv_records(lf: LeadFile, text: IO[str]) -> Iterator[Record]:
    reader, header = _csv_reader(lf, text)
    rows: Iterator[tuple[int, list[str] | str]] = itertools.chain(
        [(1, header)], _csv_rows(lf, reader)
    )
    return row_records(lf, rows, guarded=True)


def _merge_fields(column: Any, extra: dict[str, str]) -> Any:
    """A ``fields`` JSON column plus one column per custom field (the columns win)."""
    if column in (None, ""):
        return extra
    try:
        base = json.loads(column)
    except ValueError:
        return column  # the validator reports it
    return {**base, **extra} if isinstance(base, dict) else column


# --- JSON ---------------------------------------------------------------------------


class _Stream:
    """Incremental JSON: decodes one value at a time from a growing window of text."""

    def __init__(self, path: Path, text: IO[str]) -> None:
        self.path = path
        self.text = text
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.line = 1  # line number of buf[counted]
        self.counted = 0
        self.decoder = json.JSONDecoder(parse_float=Decimal)

    def fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.text.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.line_at(self.pos)
        self.buf = self.buf[self.pos :] + chunk
        self.pos = self.counted = 0
        return True

    def line_at(self, pos: int) -> int:
        self.line += self.buf.count("\n", self.counted, pos)
        self.counted = pos
        return self.line

    def peek(self) -> str:
        """The next non-blank character, not consumed ('' at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def expect(self, chars: str) -> str:
        char = self.peek()
        if not char or char not in chars:
            self.fail(t("err.json_expected", chars=" or ".join(repr(c) for c in chars)))
        self.pos += 1
        return char

    def value(self) -> tuple[int, Any]:
        """The next complete value and the line it starts on."""
        self.peek()
        while True:
            try:
                obj, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self.fill():
                    continue
                self.line_at(min(exc.pos, len(self.buf)))
                self.fail(exc.msg)
            if end == len(self.buf) and not self.eof and not isinstance(obj, dict | list | str):
                self.fill()  # a number or word may go on in the next chunk
                continue
            line = self.line_at(self.pos)
            self.pos = end
            return line, obj

    def fail(self, why: str) -> None:
        raise FileError(t("err.json", path=self.path, line=self.line_at(self.pos), why=why))

    def array(self) -> Iterator[tuple[int, Any]]:
        """The elements of the array that starts here."""
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.expect(",]") == "]":
                return


def _json_records(lf: LeadFile, text: IO[str]) -> Iterator[Record]:
    stream = _Stream(lf.path, text)
    if stream.peek() == "\ufeff":
        stream.pos += 1
    first = stream.peek()
    if first == "[":
        leads = stream.array()
    elif first == "{":
        leads = _export_leads(lf, stream)
    else:
        raise FileError(t("err.json_shape", path=lf.path))
    for line, obj in leads:
        if isinstance(obj, dict):
            yield Record(line, obj)
        else:
            yield Record(line, None, t("err.json_not_object"))
    if stream.peek():
        stream.fail(t("err.json_trailing"))


def _export_leads(lf: LeadFile, stream: _Stream) -> Iterator[tuple[int, Any]]:
    """The ``leads`` of our export format, after checking its format and version."""
    stream.expect("{")
    header: dict[str, Any] = {}
    if stream.peek() == "}":
        stream.pos += 1
        raise FileError(t("err.json_shape", path=lf.path))
    while True:
        _line, key = stream.value()
        if not isinstance(key, str):
            stream.fail(t("err.json_expected", chars="a key"))
        stream.expect(":")
        if key == "leads":
            if header.get("format") != EXPORT_FORMAT:
                raise FileError(t("err.json_shape", path=lf.path))
            version = header.get("version")
            if not isinstance(version, int) or isinstance(version, bool) or version < 1:
                raise FileError(t("err.json_shape", path=lf.path))
            if version > EXPORT_VERSION:
                raise FileError(t("err.export_newer", path=lf.path, version=version))
            lf.restore = True
            yield from stream.array()
        else:
            header[key] = stream.value()[1]
        if stream.expect(",}") == "}":
            break
    if not lf.restore:
        raise FileError(t("err.json_shape", path=lf.path))


def export_header_values(lf: LeadFile, key: str) -> Any:
    """A value of our export format's header (read up to ``leads``, which is left
    unread), e.g. its ``goals``; None when the file has no such key or is not one,
    or cannot be decoded (reading its leads then says why)."""
    if lf.kind != "json":
        return None
    lf.binary.seek(0)
    text = io.TextIOWrapper(lf.binary, encoding=lf.encoding, newline="")
    try:
        return _header_value(lf, text, key)
    except (ValueError, RecursionError, FileError):  # the leads' reader says what is wrong
        return None
    finally:
        text.detach()
        lf.binary.seek(0)


def _header_value(lf: LeadFile, text: IO[str], key: str) -> Any:
    stream = _Stream(lf.path, text)
    if stream.peek() == "\ufeff":
        stream.pos += 1
    if stream.peek() != "{":
        return None
    stream.expect("{")
    while stream.peek() == '"':
        _line, name = stream.value()
        stream.expect(":")
        if name == "leads":
            return None
        _line, value = stream.value()
        if name == key:
            return value
        if stream.expect(",}") == "}":
            return None
    return None
