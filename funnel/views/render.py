"""The one output path: a :class:`View` of lists, objects and reports → table (Rich) |
text | plain | csv | json, on stdout (through a pager on a terminal) or into a file,
through :func:`show`.

Commands hand data here and print nothing themselves. Data goes to stdout;
messages and warnings go to stderr.
"""

from __future__ import annotations

import csv
import itertools
import json
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from funnel.domain.spreadsheet import neutralise
from funnel.domain.text import one_line, visible
from funnel.i18n import t

if TYPE_CHECKING:
    from rich.console import Console


class Format(str, Enum):
    table = "table"
    text = "text"
    plain = "plain"
    csv = "csv"
    json = "json"


def resolve(fmt: Format | None) -> Format:
    """The format asked for, or table on a terminal and plain in a pipe."""
    if fmt is not None:
        return fmt
    return Format.table if sys.stdout.isatty() else Format.plain


@dataclass(frozen=True)
class Column:
    """One column: the data key, its header message key, and how people see it.

    ``token``: an id, number, amount, date, stage or state, never split across lines
    (text — a name, a company, a note — is shortened with ``…`` instead when the
    terminal is narrow); ``None``: a token when none of its cells has a space and
    each is short. ``priority``: on a narrow terminal the columns with the highest
    priority go first; 0 never goes.
    """

    key: str
    header: str | None = None
    show: Callable[[Any], str] | None = None
    justify: str = "left"
    style: str | None = None
    token: bool | None = None
    priority: int = 0

    def title(self) -> str:
        return t(self.header or f"h.{self.key}")

    def cell(self, value: Any) -> str:
        if self.show is not None:
            return self.show(value)
        return human(value)


def money(value: float | None, currency: str = "") -> str:
    """An amount (a JSON number) for people: thousands separators, two decimals when
    there are cents (``12,000.50``) and none when whole (``12,000``), after the currency
    sign; '' for none."""
    if value is None:
        return ""
    text = f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"
    return f"{currency}{text.removesuffix('.00')}"


def amount(currency: str = "") -> Callable[[Any], str]:
    """How a column shows amounts: :func:`money` with the currency sign."""
    return lambda value: money(value, currency)


