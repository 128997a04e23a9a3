"""``-f text``: output for people reading mail or a log. No colour, no box drawing, no
line over 78 cells (East Asian wide characters count as two): a one-line heading, then
each record as a short block of ``label: value`` lines, blocks apart by a blank line.

Lines are written as they are made, so a long listing streams like plain does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

from funnel.domain.text import CLOSING, cells, visible
from funnel.i18n import MESSAGES, t

if TYPE_CHECKING:
    from funnel.views.render import Column, View

WIDTH = 78
INDENT = "  "
# Chinese (and full-width) punctuation that never starts a line: it stays with the
# character before it.
# A run of characters wrapped as one: a word without spaces (ASCII, digits, an amount,
# a date…), or one wide character; each followed by the closing punctuation after it.
_TOKEN = re.compile(r"\s+|[^\s\u1100-\uffff]+|[\u1100-\uffff]")


def _tokens(text: str) -> list[str]:
    """``text`` cut where a line may break, closing punctuation kept with what it closes."""
    out: list[str] = []
    for piece in _TOKEN.findall(text):
        if out and not piece.isspace() and piece[0] in CLOSING and not out[-1].isspace():
            out[-1] += piece
        else:
            out.append(piece)
    return out


def wrap(text: str, *, width: int = WIDTH, first: str = "", rest: str = "") -> list[str]:
    """``text`` as lines of at most ``width`` cells: the first starting with ``first``,
    the others with ``rest``; breaks between words or between wide characters."""
    lines: list[str] = []
    for paragraph in visible(text).replace("\t", " ").splitlines() or [""]:
        line = first if not lines else rest
        start = len(line)
        for token in _tokens(paragraph):
            if token.isspace():
                if len(line) > start:
                    line += " "
                continue
            if cells(line + token) <= width:
                line += token
                continue
            if len(line) > start:
                lines.append(line.rstrip())
                line = rest
                start = len(rest)
            if cells(line + token) <= width:
                line += token
                continue
            for ch in token:  # a word wider than a line: cut where it must be
                if len(line) > start and cells(line + ch) > width:
                    lines.append(line)
                    line = rest
                    start = len(rest)
                line += ch
        lines.append(line.rstrip())
    return lines


def colon(label: str) -> str:
    """'label: ' (in Chinese 'label：')."""
    return t("msg.text.field", label=label)


def field(label: str, value: str, *, indent: str = INDENT) -> list[str]:
    """``label: value`` wrapped, the following lines indented under the value."""
    return wrap(value, first=f"{indent}{colon(label)}", rest=indent + INDENT)


def heading(text: str) -> str:
    """The first line: one line, shortened with … when it is too long."""
    line = visible(text).replace("\n", " ").replace("\t", " ").rstrip()
    if cells(line) <= WIDTH:
        return line
    while cells(line + "…") > WIDTH:
        line = line[:-1]
    return line + "…"


def label(key: str) -> str:
    """A field's name for people: its column header, else its report name, else the key."""
    for name in (f"h.{key}", f"report.{key}", f"msg.text.key.{key}"):
        if name in MESSAGES:
            return t(name)
    return key


def dated(title: str | None) -> str:
    """The heading: the title (else funnel's name) and today's date."""
    from funnel.domain.dates import today

    return heading(f"{title or 'funnel'} · {today().isoformat()}")


# --- listings and records --------------------------------------------------------------


def block(row: Mapping[str, Any], columns: Sequence[Column]) -> list[str]:
    """One record: a first line that names it (``#id name`` when it has both, else its
    first column), then each other column that has a value as ``label: value``."""
    keys = [c.key for c in columns]
    if "id" in keys and "name" in keys:
        by_key = {c.key: c for c in columns}
        first = f"#{by_key['id'].cell(row.get('id'))} {by_key['name'].cell(row.get('name'))}"
        others = [c for c in columns if c.key not in ("id", "name")]
    else:
        head, *others = columns
        first = head.cell(row.get(head.key))
        if first.isdigit():  # a bare number says nothing without its name
            first = f"{colon(head.title())}{first}"
    lines = wrap(first or "—", rest=INDENT)
    for col in others:
        value = col.cell(row.get(col.key))
        if value not in ("", None):
            lines.extend(field(col.title(), value))
    return lines


def blocks(rows: Iterable[Mapping[str, Any]], columns: Sequence[Column]) -> Iterator[str]:
    for row in rows:
        yield ""
        yield from block(row, columns)


def view_lines(view: View) -> Iterator[str]:
    """The lines of ``-f text`` for any view: its own (``view.mail``), else blocks built
    from its columns (a listing), else its key/value pairs (one object)."""
    from funnel.views.render import human

    if view.mail is not None:
        yield from view.mail()
        return
    if view.columns:
        yield dated(view.title)
        yield from blocks(view.rows, view.columns)
        return
    yield dated(view.title)
    yield ""
    for key, value in view.pairs:
        if view.title and key in ("id", "name"):  # the heading names it
            continue
        shown = t(f"msg.text.{str(value).lower()}") if isinstance(value, bool) else human(value)
        if shown:
            yield from field(label(key), shown, indent="")


