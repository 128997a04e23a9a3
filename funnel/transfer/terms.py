"""The terms of an import, shared by the use case and the command: what to do with a
duplicate, a problem with one record, and what the import did. Stdlib only, so the
command's options can name them without loading the store."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple


class OnDuplicate(str, Enum):
    """A record with the phone or email of a known lead (or of an earlier row)."""

    error = "error"
    skip = "skip"
    update = "update"


class Problem(NamedTuple):
    """Why one record cannot be imported, and the line of the file it starts on (of
    ``sheet`` when it is not the sheet of leads being read)."""

    line: int
    message: str
    sheet: str = ""


@dataclass
class Summary:
    """What an import did (or, in a dry run, would do) with the records of a file."""

    rows: int = 0
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    bad: int = 0
    kind: str = ""  # the file's: "csv" or "json"
    encoding: str | None = ""  # a text file's; None for an Excel workbook
