"""Every write confirms on stderr when a person watches it (stderr a terminal), and
prints nothing extra on stdout; a forced move says it was forced; gate refusals name
what is missing; a dead lead is never told to reopen."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from tests.harness import Funnel


class _Terminal:
    """A stream that says it is a terminal, writing where the real one does."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def isatty(self) -> bool:
        return True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Sys:
    """``sys`` as render sees it, with stderr a terminal (stdout stays a pipe)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(sys, name)

    @property
    def stderr(self) -> Any:
        return _Terminal(sys.stderr)


@pytest.fixture
def watched(funnel: Funnel, monkeypatch: pytest.MonkeyPatch) -> Funnel:
    from funnel.views import render

    monkeypatch.setattr(render, "sys", _Sys())
    return funnel


def _confirms(result: Any, *words: str) -> str:
    assert result.stdout == ""
    line = result.stderr.strip()
    assert line and "\n" not in line, result.stderr
    for word in words:
        assert word in line, line
    return line


def test_every_write_confirms_on_a_terminal(watched: Funnel, tmp_path: Path) -> None:
    f = watched
    lid = f.add("Ann", "--value", "20000")
    _confirms(f("contract", lid, "--on", "2026-11-19"), f"lead {lid}", "contract", "2026-11-19")
    _confirms(f("pay", lid, "10000.5"), f"lead {lid}", "10,000.50")
    b = f.add("Bob", "--value", "100", "--stage", "formal", "--force")
    _confirms(f("order", b, "1234.5"), f"lead {b}", "1,234.50")
    _confirms(f("lose", lid, "--reason", "chose a competitor"), "lost", "chose a competitor")
    _confirms(f("reopen", lid), f"lead {lid}", "active", "potential")
    c = f.add("Cai")
    _confirms(f("lose", c, "--reason", "no budget", "--final"), "dead")
    out = tmp_path / "leads.csv"
    _confirms(f("export", "-o", out), "3 lead(s)", str(out))
    copy = tmp_path / "copy.db"
    _confirms(f("db", "backup", copy), str(copy))


def test_writes_say_nothing_when_nobody_watches(funnel: Funnel, tmp_path: Path) -> None:
    lid = funnel.add("Ann", "--value", "100")
    for args in (
        ("contract", lid),
        ("pay", lid, "10"),
        ("lose", lid, "--reason", "x"),
        ("reopen", lid),
        ("export", "-o", tmp_path / "x.json"),
        ("db", "backup", tmp_path / "b.db"),
    ):
        result = funnel(*args)
        assert result.stdout == "" and result.stderr == "", args


def test_the_confirmations_speak_chinese(watched: Funnel) -> None:
    zh = watched.using(FUNNEL_LANG="zh")
    lid = zh.add("张伟", "--value", "500")
    assert "合同" in _confirms(zh("contract", lid))
    assert "付款" in _confirms(zh("pay", lid, "100"))
    assert "流失" in _confirms(zh("lose", lid, "--reason", "预算不足"))
    assert "潜在客户" in _confirms(zh("reopen", lid))


def test_a_forced_move_says_it_was_forced(watched: Funnel) -> None:
    lid = watched.add("Ann", "--value", "100")
    watched("move", lid, "intent")
    watched("contract", lid)
    line = _confirms(watched("move", lid, "quasi", "--force"), "forced", "at least one payment")
    assert "contract sent and" not in line
    plain = _confirms(watched("move", lid, "trial"))
    assert "forced" not in plain
    # trial has no gate: --force overrode nothing, and the confirmation says nothing of it
    assert watched("add", "Bob", "--stage", "trial", "--force").stderr == "added lead 2\n"
    added = watched("add", "Cai", "--stage", "intent", "--force")
    assert added.stdout == "3\n"
    assert "forced" in added.stderr and "needs a deal value" in added.stderr
    edited = _confirms(watched("edit", "3", "--stage", "quasi", "--value", "50", "--force"))
    assert "forced" in edited and "quasi: needs the contract sent and at least one" in edited
    assert "forced" not in _confirms(watched("edit", "3", "--stage", "trial", "--force"))
    zh = watched.using(FUNNEL_LANG="zh")
    assert "强制" in _confirms(zh("move", lid, "formal", "--force"), "需要至少收到一笔付款")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_gate_refusal_names_what_is_missing(funnel: Funnel, lang: str) -> None:
    f = funnel.using(FUNNEL_LANG=lang)
    lid = f.add("Ann", "--value", "1000", "--stage", "intent")
    f("contract", lid)
    refusal = f.error("move", lid, "quasi")
    if lang == "en":
        assert "needs at least one payment" in refusal and "contract" not in refusal
    else:
        assert "需要至少收到一笔付款" in refusal and "合同" not in refusal
    other = f.add("Bob", "--value", "1000", "--stage", "intent")
    f("pay", other, "10")
    refusal = f.error("advance", other)
    assert ("needs the contract sent" if lang == "en" else "需要先发送合同") in refusal
    assert ("payment" if lang == "en" else "付款") not in refusal


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dead_lead_is_never_told_to_reopen(funnel: Funnel, lang: str) -> None:
    f = funnel.using(FUNNEL_LANG=lang)
    lid = f.add("Ann")
    f("lose", lid, "--reason", "hostile", "--final")
    for args in (("move", lid, "trial"), ("advance", lid), ("reopen", lid)):
        refusal = f.error(*args)
        assert "reopen it first" not in refusal and "请先 reopen" not in refusal
        assert ("new lead" if lang == "en" else "新建客户") in refusal
    lost = f.add("Bob")
    f("lose", lost, "--reason", "went quiet")
    assert "reopen" in f.error("advance", lost)  # a lost lead can be won back


def test_a_void_confirms_and_its_gate_warning_names_what_is_missing(watched: Funnel) -> None:
    lid = watched.add("Ann", "--value", "1000", "--stage", "intent")
    watched("contract", lid)
    watched("pay", lid, "200")
    watched("move", lid, "quasi")
    result = watched("void", "payment", "1", "--reason", "bounced")
    assert result.stdout == ""
    warning, confirmation = result.stderr.splitlines()
    assert "no longer meets" in warning and "needs at least one payment" in warning
    assert "contract" not in warning.split(":", 1)[1]
    assert "voided payment 1 of lead 1" in confirmation
    zh = watched.using(FUNNEL_LANG="zh")
    zh("pay", lid, "50")
    assert "已作废" in zh("void", "payment", "2", "--reason", "退票").stderr
