"""Bare ``funnel``: one screen about today (follow-ups due, stale leads, the pipeline by
stage), how to start in an empty store; ``demo`` ends by saying how to explore it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from funnel.views.text import cells
from tests.golden.test_golden import build_golden
from tests.harness import Funnel


def _default_store(funnel: Funnel) -> Funnel:
    """The same runner on the default store (the data folder's), as a newcomer has it."""
    env = {k: v for k, v in funnel.env.items() if k != "FUNNEL_DB"}
    return Funnel(funnel.runner, env)


def _no_db(funnel: Funnel, monkeypatch: pytest.MonkeyPatch) -> Funnel:
    monkeypatch.delenv("FUNNEL_DB", raising=False)
    return _default_store(funnel)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ("No leads yet", "funnel add", "funnel demo")),
        ("zh", ("还没有客户", "funnel add", "funnel demo")),
    ],
)
def test_a_fresh_store_says_how_to_start(
    funnel: Funnel,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    language: str,
    words: tuple[str, ...],
) -> None:
    f = _no_db(funnel, monkeypatch).using(FUNNEL_LANG=language)
    result = f()
    assert result.exit_code == 0
    for word in words:
        assert word in result.stdout, (word, result.stdout)
    assert str(tmp_path / "data" / "funnel" / "funnel.db") in result.stdout
    assert result.stderr == ""


def test_an_emptied_store_also_says_how_to_start(funnel: Funnel) -> None:
    funnel("delete", funnel.add("Ann"), "--yes")
    assert "funnel demo" in funnel().stdout


def test_a_missing_store_elsewhere_is_still_an_error(funnel: Funnel) -> None:
    assert funnel.error().startswith("error: ")  # FUNNEL_DB names a file not there


@pytest.mark.parametrize("language", ["en", "zh"])
def test_today_in_one_screen(funnel: Funnel, language: str) -> None:
    build_golden(funnel)
    due = funnel.json("due")
    stale = funnel.json("stale")
    report = funnel.json("report")
    f = funnel.using(FUNNEL_LANG=language)
    out = f().stdout
    lines = out.splitlines()
    assert 0 < len(lines) <= 24
    assert all(cells(line) <= 78 for line in lines), out
    assert "\x1b" not in out and not re.search(r"[\u2500-\u257f]", out)
    summary = f("due", "-f", "text").stdout.splitlines()[0]
    assert summary in lines  # "2 follow-ups due: 2 overdue"
    for item in due[:5]:
        assert any(f"#{item['id']} {item['name']}" in line for line in lines), item
    stale_line = {"en": f"Stale leads: {len(stale)} ", "zh": f"久未跟进的客户：{len(stale)} 个"}
    assert any(line.startswith(stale_line[language]) for line in lines), out
    pipeline = lines[-6:]
    active = [int(line.split()[-2]) for line in pipeline]
    assert active == [s["active"] for s in report["stages"]] + [
        sum(s["active"] for s in report["stages"])
    ]


def test_many_due_shows_the_most_urgent_five(funnel: Funnel) -> None:
    ids = [funnel.add(f"Lead {i}") for i in range(8)]
    for i, lid in enumerate(ids):
        funnel("follow", lid, f"-{i}d")
    out = funnel().stdout
    assert out.splitlines()[2] == "8 follow-ups due: 7 overdue, 1 today"
    assert "#8 Lead 7" in out and "#4 Lead 3" in out and "#3 Lead 2" not in out
    assert "… and 3 more: funnel due" in out


def test_help_is_still_help(funnel: Funnel) -> None:
    out = funnel("--help").stdout
    assert "Usage" in out and "today's summary" in out


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "explore the demo store: funnel --db"), ("zh", "浏览演示数据库：funnel --db")],
)
def test_demo_ends_by_saying_how_to_explore_it(
    funnel: Funnel, tmp_path: Path, language: str, words: str
) -> None:
    result = funnel.using(FUNNEL_LANG=language)("demo", "-f", "json")
    last = result.stderr.strip().splitlines()[-1]
    assert words in last
    demo = tmp_path / "data" / "funnel" / "demo.db"
    db = shlex.split(last.split("--db", 1)[1])[0]
    assert Path(db) == demo
    assert funnel("--db", db, "list", "-f", "json").stdout.startswith("[")
