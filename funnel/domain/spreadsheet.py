"""CSV cells for a spreadsheet, and back. Stdlib only.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
a CR before one) as a formula: ``=HYPERLINK(…)`` in a lead's name would run on the
manager's machine. A CSV written for a spreadsheet therefore starts such a text cell
with ``'``, which spreadsheets show as "this is text", and ``import`` takes it off.

So that the round trip is exact, a cell that already starts with apostrophes before
one of those characters (``'=x``) gets one more (``''=x``); ``restore`` takes exactly
one off any cell of that shape. Any other cell passes both ways unchanged.
"""

from __future__ import annotations

# What makes a spreadsheet read a cell as a formula.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def _shaped(cell: str) -> bool:
    """Apostrophes (perhaps none), then a trigger."""
    return cell.lstrip(QUOTE).startswith(TRIGGERS)


def neutralise(cell: str) -> str:
    """A text cell as a spreadsheet should get it: never run as a formula."""
    if cell and (cell[0] in TRIGGERS or (cell[0] == QUOTE and _shaped(cell))):
        return QUOTE + cell
    return cell


def restore(cell: str) -> str:
    """What ``neutralise`` was given: the inverse on every text."""
    if cell.startswith(QUOTE) and _shaped(cell):
        return cell[1:]
    return cell
