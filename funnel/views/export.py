"""What people see, saved for a browser or a mail (``report -o FILE.html|.svg``).

HTML is a real document built from the same Rich parts the terminal prints: its tables
as ``<table>`` (the same columns and cells), its bars as CSS bars, its text as
paragraphs, so Chinese lines up whatever the font. SVG is Rich's export with the text
widths counted in terminal cells (a Chinese character takes two).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from html import escape, unescape
from itertools import groupby, pairwise
from typing import Any

from funnel.i18n import language, t

BLOCKS = frozenset("█▓░")  # bars; the trend's ▓ and ░ tell won and lost without colour
SPARKS = frozenset("▁▂▃▄▅▆▇")
# Rich's colour names as the reports use them, for a white page.
COLOURS = {
    "cyan": "#0e9aa7",
    "blue": "#2f6fdf",
    "magenta": "#b03fb0",
    "yellow": "#d9a400",
    "green": "#2e9e44",
    "red": "#d43f3a",
}
CSS = """
body { font-family: system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei",
       "PingFang SC", sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em;
       color: #222; line-height: 1.45; }
h1 { font-size: 1.4em; margin: 0 0 1em; }
table { border-collapse: collapse; margin: 0 0 1.5em; }
caption { text-align: left; font-weight: bold; padding: 0 0 .3em; }
th, td { padding: .25em .7em; border-bottom: 1px solid #ddd; vertical-align: middle; }
th { text-align: left; border-bottom: 2px solid #999; white-space: nowrap; }
table.grid td { border: none; padding: .1em .6em; }
td.right, th.right { text-align: right; font-variant-numeric: tabular-nums; }
td.center, th.center { text-align: center; }
.bar { display: inline-block; height: 1.1em; vertical-align: middle; color: #fff;
       font-size: .8em; line-height: 1.4em; overflow: hidden; text-indent: .2em; }
.spark { font-family: "DejaVu Sans Mono", monospace; letter-spacing: .05em; }
.bold { font-weight: bold; }
.dim { color: #777; }
aside { border: 1px solid #ccc; border-radius: .4em; padding: .6em 1em; margin: 0 0 1.5em;
        max-width: 50em; background: #fafafa; }
aside h2 { font-size: 1em; margin: 0 0 .3em; }
aside p { margin: 0; }
p { margin: 0 0 1em; white-space: pre-wrap; }
"""
CELL_EM = 0.5  # a bar's width per terminal cell


def html_document(parts: Sequence[Any]) -> str:
    """The parts as one HTML document, titled by the first line of text (the report's)."""
    heading = next((_plain(p) for p in parts if _is_text(p)), "")
    title = t("report.html_title", title=heading) if heading else "funnel"
    body: list[str] = []
    for i, part in enumerate(parts):
        if i == 0 and heading and _is_text(part):
            body.append(f"<h1>{escape(heading)}</h1>")
        else:
            body.append(_block(part))
    lang = "zh-CN" if language() == "zh" else "en"
    return (
        "<!doctype html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _is_text(part: Any) -> bool:
    from rich.text import Text

    return isinstance(part, str | Text)


def _plain(part: Any) -> str:
    return part if isinstance(part, str) else str(part.plain)


def _block(part: Any) -> str:
    from rich.panel import Panel
    from rich.table import Table

    from funnel.views.render import FitTable

    if isinstance(part, FitTable):
        part = part.whole()
    if isinstance(part, Table):
        return _table(part)
    if isinstance(part, Panel):
        title = f"<h2>{_inline(part.title)}</h2>" if part.title else ""
        return f"<aside>{title}<p>{_inline(part.renderable)}</p></aside>"
    if _is_text(part):
        return f"<p>{_inline(part)}</p>"
    return f"<pre>{escape(_as_text(part))}</pre>"  # nothing of ours; kept readable


def _table(table: Any) -> str:
    grid = not table.show_header and table.box is None
    out = [f'<table class="{"grid" if grid else "data"}">']
    if table.title:
        out.append(f"<caption>{_inline(table.title)}</caption>")
    columns = table.columns
    if table.show_header:
        heads = "".join(
            f'<th class="{c.justify}" scope="col">{_inline(c.header)}</th>' for c in columns
        )
        out.append(f"<thead><tr>{heads}</tr></thead>")
    out.append("<tbody>")
    for r in range(table.row_count):
        row_style = str(table.rows[r].style or "") if r < len(table.rows) else ""
        cells = []
        for c in columns:
            cell = c._cells[r] if r < len(c._cells) else ""
            style = " ".join(s for s in (str(c.style or ""), row_style) if s)
            cells.append(f'<td class="{c.justify}">{_inline(cell, style)}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _inline(renderable: Any, base: str = "") -> str:
    """A Rich text (or str) as inline HTML: runs of block characters become CSS bars,
    other runs spans with the run's style."""
    from rich.text import Text

    if isinstance(renderable, str):
        renderable = Text(renderable)
    if not isinstance(renderable, Text):
        return escape(_as_text(renderable))
    return "".join(
        _run(text, " ".join(s for s in (base, style) if s)) for text, style in _runs(renderable)
    )


def _runs(text: Any) -> Iterator[tuple[str, str]]:
    """(text, style) pieces of a Rich Text, each with the styles of the spans over it."""
    plain = str(text.plain)
    cuts = {0, len(plain)}
    for span in text.spans:
        cuts.update((span.start, span.end))
    edges = sorted(c for c in cuts if 0 <= c <= len(plain))
    for start, end in pairwise(edges):
        styles = [str(text.style or "")] + [
            str(s.style) for s in text.spans if s.start <= start and s.end >= end
        ]
        yield plain[start:end], " ".join(s for s in styles if s)


def _run(text: str, style: str) -> str:
    words = style.split()
    colour = next((COLOURS[w] for w in reversed(words) if w in COLOURS), None)
    if any(ch in BLOCKS for ch in text):
        return "".join(
            _bar(piece, colour) if _is_bar(piece) else _span(piece, words, colour)
            for piece in re.findall(r"\S+|\s+", text)
        )
    return _span(text, words, colour)


def _span(text: str, words: list[str], colour: str | None) -> str:
    classes: list[str] = [w for w in ("bold", "dim") if w in words]
    if any(ch in SPARKS for ch in text):
        classes.append("spark")
    if not classes and colour is None:
        return escape(text)
    css = f' style="color:{colour}"' if colour else ""
    return f'<span class="{" ".join(classes)}"{css}>{escape(text)}</span>'


def _is_bar(piece: str) -> bool:
    """Block characters, with at most one other (the ABC chart's class letter)."""
    return any(ch in BLOCKS for ch in piece) and sum(ch not in BLOCKS for ch in piece) <= 1


def _bar(piece: str, colour: str | None) -> str:
    """A run of block characters as a CSS bar as wide as it was in cells; a letter in
    it (the ABC chart's class) is its label."""
    from rich.cells import cell_len

    label = "".join(ch for ch in piece if ch not in BLOCKS)
    width = cell_len(piece) * CELL_EM
    return (
        f'<span class="bar" style="width:{width:g}em;background:{colour or "#555"}">'
        f"{escape(label)}</span>"
    )


def _as_text(renderable: Any) -> str:
    from rich.console import Console

    from funnel.views.render import open_null

    rec = Console(record=True, width=100, file=open_null(), color_system=None)
    rec.print(renderable)
    return rec.export_text()


# --- SVG ---------------------------------------------------------------------------------

_TEXT = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.DOTALL)
_ATTR = re.compile(r'\s(x|textLength)="([0-9.]+)"')


def svg_document(console: Any, *, title: str) -> str:
    """Rich's SVG export with Chinese two cells wide: Rich places a wide character over
    two cells but gives each text one cell per character, so its glyphs overprint. Each
    text is cut into runs of narrow and of wide characters, each placed at its cell."""
    svg = str(console.export_svg(title=title))
    return _TEXT.sub(_widen, svg)


def _widen(m: re.Match[str]) -> str:
    from rich.cells import cell_len

    attrs, body = m.group(1), m.group(2)
    text = unescape(body)
    found = dict(_ATTR.findall(attrs))
    if not text or cell_len(text) == len(text) or set(found) != {"x", "textLength"}:
        return m.group(0)
    cell = float(found["textLength"]) / len(text)  # Rich: one cell per character
    x = float(found["x"])
    out = []
    for _wide, chars in groupby(text, key=lambda ch: cell_len(ch) > 1):
        run = "".join(chars)
        width = cell_len(run) * cell
        values = {"x": x, "textLength": width}
        rest = _ATTR.sub(lambda a, v=values: f' {a.group(1)}="{v[a.group(1)]:g}"', attrs)  # type: ignore[misc]
        body = escape(run, quote=False).replace(" ", "&#160;")
        out.append(f"<text{rest}>{body}</text>")
        x += width
    return "".join(out)