def write_text(view: View, out: IO[str]) -> None:
    for line in view_lines(view):
        out.write(line + "\n")


# --- reports ---------------------------------------------------------------------------


def report_lines(
    title: str,
    records: Iterable[Mapping[str, Any]],
    keys: Sequence[str],
    *,
    show: Callable[[str, Any], str],
    tail: Sequence[tuple[str, Any]] = (),
    sections: Iterable[tuple[str, Sequence[Mapping[str, Any]], Sequence[str]]] = (),
    empty: str = "",
) -> Iterator[str]:
    """A report as text: the heading, one block per record (its first key's value, then
    the other keys), the summary figures (``tail``), then each further section.
    ``records`` and ``sections`` are read as the lines are written, in that order."""
    yield heading(title)
    seen = False
    for record in records:
        seen = True
        yield ""
        yield from _record(record, keys, show)
    if not seen and empty:
        yield ""
        yield from wrap(empty)
    if tail:
        yield ""
        for key, value in tail:
            yield from field(label(key), show(key, value), indent="")
    for name, rows, row_keys in sections:
        if not rows:
            continue
        yield ""
        yield heading(name)
        for record in rows:
            yield from _record(record, row_keys, show, indent=INDENT)


def _record(
    record: Mapping[str, Any],
    keys: Sequence[str],
    show: Callable[[str, Any], str],
    *,
    indent: str = "",
) -> list[str]:
    head, *others = keys
    first = show(head, record.get(head))
    if head == "id" and others and others[0] == "name":
        first = f"#{first} {show('name', record.get('name'))}"
        others = others[1:]
    lines = wrap(first or "—", first=indent, rest=indent + INDENT)
    if indent:  # a section's rows: one line each when they fit
        line = " · ".join(f"{label(k)} {show(k, record.get(k))}" for k in others)
        return wrap(f"{colon(first)}{line}", first=indent, rest=indent + INDENT)
    for key in others:
        value = show(key, record.get(key))
        if value:
            lines.extend(field(label(key), value, indent=indent + INDENT))
    return lines


# --- one lead ----------------------------------------------------------------------------


def lead_lines(
    lead: Mapping[str, Any], *, keys: Sequence[str], currency: str = ""
) -> Iterator[str]:
    """``show -f text``: the lead's fields, then its history, activities, payments and
    orders one line each (wrapped), then the next step."""
    from funnel.domain.followups import activity_label
    from funnel.views.followups import event_text
    from funnel.views.leads import stage_label, stage_tip, when
    from funnel.views.render import human, money

    yield dated(f"#{lead['id']} {lead['name']}")
    yield ""
    for key in keys:
        if key in ("id", "name", "history", "activities", "payments", "orders"):
            continue
        value = lead.get(key)
        if key in ("stage", "highest_stage", "lost_stage"):
            shown = stage_label(value)
        elif key in ("value", "paid"):
            shown = money(value, currency) if value is not None else ""
        elif key in ("created_at", "updated_at"):
            shown = when(value)
        else:
            shown = human(value)
        if shown:
            yield from field(label(key), shown, indent="")

    def void(row: Mapping[str, Any]) -> str:
        return f" ({t('h.void')}: {row['void']['reason']})" if row.get("void") else ""

    sections: list[tuple[str, list[str]]] = [
        (
            t("title.history"),
            [
                f"{when(e['at'])} {event_text(e)}"
                + (f" ({t('ev.forced')})" if e.get("forced") else "")
                + (f" · {e['reason']}" if e.get("reason") else "")
                for e in lead.get("history", [])
            ],
        ),
        (
            t("title.activities"),
            [
                f"{when(a['at'])} {activity_label(a['kind'])}: {a['summary']}{void(a)}"
                for a in lead.get("activities", [])
            ],
        ),
        (
            t("title.payments"),
            [
                f"{p['on']} {money(p['amount'], currency)}"
                + (f" · {p['note']}" if p.get("note") else "")
                + void(p)
                for p in lead.get("payments", [])
            ],
        ),
        (
            t("title.orders"),
            [f"{o['on']} {money(o['amount'], currency)}{void(o)}" for o in lead.get("orders", [])],
        ),
    ]
    if lead.get("state") == "active":
        sections.append((t("title.tip"), [stage_tip(lead["stage"])]))
    for title, lines in sections:
        if not lines:
            continue
        yield ""
        yield heading(title)
        for line in lines:
            yield from wrap(line, first=INDENT, rest=INDENT * 2)
