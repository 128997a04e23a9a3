"""Paragraphs people read (tips, persona traits and approaches), wrapped to the width
Rich gives them by :func:`funnel.domain.text.wrap`: between words and Chinese
characters, never with closing punctuation (``，`` ``。`` ``；``…) starting a line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from funnel.domain.text import cells, visible, wrap


class Paragraph:
    """A Rich renderable: ``text`` wrapped to the available width, each line after an
    ``indent`` of spaces (and after a ``label``, when given, on the first line)."""

    def __init__(self, text: str, *, indent: int = 0, label: str = "", style: str = "") -> None:
        self.text = visible(text)
        self.indent = indent
        self.label = label
        self.style = style

    def lines(self, width: int) -> list[str]:
        head = " " * self.indent + self.label
        body = wrap(self.text, max(width - cells(head), 8))
        pad = " " * cells(head)
        return [(head if i == 0 else pad) + line for i, line in enumerate(body)]

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        from rich.text import Text

        for line in self.lines(options.max_width):
            yield Text(line, style=self.style, no_wrap=True, overflow="ignore")

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        widest = max((cells(line) for line in self.lines(10**6)), default=0)
        return Measurement(min(widest, 8 + self.indent + cells(self.label)), widest)
