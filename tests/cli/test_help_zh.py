"""Help pages in Chinese: every command's ``--help`` in zh mode is Chinese (no English
word left outside option names, metavars, values to type, examples and names), the
English pages stay as the source writes them, and drawing help never loads the ORM."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main

from funnel.cli import app
from tests.harness import Funnel


def _paths() -> list[list[str]]:
    """Every command and subcommand, as the words that call it."""
    found: list[list[str]] = [[]]

    def walk(command: Any, path: list[str]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            found.append([*path, name])
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


PATHS = _paths()

# Names and formats a Chinese page keeps as they are.
ALLOWED = {
    word.lower()
    for word in [
        "JSON",
        "CSV",
        "HTML",
        "SVG",
        "PNG",
        "TXT",
        "ID",
        "PostgreSQL",
        "SQLite",
        "SQLAlchemy",
        "Excel",
        "iCalendar",
        "cron",
        "UTF",
        "ABC",
        "RFM",
        "BOM",
        "GBK",
        "ISO",
        "Tab",
        "less",
        "pg_dump",
    ]
}

_REMOVE = [
    re.compile(r"^│ (?:\*\s+)?[a-z][\w|-]*", re.MULTILINE),  # a command's or argument's name
    re.compile(r"(?:示例|用法)：.*"),  # an example or the usage line is a command line
    re.compile(r"`[^`]*`"),  # a value or command to type
    re.compile(r"<([^>]*)>"),  # a metavar such as <str> or <table|text|plain|csv|json>
    re.compile(r"\{[^}]*\}"),
    re.compile(r"\[默认：[^\]]*\]"),  # the default value, as typed
    re.compile(r"\[[^\]]*(?:x|<|>)[^\]]*\]"),  # a range such as [x>=0]
    re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*"),  # option names
    re.compile(r"\$\w+"),  # environment variables
    re.compile(r"\S*/\S*"),  # paths and URLs
    re.compile(r"[\w-]*\.[A-Za-z]\w*"),  # file names such as funnel.db, .html
    re.compile(r"\b[A-Z][A-Z0-9_=-]*\b"),  # metavars in capitals: FILE, KEY=VALUE, DAYS
    re.compile(r"\bfunnel\b"),
]


def english_left(page: str) -> list[str]:
    """The English words (three letters or more) a Chinese help page still shows."""
    choices = {
        value.lower()
        for metavar in re.findall(r"<([^>]*\|[^>]*)>", page)
        for value in metavar.split("|")
    }
    text = page
    for pattern in _REMOVE:
        text = pattern.sub(" ", text)
    words = re.findall(r"[A-Za-z][A-Za-z_]{2,}", text)
    return [w for w in words if w.lower() not in ALLOWED and w.lower() not in choices]


@pytest.fixture
def zh(funnel: Funnel) -> Funnel:
    return funnel.using(FUNNEL_LANG="zh", COLUMNS="200")


@pytest.mark.parametrize("path", PATHS, ids=[" ".join(p) or "funnel" for p in PATHS])
def test_every_help_page_is_chinese(zh: Funnel, path: list[str]) -> None:
    page = zh(*path, "--help").stdout
    assert "用法：funnel" in page
    assert "选项" in page and "Options" not in page
    assert english_left(page) == [], page


def test_group_pages_have_chinese_panels(zh: Funnel) -> None:
    page = zh("--help").stdout
    assert "命令" in page and "Commands" not in page
    assert "示例：id=$(funnel add" in page  # the example stays a command
    assert "添加一个客户；输出它的编号。" in page
    assert "参数" in zh("add", "--help").stdout
    assert "[必填]" in zh("add", "--help").stdout
    assert "[默认：active]" in zh("list", "--help").stdout
    assert "命令" in zh("db", ok=None).stdout  # a group without its command shows its help


def test_chinese_wraps_by_the_chinese_rules(funnel: Funnel) -> None:
    """Rich breaks only at spaces; a run of Chinese must not be cropped with an
    ellipsis, and no line starts with closing punctuation."""
    page = funnel.using(FUNNEL_LANG="zh", COLUMNS="60")("due", "--help").stdout
    assert "…" not in page.replace("明天…", "")
    for line in page.splitlines():
        assert not line.strip("│ ").startswith(tuple("，。；：、）")), line
    assert "没有到期的跟进时什么都不输出" in page.replace("\n", "").replace("│", "").replace(
        " ", ""
    )


def test_tokens_and_examples_are_never_cut(funnel: Funnel) -> None:
    """A file name or time stays whole, and an example breaks only at its spaces."""
    page = funnel.using(FUNNEL_LANG="zh", COLUMNS="80")("report", "--help").stdout
    assert "abc.html" in page and "FILE（.html、" in page
    page = funnel.using(FUNNEL_LANG="zh", COLUMNS="60")("--help").stdout
    assert '示例：id=$(funnel add "张伟" --company 华星科技 --source' in page


def test_config_file_language_gives_chinese_help(funnel: Funnel, tmp_path: Path) -> None:
    Path(funnel.env["FUNNEL_CONFIG"]).write_text('language = "zh"\n', encoding="utf-8")
    assert "用法：funnel" in funnel("--help").stdout
    assert "添加一个客户" in funnel("add", "--help").stdout
    assert "Usage:" in funnel.using(FUNNEL_LANG="en")("add", "--help").stdout


def test_every_translation_is_used() -> None:
    """A translation whose English changed would silently fall back: none is orphaned."""
    from funnel.cli.helpzh import translate
    from funnel.help_zh import HELP

    used: set[str] = set()
    import funnel.help_zh as catalogue

    class Spy(dict[str, str]):
        def get(self, key: str, default: Any = None) -> Any:
            used.add(key)
            return HELP.get(key, default)

    def walk(command: Any) -> None:
        translate(command.help)
        for param in command.params:
            translate(getattr(param, "help", None))
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(catalogue, "HELP", Spy())
        walk(typer.main.get_command(app))
    assert set(HELP) - used - {"Show this message and exit."} == set()


@pytest.mark.parametrize("path", [[], ["add"], ["list"], ["due"], ["db", "backup"]])
def test_english_help_is_the_source(funnel: Funnel, path: list[str]) -> None:
    """English pages show the source's texts, and a Chinese page drawn in between leaves
    them byte for byte as they were."""
    before = funnel(*path, "--help").stdout
    command: Any = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    assert "Usage: funnel" in before and "Options" in before
    first = " ".join(command.help.strip().split("\n\n")[0].split())
    assert first in " ".join(before.replace("│", " ").split())
    for param in command.params:
        if getattr(param, "help", None) and len(param.help) < 30:
            assert param.help in before
    assert "用法" not in before and "选项" not in before and "显示本帮助" not in before
    funnel.using(FUNNEL_LANG="zh")(*path, "--help")
    assert funnel(*path, "--help").stdout == before


def test_chinese_help_does_not_import_the_orm(tmp_path: Path) -> None:
    code = (
        "import sys, json\n"
        "from funnel.__main__ import main\n"
        "loaded = []\n"
        "for args in (['--help'], ['add', '--help'], ['db', '--help']):\n"
        "    sys.argv = ['funnel', *args]\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "    loaded.append(sorted(m for m in sys.modules\n"
        "        if m.split('.')[0] in ('sqlmodel', 'sqlalchemy', 'alembic')))\n"
        "sys.stderr.write('\\n' + json.dumps(loaded))\n"
    )
    env = {
        **os.environ,
        "FUNNEL_LANG": "zh",
        "FUNNEL_DB": str(tmp_path / "f.db"),
        "FUNNEL_CONFIG": str(tmp_path / "c.toml"),
    }
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert "用法" in out.stdout
    assert json.loads(out.stderr.strip().splitlines()[-1]) == [[], [], []]
