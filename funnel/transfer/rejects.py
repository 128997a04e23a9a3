"""The rows an import refused, as a CSV a spreadsheet opens: each row's cells as the
input (a CSV, or a sheet of an Excel file) had them, plus an ``error`` column saying why. The user fixes the rows in the
spreadsheet and imports that file: import ignores the ``error`` column.

Written for a spreadsheet like any CSV funnel writes: UTF-8 with a BOM, formulas
neutralised (``funnel.domain.spreadsheet``, which import undoes), and private and whole
(``funnel.files``). Stdlib only.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing
from pathlib import Path

from funnel.domain.spreadsheet import QUOTE, neutralise, restore
from funnel.files import write_whole
from funnel.transfer.readers import (
    ERROR_COLUMN,
    LeadFile,
    csv_rows,
    is_error_column,
    open_lead_file,
)

BOM = "\ufeff"


def _source_rows(lead_file: LeadFile) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and the rows of a CSV, or of the sheet of an Excel file, as text."""
    if lead_file.kind != "xlsx":
        return csv_rows(lead_file)
    from funnel.transfer.excel import sheet_rows

    rows = sheet_rows(lead_file)
    first = next(rows, None)
    return (first[1] if first else []), rows


def _as_read(cells: list[str]) -> list[str]:
    """The cells as import reads them (a guarded cell loses its apostrophe), so that
    neutralising them again gives the same text back."""
    if QUOTE in "".join(c[:1] for c in cells):
        return [restore(c) for c in cells]
    return cells


def write_rejects(
    source: Path,
    encoding: str,
    problems: Mapping[int, Sequence[str]],
    target: Path,
    *,
    sheet: str | None = None,
) -> int:
    """Write to ``target`` (as ``funnel.files.output_target`` gives it) the rows of the
    CSV or Excel ``source`` (its ``sheet``) that start on the lines of ``problems``,
    each with its reasons. Returns how many rows were written."""
    written = 0
    lead_file = open_lead_file(source, encoding=encoding, sheet=sheet)
    with closing(lead_file.binary), write_whole(target) as out:
        header, rows = _source_rows(lead_file)
        width = len(header)
        where = next((i for i, h in enumerate(header) if is_error_column(h)), None)
        if where is None:
            header = [*header, ERROR_COLUMN]
        out.write(BOM)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([neutralise(h) for h in header])
        for line, cells in rows:
            why = problems.get(line)
            if why is None:
                continue
            reason = "; ".join(why)
            cells = _as_read(cells) if lead_file.kind == "csv" else cells
            if where is None:
                padded = cells[:width] + [""] * (width - len(cells))
                row = [*padded, reason, *cells[width:]]
            else:
                row = cells + [""] * (width - len(cells))
                row[where] = reason
            writer.writerow([neutralise(c) for c in row])
            written += 1
    return written
