"""``--help`` in Chinese: the help texts are translated when the page is drawn.

The English help texts in the commands are the source and stay as they are; in
Chinese mode the command asked about (and, for a group, its commands) is drawn from
a translated copy: its description, its options' and arguments' help, the panel
titles and the usage line. The Chinese texts live in :mod:`funnel.help_zh`, imported
only when a Chinese help page is drawn.
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import re
from typing import Any

from typer.core import TyperGroup as Group

_TITLES = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "DEPRECATED_STRING": "（已弃用）",
}
_EXAMPLE = re.compile(r"^(\s*)Examples?:\s*", re.MULTILINE)


class Chinese:
    """Mixed into the translated copy of a command: Chinese panel titles and usage."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from typer import rich_utils

        saved = {name: getattr(rich_utils, name) for name in (*_TITLES, "_make_rich_text")}
        for name, text in _TITLES.items():
            setattr(rich_utils, name, text)
        rich_utils._make_rich_text = _chinese_text(saved["_make_rich_text"])
        try:
            super().format_help(ctx, formatter)  # type: ignore[misc]
        finally:
            for name, text in saved.items():
                setattr(rich_utils, name, text)

    def get_usage(self, ctx: Any) -> str:
        usage: str = super().get_usage(ctx)  # type: ignore[misc]
        return usage.replace("Usage: ", "用法：", 1)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        chinese_help = translate(option.help) if option is not None else None
        if option is not None and chinese_help != option.help:
            # kept as the copy's own help option: Click orders parameters by identity
            option = copy.copy(option)
            option.help = chinese_help
            self._help_option = option
        return option


_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _chinese_text(make: Any) -> Any:
    """Typer's help-text maker, but Chinese text wrapped by the Chinese rules (Rich
    only breaks at spaces, and crops a long run of Chinese with an ellipsis)."""

    def make_text(*, text: str, style: str = "", markup_mode: Any) -> Any:
        from rich.text import Text

        made = make(text=text, style=style, markup_mode=markup_mode)
        if isinstance(made, Text) and _CJK.search(made.plain):
            return _Wrapped(made.plain, style=style)
        return made

    return make_text


class _Wrapped:
    """A help text wrapped by the Chinese rules (between Chinese characters and words,
    no line starting with closing punctuation), options highlighted as Typer does. A
    token such as ``abc.html`` or ``14:30`` is never cut, and an example line breaks
    only at its spaces, as a command would."""

    def __init__(self, text: str, *, style: str) -> None:
        self.text = text
        self.style = style

    def lines(self, width: int) -> list[str]:
        from funnel.domain.text import wrap

        width = max(width, 8)
        lines: list[str] = []
        for line in self.text.split("\n"):
            if line.startswith("示例："):
                lines.extend(_wrap_at_spaces(line, width))
            else:
                kept = _INNER.sub(lambda m: chr(0xE000 + ord(m.group())), line)
                lines.extend(
                    _OUTER.sub(lambda m: chr(ord(m.group()) - 0xE000), piece)
                    for piece in wrap(kept, width)
                )
        return lines

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text
        from typer.rich_utils import highlighter

        for line in self.lines(options.max_width):
            yield highlighter(Text(line, style=self.style, no_wrap=True, overflow="ignore"))

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        from funnel.domain.text import cells

        widest = max((cells(line) for line in self.lines(10**6)), default=0)
        return Measurement(min(widest, 8), widest)


# ASCII punctuation inside a token (``.html``, ``abc.html``, ``14:30``, ``$(``): hidden
# from the wrapping rules as private-use characters of the same width, then restored.
_INNER = re.compile(r"[.,:;!?)\]}%](?=[0-9A-Za-z_])|(?<=[!-~])[(\[{]")
_OUTER = re.compile(r"[\ue000-\ue07f]")


def _wrap_at_spaces(line: str, width: int) -> list[str]:
    from funnel.domain.text import cells

    lines: list[str] = []
    current = ""
    for word in line.split(" "):
        joined = f"{current} {word}" if current else word
        if current and cells(joined) > width:
            lines.append(current)
            current = word
        else:
            current = joined
    lines.append(current)
    return lines


_CLASSES: dict[type, type] = {}
_COPIES: dict[int, tuple[Any, Any]] = {}


def chinese(command: Any) -> Any:
    """A copy of ``command`` (and of its commands, for a group) with Chinese help."""
    if isinstance(command, Chinese):
        return command
    hit = _COPIES.get(id(command))
    if hit is not None and hit[0] is command:
        return hit[1]
    cls = type(command)
    if cls not in _CLASSES:
        _CLASSES[cls] = type(f"Chinese{cls.__name__}", (Chinese, cls), {})
    twin: Any = object.__new__(_CLASSES[cls])
    twin.__dict__.update(command.__dict__)
    twin.help = translate(command.help)
    twin.short_help = translate(command.short_help)
    params = []
    for param in command.params:
        if getattr(param, "help", None):
            param = copy.copy(param)
            param.help = translate(param.help)
        params.append(param)
    twin.params = params
    if isinstance(command, Group):
        twin.commands = {name: chinese(sub) for name, sub in command.commands.items()}
    _COPIES[id(command)] = (command, twin)
    return twin


def translate(text: str | None) -> str | None:
    """The Chinese of a help text, paragraph by paragraph; an example line keeps its
    command and only ``Example:`` becomes ``示例：``. Text with no translation stays."""
    if not text:
        return text
    from funnel.help_zh import HELP

    paragraphs = []
    for paragraph in inspect.cleandoc(text).partition("\f")[0].split("\n\n"):
        prose: list[str] = []
        example: list[str] = []
        for line in paragraph.split("\n"):
            (example if example or _EXAMPLE.match(line) else prose).append(line)
        parts = []
        if prose:
            key = " ".join(" ".join(prose).split())
            parts.append(HELP.get(key, "\n".join(prose)))
        if example:
            parts.append(_EXAMPLE.sub(r"\1示例：", "\n".join(example)))
        paragraphs.append("\n".join(parts))
    return "\n\n".join(paragraphs)


def wants_help(ctx: Any, command: Any, args: list[str]) -> bool:
    """Will ``command``, called with ``args``, draw its help page (or a group's)?"""
    names = set(ctx.help_option_names)
    for arg in args:
        if arg == "--":
            break
        if arg in names:
            return True
    return isinstance(command, Group) and not args


def in_chinese(ctx: Any) -> bool:
    """Is the interface Chinese? ``FUNNEL_LANG``, else the config file's ``language``
    (read here: help is drawn before the root callback reads it)."""
    from funnel.i18n import env_language, language

    env = env_language()
    if env is not None:
        return env == "zh"
    from funnel.cli.common import AppState
    from funnel.config import ConfigError

    root = ctx.find_root() if ctx is not None else None
    state = root.obj if root is not None and isinstance(root.obj, AppState) else AppState()
    with contextlib.suppress(ConfigError, OSError, ValueError):
        state.settings()
    return language() == "zh"
