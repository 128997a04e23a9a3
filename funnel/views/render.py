"""The one output path: a :class:`View` of lists, objects and reports → table (Rich) |
text | plain | csv | json, on stdout (through a pager on a terminal) or into a file,
through :func:`show`.

Commands hand data here and print nothing themselves. Data goes to stdout;
messages and warnings go to stderr.
"""

from __future__ import annotations

import csv
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
    """One column: the data key, its header message key, and how people see it."""

    key: str
    header: str | None = None
    show: Callable[[Any], str] | None = None
    justify: str = "left"
    style: str | None = None

    def title(self) -> str:
        return t(self.header or f"h.{self.key}")

    def cell(self, value: Any) -> str:
        if self.show is not None:
            return self.show(value)
        return human(value)


def money(value: float | None, currency: str = "") -> str:
    """An amount (a JSON number) for people: thousands separators, the cents only when
    there are some and without trailing zeros, after the currency sign; '' for none."""
    if value is None:
        return ""
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    return f"{currency}{text}"


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
    data: Sequence[Mapping[str, Any]],
    *,
    columns: Sequence[Column],
    keys: Sequence[str] | None = None,
    document: Any = None,
    title: str | None = None,
    empty: str | None = None,
    row_style: Callable[[Mapping[str, Any]], str | None] | None = None,
) -> View:
    """A list: ``columns`` for people, ``keys`` (default: the columns') for scripts.

    ``document`` is what JSON prints when it is not the rows themselves (rows may carry
    extras for people that the JSON contract does not have). ``row_style`` gives a
    table row its Rich style (e.g. red for overdue).
    """
    return View(
        json=list(data) if document is None else document,
        rows=data,
        keys=list(keys or [c.key for c in columns]),
        human=lambda: [rich_table(data, columns, title=title, row_style=row_style)],
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
                people.print(literal(part) if isinstance(part, str) else part)


# --- writers ----------------------------------------------------------------------------


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def write_json(data: Any, out: IO[str]) -> None:
    if isinstance(data, Document):
        write_json_document(data, out)
    else:
        out.write(to_json(data) + "\n")


def write_plain(rows: Iterable[Mapping[str, Any]], keys: Sequence[str], out: IO[str]) -> None:
    for row in rows:
        out.write("\t".join(_plain(row.get(k)) for k in keys) + "\n")


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
        else:
            writer.writerow([_flat(row.get(k)) for k in keys])


BOM = "\ufeff"


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
    for item in doc.items:
        out.write(sep + json.dumps(item, ensure_ascii=False, default=str))
        sep = ",\n    "
    out.write("\n  ]\n}\n" if sep != "\n    " else "]\n}\n")


def rich_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    title: str | None = None,
    row_style: Callable[[Mapping[str, Any]], str | None] | None = None,
) -> Any:
    from rich.table import Table

    table = Table(title=title, header_style="bold", title_justify="left", expand=False)
    for col in columns:
        table.add_column(col.title(), justify=col.justify, style=col.style, overflow="fold")  # type: ignore[arg-type]
    for row in rows:
        table.add_row(
            *(literal(col.cell(row.get(col.key))) for col in columns),
            style=row_style(row) if row_style else None,
        )
    return table


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
