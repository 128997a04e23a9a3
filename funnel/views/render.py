"""The one output path: rows and objects → table (Rich) | plain | csv | json.

Commands hand data here and print nothing themselves. Data goes to stdout;
messages and warnings go to stderr.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from funnel.i18n import t

if TYPE_CHECKING:
    from rich.console import Console


class Format(str, Enum):
    table = "table"
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


def human(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list | tuple):
        return ", ".join(human(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={human(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
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
    return _flat(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def write_json(data: Any) -> None:
    sys.stdout.write(to_json(data) + "\n")


def write_plain(rows: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> None:
    out = sys.stdout
    for row in rows:
        out.write("\t".join(_plain(row.get(k)) for k in keys) + "\n")


def write_csv(rows: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([_flat(row.get(k)) for k in keys])


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
            *(col.cell(row.get(col.key)) for col in columns),
            style=row_style(row) if row_style else None,
        )
    return table


def rows(
    data: Sequence[Mapping[str, Any]],
    fmt: Format | None,
    *,
    columns: Sequence[Column],
    keys: Sequence[str] | None = None,
    title: str | None = None,
    empty: str | None = None,
    json_keys: Sequence[str] | None = None,
    row_style: Callable[[Mapping[str, Any]], str | None] | None = None,
) -> None:
    """Print a list: ``columns`` for people, ``keys`` (default: the columns') for scripts.

    ``json_keys`` narrows each JSON object to those keys (default: the whole row), so
    rows may carry extras for people that the JSON contract does not have.
    ``row_style`` gives a table row its Rich style (e.g. red for overdue).
    """
    fmt = resolve(fmt)
    keys = list(keys or [c.key for c in columns])
    if fmt is Format.json:
        if json_keys is None:
            write_json(list(data))
        else:
            write_json([{k: row.get(k) for k in json_keys} for row in data])
    elif fmt is Format.plain:
        write_plain(data, keys)
    elif fmt is Format.csv:
        write_csv(data, keys)
    elif not data and empty:
        message(empty)
    else:
        console().print(rich_table(data, columns, title=title, row_style=row_style))


def obj(
    data: Mapping[str, Any],
    fmt: Format | None,
    *,
    keys: Sequence[str],
    human_view: Callable[[], Any] | None = None,
) -> None:
    """Print one object: JSON as is, plain as key/value lines, csv as one row."""
    fmt = resolve(fmt)
    if fmt is Format.json:
        write_json(data)
    elif fmt is Format.plain:
        write_plain([{"k": k, "v": data.get(k)} for k in keys], ["k", "v"])
    elif fmt is Format.csv:
        write_csv([data], keys)
    else:
        view = human_view() if human_view else None
        out = console()
        for part in view or []:
            out.print(part)


def message(text: str) -> None:
    """A confirmation for people: on stderr, and only when someone is watching."""
    if sys.stderr.isatty():
        console(stderr=True).print(text, markup=False)


def warn(text: str) -> None:
    sys.stderr.write(text + "\n")


def save(renderable_parts: Sequence[Any], path: str, *, width: int = 100) -> None:
    """Rich renderables to a file: .html and .svg via Rich's export, anything else as text."""
    from rich.console import Console

    rec = Console(record=True, width=width, file=open_null(), color_system="truecolor")
    for part in renderable_parts:
        rec.print(part)
    lower = path.lower()
    if lower.endswith((".html", ".htm")):
        text = rec.export_html()
    elif lower.endswith(".svg"):
        text = rec.export_svg(title="funnel")
    else:
        text = rec.export_text()
    with output(path) as out:
        out.write(text)


def write_file(path: str, content: bytes) -> None:
    """Bytes to a file, replaced atomically so a reader never sees half of it;
    ``-`` means stdout."""
    with output(path, binary=True) as out:
        out.write(content)


def open_null() -> Any:
    import io

    return io.StringIO()


def report(
    data: Any,
    fmt: Format | None,
    *,
    records: Sequence[Mapping[str, Any]],
    keys: Sequence[str],
    human_view: Callable[[], Sequence[Any]],
    tail: Sequence[tuple[str, Any]] = (),
    out: str | None = None,
) -> None:
    """Print a report: the object as JSON, its ``records`` (then ``tail`` key/value lines)
    as plain or csv, or the charts for people. ``out`` saves it to a file instead: the
    format asked for with -f json|csv|plain, else the charts via Rich's HTML/SVG/text export.
    """
    if out is not None:
        if fmt in (Format.json, Format.csv, Format.plain):
            import contextlib

            with output(out) as handle, contextlib.redirect_stdout(handle):
                report(data, fmt, records=records, keys=keys, human_view=human_view, tail=tail)
        else:
            save(human_view(), out)
        message(t("msg.report_saved", path=out))
        return
    fmt = resolve(fmt)
    if fmt is Format.json:
        write_json(data)
    elif fmt is Format.plain:
        write_plain(records, keys)
        write_plain([{"k": k, "v": v} for k, v in tail], ["k", "v"])
    elif fmt is Format.csv:
        write_csv(records, keys)
    else:
        out_console = console()
        for part in human_view():
            out_console.print(part)


# --- files and streams (export) -----------------------------------------------------


@contextmanager
def output(path: str | None, *, binary: bool = False) -> Iterator[IO[Any]]:
    """stdout (``None`` or ``-``), or a file that is written whole or not at all: a
    temporary file beside it, renamed into place at the end, keeping the old mode."""
    if path is None or path == "-":
        sys.stdout.flush()
        yield sys.stdout.buffer if binary else sys.stdout
        sys.stdout.flush()
        return
    import tempfile

    from funnel.errors import FunnelError

    target = Path(path).expanduser()
    try:
        if target.is_dir():
            raise IsADirectoryError(21, t("err.is_dir"))
        if target.exists():
            mode = target.stat().st_mode & 0o777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise FunnelError(t("err.io", path=target, why=exc.strerror or exc)) from None
    try:
        handle: IO[Any] = (
            os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        )
        with handle:
            yield handle
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FunnelError(t("err.io", path=target, why=exc.strerror or exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stream_csv(rows: Iterable[Mapping[str, Any]], keys: Sequence[str], out: IO[str]) -> None:
    """Rows as CSV with a header row, written as they come."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([_flat(row.get(k)) for k in keys])


def stream_json_document(
    header: Mapping[str, Any], key: str, items: Iterable[Any], out: IO[str]
) -> None:
    """A JSON object: ``header``'s keys, then ``key`` as an array written one item per
    line as the items come (valid JSON, diff-friendly, flat memory)."""
    out.write("{\n")
    for name, value in header.items():
        out.write(f"  {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)},\n")
    out.write(f"  {json.dumps(key)}: [")
    sep = "\n    "
    for item in items:
        out.write(sep + json.dumps(item, ensure_ascii=False, default=str))
        sep = ",\n    "
    out.write("\n  ]\n}\n" if sep != "\n    " else "]\n}\n")


@contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr while a long job runs, only when stderr is a terminal;
    yields ``tick(done)``."""
    if not sys.stderr.isatty() or total <= 0:
        yield lambda done: None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda done: bar.update(task, completed=done)
