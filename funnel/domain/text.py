"""Text people give and text people see: which characters a field may hold, and how
text that holds others is shown so that it cannot move the cursor, colour a terminal
or break a line it should stay on. Stdlib only.

A one-line field (a name, a company, a reason, a tag…) holds no control character at
all; a note may hold newlines and tabs (a carriage return is read as a newline).
"""

from __future__ import annotations

import re

from funnel.errors import CONTROL, escaped, one_line

__all__ = ["CONTROL", "CONTROL_IN_NOTE", "cells", "lines_of", "one_line", "visible", "wrap"]

# The control characters (funnel.errors.CONTROL) less the newline and the tab, which a
# note may hold.
CONTROL_IN_NOTE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """``text`` as a table or card shows it: newlines and tabs kept, any other control
    character written as an escape (a store written before these rules may hold one)."""
    if text.isprintable():
        return text
    return CONTROL_IN_NOTE.sub(escaped, text)


def lines_of(text: str) -> str:
    """A note's line breaks as newlines: Windows' CR LF and a lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# --- wrapping paragraphs (tips, persona approaches): Chinese line-breaking rules -------

# Never at the start of a line (closing punctuation), and never at the end of one
# (opening punctuation): each sticks to the character it belongs to.
CLOSING = frozenset("，。；：、！？）」』】〉》〕〗〙〛］｝”’…—％·,.;:!?)]}%")
OPENING = frozenset("（「『【〈《〔〖〘〚［｛“‘([{")


def cells(text: str) -> int:
    """How many terminal columns ``text`` takes: East Asian wide characters count two,
    combining marks none."""
    import unicodedata

    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def _units(text: str) -> list[str]:
    """``text`` (one line) cut where a line may break: a space is a unit of its own, a
    Latin word is one unit, each Chinese character is one; closing punctuation joins
    the unit before it and opening punctuation the unit after it."""
    units: list[str] = []
    opening = ""
    for char in text:
        if char.isspace():
            if opening:  # "( " : the bracket stays where it was typed
                units.append(opening)
                opening = ""
            if units and units[-1] != " ":
                units.append(" ")
            continue
        if char in CLOSING and not opening and units and units[-1] != " ":
            units[-1] += char
        elif char in OPENING:
            opening += char
        elif (
            not opening
            and units
            and units[-1] != " "
            and cells(char) == 1
            and cells(units[-1][-1]) == 1
            and units[-1][-1] not in CLOSING
        ):
            units[-1] += char  # the next letter of a Latin word
        else:
            units.append(opening + char)
            opening = ""
    if opening:
        units.append(opening)
    return units


def _fold(unit: str, width: int) -> list[str]:
    """A unit wider than a line, cut into pieces of at most ``width`` columns, no piece
    after the first starting with closing punctuation (the character before it moves
    down with it)."""
    pieces = [""]
    for char in unit:
        piece = pieces[-1]
        if piece and cells(piece + char) > width:
            if char not in CLOSING:  # opening punctuation at the end moves down too
                cut = len(piece)
                while cut > 0 and piece[cut - 1] in OPENING:
                    cut -= 1
                if cut == len(piece):
                    pieces.append("")
                elif cut > 0:
                    pieces[-1:] = [piece[:cut], piece[cut:]]
                # else: only opening punctuation so far: the character hangs after it
            else:  # the last character that is not punctuation moves down with it
                cut = len(piece) - 1
                while cut > 0 and piece[cut] in CLOSING:
                    cut -= 1
                while cut > 0 and piece[cut - 1] in OPENING:  # and what opens it
                    cut -= 1
                if cut > 0:
                    pieces[-1:] = [piece[:cut], piece[cut:]]
                # else: one character and its punctuation, wider than a line: it hangs
        pieces[-1] += char
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` columns, broken between words and between
    Chinese characters, never before closing punctuation (``，`` ``。`` ``；`` ``）``…)
    nor after opening punctuation: the character before such a break moves down with
    its punctuation, so no line ever starts with ``，``. A newline in ``text`` starts a
    new line; a line only overflows when ``width`` cannot hold one character and the
    punctuation around it."""
    width = max(width, 1)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for unit in _units(paragraph):
            if unit == " ":
                if line:
                    line += " "
                continue
            if cells(line + unit) <= width:
                line += unit
                continue
            if line.strip():
                lines.append(line.rstrip())
            pieces = _fold(unit, width) if cells(unit) > width else [unit]
            lines.extend(pieces[:-1])
            line = pieces[-1]
        lines.append(line.rstrip())
    return lines