def human(value: Any) -> str:
    """Any value as a table cell: lists joined, numbers written as amounts are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list | tuple):
        return ", ".join(human(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={human(v)}" for k, v in value.items())
    if isinstance(value, int | float):
        return money(value)
    return str(value)


def _flat(value: Any, *, sep: str = ",") -> str:
    """A value as one field for plain/csv: no tabs or newlines, lists joined."""
    if value.__class__ is str:  # the most common, first: a long list has millions
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return sep.join(_flat(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    return str(value)


def _plain(value: Any) -> str:
    if value.__class__ is str and value.isprintable():  # no tab, newline or control
        return value
    if value is None or (not value and value.__class__ in (list, dict)):
        return ""
    if value.__class__ is int:
        return str(value)
    return one_line(_flat(value).replace("\t", " ").replace("\r", " ").replace("\n", " "))


def literal(value: Any, style: str = "") -> Any:
    """Text for Rich, shown as it is: markup such as ``[bold]`` or ``[link=…]`` in a
    name stays text, and control characters show as escapes."""
    from rich.text import Text

    return Text(visible(value if isinstance(value, str) else str(value)), style=style)


def console(*, stderr: bool = False, file: IO[str] | None = None) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, file=file, highlight=False, soft_wrap=False)


# --- what a command prints --------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """A JSON object too big to hold: ``header``'s keys, then ``key`` as an array of
    ``items`` written one per line as they come (export)."""

    header: Mapping[str, Any]
    key: str
    items: Iterable[Any]


@dataclass(frozen=True)
class Streamed:
    """A JSON object laid out as :func:`to_json` lays it out, written key by key as
    ``pairs`` yields them: a value that is an iterator is an array of flat records
    (scalars only), each written as it comes (a customer report)."""

    pairs: Callable[[], Iterable[tuple[str, Any]]]


@dataclass(frozen=True)
class Array:
    """A JSON array too long to hold: written item by item as the items come, the
    very text :func:`to_json` gives the whole list (a long ``list -f json``)."""

    items: Iterable[Any]


def _nothing() -> Sequence[Any]:
    return ()


@dataclass(frozen=True)
class View:
    """What one command prints, described once for every format (see :func:`show`)."""

    json: Any  # what -f json prints (a Document is streamed)
    rows: Iterable[Mapping[str, Any]] = ()  # plain: one line each; csv: one row each
    keys: Sequence[str] = ()  # the fields of a row, in order; csv's header
    pairs: Sequence[tuple[str, Any]] = ()  # plain: key/value lines after the rows
    human: Callable[[], Sequence[Any]] = _nothing  # Rich renderables: table and -o FILE
    empty: str | None = None  # said on stderr instead of a table without rows
    text: str | None = None  # every format but json prints this line instead (add's id)
    rows_in_plain: bool = True  # False: plain prints the pairs alone (one object)
    columns: Sequence[Column] = ()  # -f text: each row as a block of these (a listing)
    title: str | None = None  # -f text: the heading (default: the command and the date)
    mail: Callable[[], Iterable[str]] | None = None  # -f text's own lines (due, reports)


def listing(
    data: Iterable[Mapping[str, Any]],
    *,
    columns: Sequence[Column],
    keys: Sequence[str] | None = None,
    document: Any = None,
    title: str | None = None,
    empty: str | None = None,
    row_style: Callable[[Mapping[str, Any]], str | None] | None = None,
    wide: bool = False,
    hints: Mapping[str, Iterable[Any]] | None = None,
) -> View:
    """A list: ``columns`` for people, ``keys`` (default: the columns') for scripts.

    ``document`` is what JSON prints when it is not the rows themselves (rows may carry
    extras for people that the JSON contract does not have). ``row_style`` gives a
    table row its Rich style (e.g. red for overdue); ``wide`` shows every column, wrapped.
    ``data`` may be an iterator read as it is printed, in every format (for a table,
    ``hints``: the widest values of its token columns, see :class:`FitTable`).
    """
    if document is None:
        document = data if isinstance(data, Sequence) else Array(data)
    return View(
        json=document,
        rows=data,
        keys=list(keys or [c.key for c in columns]),
        human=lambda: [
            rich_table(data, columns, title=title, row_style=row_style, wide=wide, hints=hints)
        ],
        empty=empty,
        columns=columns,
        title=title,
    )


def record(
    data: Mapping[str, Any],
    *,
    keys: Sequence[str],
    human: Callable[[], Sequence[Any]] = _nothing,
    title: str | None = None,
    mail: Callable[[], Iterable[str]] | None = None,
) -> View:
    """One object: JSON as is, plain as key/value lines for ``keys``, csv as one row;
    text as ``label: value`` lines under ``title``."""
    return View(
        json=data,
        rows=[data],
        keys=keys,
        pairs=[(k, data.get(k)) for k in keys],
        human=human,
        rows_in_plain=False,
        title=title,
        mail=mail,
    )


def show(
    view: View, fmt: Format | None, *, out: str | None = None, protect: Collection[Path] = ()
) -> None:
    """Print ``view`` in ``fmt`` to stdout, or with ``out`` save it to that file: the
    format asked for with -f json|csv|plain|text, else what people see via Rich's HTML/SVG/text
    export (by the file's extension). ``protect``: files ``out`` may never replace."""
    if out is not None and fmt not in (Format.json, Format.csv, Format.plain, Format.text):
        save(view.human(), out, protect=protect)
        return
    fmt = resolve(fmt)
    with output(out, protect=protect, page=True) as stream:
        if fmt is Format.json:
            write_json(view.json, stream)
        elif view.text is not None:
            stream.write(view.text + "\n")
        elif fmt is Format.plain:
            if view.rows_in_plain:
                write_plain(view.rows, view.keys, stream)
            write_plain(({"k": k, "v": v} for k, v in view.pairs), ("k", "v"), stream)
        elif fmt is Format.csv:
            write_csv(view.rows, view.keys, stream, spreadsheet=out not in (None, "-"))
        elif fmt is Format.text and view.mail is None and view.empty is not None and not view.rows:
            message(view.empty)
        elif fmt is Format.text:
            from funnel.views.text import write_text

            write_text(view, stream)
        elif view.empty is not None and not view.rows:
            message(view.empty)
        else:
            people = console(file=stream)
            for part in view.human():
                if isinstance(part, FitTable):
                    part.print_to(people)
                else:
                    people.print(literal(part) if isinstance(part, str) else part)


# --- writers ----------------------------------------------------------------------------


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def write_json(data: Any, out: IO[str]) -> None:
    if isinstance(data, Document):
        write_json_document(data, out)
    elif isinstance(data, Streamed):
        write_json_streamed(data, out)
    elif isinstance(data, Array):
        write_json_array(data.items, out)
    else:
        out.write(to_json(data) + "\n")


def write_json_array(items: Iterable[Any], out: IO[str]) -> None:
    """``items`` as :func:`to_json` writes their list, one item at a time."""
    flat = compact(",\n    ")
    sep = "[\n"
    for item in items:
        out.write(sep + _array_item(item, flat))
        sep = ",\n"
    out.write("[]\n" if sep == "[\n" else "\n]\n")


def compact(item_separator: str = ", ") -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False, default=str)`` with this separator between
    members, by one C encoder made once (``json.dumps`` makes one a call)."""
    from json import encoder

    make = getattr(encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - a Python built without json's C speedups
        return json.JSONEncoder(
            ensure_ascii=False, separators=(item_separator, ": "), default=str
        ).encode
    chunks = make(
        None, str, encoder.encode_basestring, None, ": ", item_separator, False, False, True
    )
    return lambda value: "".join(chunks(value, 0))


_NESTED = (list, tuple, dict)


def _array_item(item: Any, flat: Callable[[Any], str]) -> str:
    """An item of an array as :func:`to_json` indents it. An object's members one per
    line by the fast encoder; a member that holds an array or object (not empty) as
    :func:`to_json` indents it. Such a member's value begins ``": [`` or ``": {``
    followed by something else than its end; text never holds those (a quote in it
    is escaped) unless escaped, as ``\\": [``: then it only takes the slower way."""
    if item.__class__ is not dict or not item:
        return "  " + to_json(item).replace("\n", "\n  ")
    text = flat(item)
    if text.count('": [') == text.count('": []') and text.count('": {') == text.count('": {}'):
        return "  {\n    " + text[1:-1] + "\n  }"
    if not all(key.__class__ is str for key in item):
        return "  " + to_json(item).replace("\n", "\n  ")
    members = ",\n    ".join(
        flat(key)
        + ": "
        + (
            to_json(value).replace("\n", "\n    ")
            if value and value.__class__ in _NESTED
            else flat(value)
        )
        for key, value in item.items()
    )
    return "  {\n    " + members + "\n  }"


def write_plain(rows: Iterable[Mapping[str, Any]], keys: Sequence[str], out: IO[str]) -> None:
    write = out.write
    for row in rows:
        # _plain's commonest cases inline: a long list has millions of cells
        cells = [
            ""
            if v is None
            else v
            if v.__class__ is str and v.isprintable()
            else str(v)
            if v.__class__ is int
            else _plain(v)
            for v in map(row.get, keys)
        ]
        write("\t".join(cells) + "\n")


def write_csv(
    rows: Iterable[Mapping[str, Any]],
    keys: Sequence[str],
    out: IO[str],
    *,
    spreadsheet: bool = False,
) -> None:
    """Rows as CSV with a header row, written as they come. For a ``spreadsheet`` (a
    file): a UTF-8 BOM first, so Excel reads UTF-8, and text cells that a spreadsheet
    would run as a formula neutralised (numbers and dates stay as they are)."""
    writer = csv.writer(out, lineterminator="\n")
    if spreadsheet:
        out.write(BOM)
    writer.writerow(keys)
    for row in rows:
        if spreadsheet:
            writer.writerow([_cell(row.get(k)) for k in keys])
        else:  # text, whole numbers and nothing (an empty cell) as csv writes them
            writer.writerow(
                [v if v is None or v.__class__ in _AS_IS else _flat(v) for v in map(row.get, keys)]
            )


BOM = "\ufeff"
_AS_IS = (str, int)


def _cell(value: Any) -> str:
    """A value as a spreadsheet's CSV cell: text neutralised, numbers as they are."""
    if value is None or isinstance(value, bool | int | float):
        return _flat(value)
    return neutralise(_flat(value))


def write_json_document(doc: Document, out: IO[str]) -> None:
    """A JSON object whose array is written one item per line as the items come (valid
    JSON, diff-friendly, flat memory)."""
    out.write("{\n")
    for name, value in doc.header.items():
        out.write(f"  {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)},\n")
    out.write(f"  {json.dumps(doc.key)}: [")
    sep = "\n    "
    line = compact()
    for item in doc.items:
        out.write(sep + line(item))
        sep = ",\n    "
    out.write("\n  ]\n}\n" if sep != "\n    " else "]\n}\n")


# Flat records at depth 2 as ``to_json`` lays them out, one key per line: the C encoder
# with that layout's separators (``indent`` would take the pure-Python one, ten times
# slower), a batch of records at a time.
_RECORDS = json.JSONEncoder(ensure_ascii=False, separators=(",\n      ", ": "), default=str)
RECORD_BATCH = 500


def _records_json(items: Iterator[Mapping[str, Any]], out: IO[str]) -> None:
    """An array of non-empty flat records (scalar values only), as ``to_json`` writes it
    at depth 1, written a batch at a time. Between two records of a batch the encoder
    writes ``},`` + newline + ``{``: a string never holds a raw newline, so that is
    always a boundary, re-indented here."""
    start = "[\n    {\n      "
    while batch := list(itertools.islice(items, RECORD_BATCH)):
        text = _RECORDS.encode(batch)[2:-2]  # without [{ and }]
        out.write(start + text.replace("},\n      {", "\n    },\n    {\n      "))
        start = "\n    },\n    {\n      "
    out.write("[]" if start.startswith("[") else "\n    }\n  ]")


def write_json_streamed(doc: Streamed, out: IO[str]) -> None:
    """The same bytes as ``to_json`` of the whole object, written as it comes."""
    sep = "{\n"
    for name, value in doc.pairs():
        out.write(f"{sep}  {json.dumps(name, ensure_ascii=False)}: ")
        if isinstance(value, Iterator):
            _records_json(value, out)
        else:
            out.write(to_json(value).replace("\n", "\n  "))
        sep = ",\n"
    out.write("{}\n" if sep == "{\n" else "\n}\n")


def rich_table(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    title: str | None = None,
    row_style: Callable[[Mapping[str, Any]], str | None] | None = None,
    wide: bool = False,
    wrap: bool = False,
    hints: Mapping[str, Iterable[Any]] | None = None,
) -> Any:
    """A table that fits the console it is printed on (see :class:`FitTable`)."""
    return FitTable(
        rows, tuple(columns), title=title, row_style=row_style, wide=wide, wrap=wrap, hints=hints
    )


# A table with more rows than this prints in chunks of that many, widths fixed once.
CHUNK = 200
TEXT_MIN = 8  # text shortened with … keeps at least this many cells (or its own width)
TOKEN_MAX = 16  # a cell without spaces up to this wide is a token (Column.token None)


def _header_min(title: str) -> int:
    """The narrowest a header gets: its longest word (headers may wrap between words)."""
    from rich.cells import cell_len

    return max((cell_len(word) for word in title.split()), default=0)


WORD_MAX = 24  # a longer word (a URL) may still be cut where text wraps


def fit_widths(
    columns: Sequence[Column],
    natural: Sequence[int],
    headers: Sequence[str],
    width: int,
    *,
    tokens: Sequence[bool] | None = None,
    gap: int = 3,
    edges: int = 4,
    words: Sequence[int] | None = None,
) -> list[int | None]:
    """Each column's width in a table ``width`` cells wide (box and padding included),
    ``None`` for a column dropped: tokens (``tokens``, else each column's own
    ``token``) keep their whole width, text keeps at least
    :data:`TEXT_MIN` cells; empty columns go first, then columns by priority (highest
    first, then the rightmost) until the rest fit. The room left widens the text columns up to their own width.
    ``gap`` cells go between two columns and ``edges`` around them all (a boxed table:
    a border and a space each side)."""
    from rich.cells import cell_len

    tokens = tokens if tokens is not None else [bool(c.token) for c in columns]
    words = words if words is not None else [0] * len(columns)
    least = [  # wrapped text: at least its longest word (``words``), so no word is cut
        max(n if token else max(min(n, TEXT_MIN), w), _header_min(h), 1)
        for token, n, h, w in zip(tokens, natural, headers, words, strict=True)
    ]
    full = [max(n, cell_len(h), 1) for n, h in zip(natural, headers, strict=True)]
    keep = list(range(len(columns)))

    def overhead() -> int:
        return gap * (len(keep) - 1) + edges

    while sum(least[i] for i in keep) + overhead() > width:
        # a column with nothing in it goes first, whatever its priority
        droppable = [i for i in keep if columns[i].priority > 0 or natural[i] == 0]
        if not droppable:
            break
        keep.remove(max(droppable, key=lambda i: (natural[i] == 0, columns[i].priority, i)))
    widths: list[int | None] = [None] * len(columns)
    for i in keep:
        widths[i] = least[i]
    room = width - overhead() - sum(least[i] for i in keep)
    for texts in (True, False):  # text first; then tokens widen to their headers
        growing = [i for i in keep if full[i] > least[i] and tokens[i] is not texts]
        while room > 0 and growing:  # a cell at a time to each, so all get their share
            for i in list(growing):
                if room == 0:
                    break
                widths[i] = (widths[i] or 0) + 1
                room -= 1
                if widths[i] == full[i]:
                    growing.remove(i)
    return widths


class FitTable:
    """Rows as a Rich table that fits the console: tokens never split, text shortened
    with ``…``, columns dropped by priority (``wide``: every column, wrapping allowed).

    Printed through :meth:`print_to`, a table of many rows goes out chunk by chunk
    with its column widths fixed once from the data, so memory stays flat."""

    def __init__(
        self,
        rows: Iterable[Mapping[str, Any]],
        columns: tuple[Column, ...],
        *,
        title: str | None = None,
        row_style: Callable[[Mapping[str, Any]], str | None] | None = None,
        wide: bool = False,
        wrap: bool = False,
        hints: Mapping[str, Iterable[Any]] | None = None,
    ) -> None:
        self.hints = hints
        self.wrap = wrap  # text wraps between words instead of being shortened
        self.rows = rows
        self.columns = columns
        self.title = title
        self.row_style = row_style
        self.wide = wide

    tokens: list[bool]

    def _cells(self, row: Mapping[str, Any], *, flat: bool = True) -> list[str]:
        """The row's cells as shown; ``flat``: each on one line (a note's lines joined)."""
        cells = [visible(col.cell(row.get(col.key))) for col in self.columns]
        return [" ".join(c.splitlines()) if flat and "\n" in c else c for c in cells]

    def _widths(
        self,
        width: int,
        *,
        gap: int = 3,
        edges: int = 4,
        rows: Iterable[Mapping[str, Any]] | None = None,
        hints: Mapping[str, Iterable[Any]] | None = None,
    ) -> list[int | None]:
        from rich.cells import cell_len

        natural = [0] * len(self.columns)
        words = [0] * len(self.columns)  # the longest word, when text wraps
        tokens = [c.token is not False for c in self.columns]
        for i, col in enumerate(self.columns):
            for value in (hints or {}).get(col.key, ()):
                natural[i] = max(natural[i], cell_len(visible(col.cell(value))))
        for row in self.rows if rows is None else rows:
            for i, text in enumerate(self._cells(row)):
                size = cell_len(text)
                natural[i] = max(natural[i], size)
                if self.wrap:
                    longest = max((cell_len(w) for w in text.split()), default=0)
                    words[i] = max(words[i], min(longest, WORD_MAX))
                if tokens[i] and self.columns[i].token is None:
                    tokens[i] = size <= TOKEN_MAX and not any(c.isspace() for c in text)
        headers = [c.title() for c in self.columns]
        self.tokens = tokens
        return fit_widths(
            self.columns, natural, headers, width, tokens=tokens, gap=gap, edges=edges, words=words
        )

    def _table(
        self, widths: Sequence[int | None] | None, *, header: bool = True, title: bool = True
    ) -> Any:
        from rich.table import Table
        from rich.text import Text

        table = Table(
            title=self.title if title else None,
            header_style="bold",
            title_justify="left",
            expand=False,
            show_header=header,
        )
        for i, col in enumerate(self.columns):
            if widths is None:
                table.add_column(col.title(), justify=col.justify, style=col.style, overflow="fold")  # type: ignore[arg-type]
            elif widths[i] is not None:
                wraps = self.wrap and not self.tokens[i]
                table.add_column(
                    Text(col.title(), no_wrap=False, overflow="fold"),
                    justify=col.justify,  # type: ignore[arg-type]
                    style=col.style,
                    width=widths[i],
                    no_wrap=not wraps,
                    overflow="fold" if wraps else "ellipsis",
                )
        return table

    def _add(self, table: Any, rows: Iterable[Mapping[str, Any]], widths: Any) -> None:
        keep = [i for i in range(len(self.columns)) if widths is None or widths[i] is not None]
        for row in rows:
            cells = self._cells(row, flat=widths is not None and not self.wrap)
            table.add_row(
                *(literal(cells[i]) for i in keep),
                style=self.row_style(row) if self.row_style else None,
            )

    def whole(self) -> Any:
        """Every column and row as one Rich table, for a page with no width to fit
        (the HTML export)."""
        if not isinstance(self.rows, Sequence):
            self.rows = list(self.rows)
        self.tokens = [c.token is not False for c in self.columns]
        table = self._table(None)
        self._add(table, self.rows, None)
        return table

    def __rich_console__(self, console: Console, options: Any) -> Iterator[Any]:
        if not isinstance(self.rows, Sequence):  # rows read as they come: read them all
            self.rows = list(self.rows)
        widths = None if self.wide else self._widths(options.max_width)
        table = self._table(widths)
        self._add(table, self.rows, widths)
        yield table

    def print_to(self, people: Console) -> None:
        """Print the table; one of many rows chunk by chunk, its widths fixed first:
        from every row of a list in memory, or for rows that come as they are read
        (an iterator) from the first chunk and ``hints`` (the widest values)."""
        if self.wide:
            people.print(self)
            return
        rows: Iterator[Mapping[str, Any]] = iter(self.rows)
        first = list(itertools.islice(rows, CHUNK))
        if isinstance(self.rows, Sequence):
            if len(self.rows) <= CHUNK:
                people.print(self)
                return
            widths = self._widths(people.width)
        else:
            extra = list(itertools.islice(rows, 1))
            if not extra:  # a short list after all: laid out as a whole
                FitTable(first, self.columns, title=self.title, row_style=self.row_style).print_to(
                    people
                )
                return
            first += extra
            widths = self._widths(people.width, rows=first, hints=self.hints)
        from rich.segment import Segments

        # The title and header as Rich draws them; then each row drawn here, one line
        # in the same box (fast: a long list has a hundred thousand of them).
        head = people.render_lines(self._table(widths), people.options, pad=False, new_lines=True)
        people.print(Segments(itertools.chain.from_iterable(head[:-1])), end="")
        self._print_rows(
            people,
            itertools.chain([first], iter(lambda: list(itertools.islice(rows, CHUNK)), [])),
            widths,
        )

    def _print_rows(
        self,
        people: Console,
        chunks: Iterator[list[Mapping[str, Any]]],
        widths: Sequence[int | None],
    ) -> None:
        """The rows under the header, a chunk at a time, and the table's bottom."""
        from rich.box import HEAVY_HEAD
        from rich.segment import Segment, Segments
        from rich.style import Style

        keep = [i for i, w in enumerate(widths) if w is not None]
        edge = HEAVY_HEAD.mid_vertical
        styles = [Style.parse(self.columns[i].style or "") for i in keep]
        plain = people.color_system is None  # no colours: the lines as they are
        # With colours, each line is written as the console would write its segments,
        # each text between the codes of its style (asked of the console once a style);
        # a table wider than the console goes through it, to be cut as it cuts lines.
        direct = sum((widths[i] or 0) + 3 for i in keep) + 1 <= people.width
        looks: dict[str, tuple[str, str, str, list[tuple[str, str]]]] = {}

        def look(name: str) -> tuple[str, str, str, list[tuple[str, str]]]:
            style = Style.parse(name)
            before, after = _around(people, style)
            cells = [_around(people, style + styles[n]) for n in range(len(keep))]
            return (
                f"{before}{edge} {after}",
                f"{before} {edge} {after}",
                f"{before} {edge}{after}\n",
                cells,
            )

        for chunk in chunks:
            text: list[str] = []
            segments: list[Segment] = []
            for row in chunk:
                cells = self._cells(row)
                fitted = [
                    _fit_cell(cells[i], widths[i] or 0, self.columns[i].justify) for i in keep
                ]
                if plain:
                    text.append(f"{edge} " + f" {edge} ".join(fitted) + f" {edge}\n")
                    continue
                name = (self.row_style(row) or "") if self.row_style else ""
                if direct:
                    found = looks.get(name)
                    if found is None:
                        found = looks[name] = look(name)
                    start, between, end, around = found
                    text.append(
                        start
                        + between.join(
                            f"{a}{cell}{b}" for (a, b), cell in zip(around, fitted, strict=True)
                        )
                        + end
                    )
                    continue
                style = Style.parse(name)
                segments.append(Segment(f"{edge} ", style))
                for n, cell in enumerate(fitted):
                    if n:
                        segments.append(Segment(f" {edge} ", style))
                    segments.append(Segment(cell, style + styles[n]))
                segments += [Segment(f" {edge}", style), Segment.line()]
            if text:
                people.file.write("".join(text))
            else:
                people.print(Segments(segments), end="")
        people.print(HEAVY_HEAD.get_bottom([(widths[i] or 0) + 2 for i in keep]))


def _around(people: Console, style: Any) -> tuple[str, str]:
    """What ``people`` writes before and after a text in ``style`` (its colour codes)."""
    from rich.segment import Segment, Segments

    with people.capture() as probe:
        people.print(Segments([Segment("\x00", style)]), end="")
    before, _, after = probe.get().partition("\x00")
    return before, after


def _fit_cell(text: str, width: int, justify: str) -> str:
    """A cell's text on one line exactly ``width`` cells wide: shortened with … when
    longer, padded on the side ``justify`` says."""
    from rich.cells import cell_len, set_cell_size

    size = cell_len(text)
    if size > width:
        return set_cell_size(set_cell_size(text, width - 1) + "…", width)
    pad = " " * (width - size)
    return pad + text if justify == "right" else text + pad


class LineTable(FitTable):
    """A compact list for a terminal: no borders, one line per row with its columns
    fitted as :class:`FitTable` fits them, and under it, indented, ``below``'s text
    (a next step) when it fits on one line — always, wrapped, with ``below_always``."""

    def __init__(
        self,
        rows: Sequence[Mapping[str, Any]],
        columns: tuple[Column, ...],
        *,
        below: Callable[[Mapping[str, Any]], str],
        below_always: bool = False,
        title: str | None = None,
        row_style: Callable[[Mapping[str, Any]], str | None] | None = None,
    ) -> None:
        super().__init__(rows, columns, title=title, row_style=row_style)
        self.below = below
        self.below_always = below_always

    INDENT = 4

    def __rich_console__(self, console: Console, options: Any) -> Iterator[Any]:
        from rich.cells import cell_len
        from rich.padding import Padding
        from rich.text import Text

        width = options.max_width
        widths = self._widths(width, gap=2, edges=0)
        keep = [i for i, w in enumerate(widths) if w is not None]

        def line(cells: Sequence[str], style: str | None, *, bold: bool = False) -> Text:
            out = Text(style=style or "", no_wrap=True, overflow="ellipsis", end="\n")
            for n, i in enumerate(keep):
                w = widths[i] or 0
                col = self.columns[i]
                cell = Text(cells[i], style="bold" if bold else col.style or "")
                cell.truncate(w, overflow="ellipsis")
                pad = " " * (w - cell_len(cell.plain))
                if n:
                    out.append("  ")
                if col.justify == "right":
                    out.append(pad)
                out.append_text(cell)
                if col.justify != "right":
                    out.append(pad)
            out.rstrip()
            return out

        if self.title:
            yield Text(self.title, style="bold", no_wrap=True, overflow="ellipsis")
        yield line([c.title() for c in self.columns], None, bold=True)
        for row in self.rows:
            style = self.row_style(row) if self.row_style else None
            yield line(self._cells(row), style)
            tip = visible(self.below(row))
            if not tip:
                continue
            if self.below_always:
                yield Padding(Text(tip, style="dim"), (0, 0, 0, self.INDENT))
            elif all(cell_len(part) + self.INDENT <= width for part in tip.splitlines()):
                for part in tip.splitlines():
                    yield Text(" " * self.INDENT + part, style="dim", no_wrap=True)

    def print_to(self, people: Console) -> None:
        people.print(self)


def message(text: str) -> None:
    """A confirmation for people: on stderr, and only when someone is watching."""
    if sys.stderr.isatty():
        console(stderr=True).print(one_line(text), markup=False, emoji=False)


def warn(text: str) -> None:
    """A warning (or one of several errors) on stderr: one line, whatever it echoes."""
    sys.stderr.write(one_line(text) + "\n")


def save(
    renderable_parts: Sequence[Any],
    path: str,
    *,
    width: int = 100,
    protect: Collection[Path] = (),
) -> None:
    """Rich renderables to a file: .html as a document of tables and bars, .svg via
    Rich's export (with Chinese two cells wide), anything else as text."""
    from rich.console import Console

    from funnel.views import export

    lower = path.lower()
    if lower.endswith((".html", ".htm")):
        text = export.html_document(renderable_parts)
    else:
        rec = Console(record=True, width=width, file=open_null(), color_system="truecolor")
        for part in renderable_parts:
            rec.print(literal(part) if isinstance(part, str) else part)
        if lower.endswith(".svg"):
            first = next((p for p in renderable_parts if hasattr(p, "plain")), None)
            text = export.svg_document(rec, title=first.plain if first else "funnel")
        else:
            text = rec.export_text()
    with output(path, protect=protect) as out:
        out.write(text)


def write_file(path: str, content: bytes, *, protect: Collection[Path] = ()) -> None:
    """Bytes to a file, replaced atomically so a reader never sees half of it;
    ``-`` means stdout."""
    with output(path, binary=True, protect=protect) as out:
        out.write(content)


def open_null() -> Any:
    import io

    return io.StringIO()


# --- files and progress ------------------------------------------------------------------


@contextmanager
def output(
    path: str | None,
    *,
    binary: bool = False,
    protect: Collection[Path] = (),
    page: bool = False,
) -> Iterator[IO[Any]]:
    """stdout (``None`` or ``-``), or a file written whole or not at all, mode 0600 (see
    :mod:`funnel.files`): never a directory, a device or a FIFO, never one of
    ``protect`` (the store's files). With ``page``, stdout on a terminal goes through
    the pager (:mod:`funnel.views.pager`) once it is taller than the screen."""
    if path is None or path == "-":
        from funnel.views import pager

        pager_command = pager.wanted() if page and not binary else None
        if pager_command is not None:
            sys.stdout.flush()
            stream = pager.Pager(pager_command)
            try:
                yield cast("IO[str]", stream)
                stream.finish()
            except pager.PagerGone:  # the pager was quit before the end: that is all
                pass
            finally:
                stream.stop()
            return
        sys.stdout.flush()
        yield sys.stdout.buffer if binary else sys.stdout
        sys.stdout.flush()
        return
    from funnel import files
    from funnel.errors import FunnelError

    shown = Path(path).expanduser()
    try:
        target = files.output_target(shown, protect=protect)
        with files.write_whole(target, binary=binary) as handle:
            yield handle
    except OSError as exc:
        raise FunnelError(t("err.io", path=shown, why=exc.strerror or exc)) from None


@contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr while a long job runs, only when stderr is a terminal;
    yields ``tick(done)``."""
    if not sys.stderr.isatty() or total <= 0:
        yield lambda done: None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("{task.description}", markup=False),  # a file's name, as it is
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task(one_line(label), total=total)
        yield lambda done: bar.update(task, completed=done)
