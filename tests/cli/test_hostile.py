"""Hostile input never loses data, never prints a traceback: `error:` and exit 1."""

from __future__ import annotations

import pytest

from tests.harness import Funnel

HOSTILE = [
    ("add", ""),
    ("add", "   "),
    ("add", "x" * 10_000),
    ("add", "ok", "--company", "y" * 1_001),
    ("add", "ok", "--note", "z" * 10_001),
    ("add", "ok", "--value", "-5"),
    ("add", "ok", "--value", "abc"),
    ("add", "ok", "--value", "1e9"),
    ("add", "ok", "--value", "10000000000000"),
    ("add", "ok", "--stage", "'; DROP TABLE lead; --"),
    ("add", "ok", "--stage", "intent"),  # gate: no deal value
    ("add", "ok", "--follow-up", "someday"),
    ("add", "ok", "--follow-up", "2026-02-30"),
    ("add", "ok", "--kind", "alien"),
    ("add", "ok", "--persona", "🙂"),
    ("add", "ok", "--email", "not-an-email"),
    ("add", "ok", "--field", "novalue"),
    ("add", "bad\x00name"),
    ("move", "1", "nowhere"),
    ("move", "1", "'; DROP TABLE lead; --"),
    ("move", "999", "trial"),
    ("move", "abc", "trial"),
    ("move", "1", "2", "999", "trial"),
    ("move", "1", "trial", "--on", "31/12/2026"),
    ("show", "999"),
    ("show", "1; DROP TABLE lead"),
    ("edit", "999", "--company", "x"),
    ("edit", "1", "--value", "-1"),
    ("edit", "1", "--name", ""),
    ("pay", "1", "-100"),
    ("pay", "1", "0"),
    ("pay", "1", "ten"),
    ("pay", "1", "12.345"),
    ("pay", "1", "5", "--on", "2026-13-01"),
    ("pay", "999", "5"),
    ("order", "1", "5"),
    ("contract", "1", "--on", "never"),
    ("lose", "999", "--reason", "x"),
    ("lose", "1", "--reason", ""),
    ("reopen", "1"),
    ("delete", "999", "--yes"),
    ("delete", "1", "999", "--yes"),
    ("list", "--stage", "vip"),
    ("list", "--sort", "'; DROP TABLE lead"),
]


def _residents(funnel: Funnel) -> None:
    funnel.add("张伟 🚀", "--company", 'O\'Brien "Quotes" & Co', "--value", "100")
    funnel.add("Robert'); DROP TABLE lead;--")


@pytest.mark.parametrize("args", HOSTILE, ids=[" ".join(a)[:40] for a in HOSTILE])
def test_hostile_input_is_refused_and_store_unchanged(
    funnel: Funnel, from_template, snapshot, args
) -> None:
    from_template(_residents)
    before = snapshot()
    funnel.error(*args)
    assert snapshot() == before
    assert [x["name"] for x in funnel.json("list")] == ["张伟 🚀", "Robert'); DROP TABLE lead;--"]


def test_quotes_and_emoji_are_stored_verbatim(funnel: Funnel) -> None:
    name = 'Robert\'); DROP TABLE lead;-- 🙂 "q"'
    lid = funnel.add(name, "--note", "é" * 10_000)
    lead = funnel.json("show", lid)
    assert lead["name"] == name
    assert funnel.json("list", "--search", "DROP")[0]["id"] == lid


def test_bad_clock_is_a_clear_error(funnel: Funnel) -> None:
    assert "FUNNEL_NOW" in funnel.error("list", now="next tuesday")


def test_unusable_store_is_a_clear_error(funnel: Funnel, tmp_path) -> None:
    folder = tmp_path / "adir"
    folder.mkdir()
    assert "directory" in funnel.error("--db", str(folder), "list")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    funnel.error("--db", str(junk), "list")
    assert junk.read_bytes() == b"this is not a database" * 100
    funnel.error("--db", "nosuchdriver://x/y", "list")


def test_locked_store_is_a_clear_error(funnel: Funnel, store_path, tmp_path) -> None:
    import sqlite3

    funnel.add("A")
    config = tmp_path / "quick.toml"
    config.write_text("lock_timeout = 0.2\n", encoding="utf-8")
    con = sqlite3.connect(store_path, timeout=0)
    con.execute("BEGIN EXCLUSIVE")
    try:
        message = funnel.using(FUNNEL_CONFIG=str(config)).error("add", "B")
        assert message.startswith("error: the store is busy") and "0.2 s" in message
    finally:
        con.rollback()
        con.close()
    assert [x["name"] for x in funnel.json("list")] == ["A"]


def test_files_are_written_whole_or_not_at_all(funnel: Funnel, tmp_path) -> None:
    funnel.add("A", "--follow-up", "today")
    missing = tmp_path / "no" / "such"
    for args in (
        ("report", "-o"),
        ("report", "-f", "json", "-o"),
        ("calendar", "-o"),
        ("export", "-o"),
    ):
        err = funnel.error(*args, str(missing / "out.file"))
        assert "cannot write" in err and "No such file or directory" in err
        assert not missing.exists()
    folder = tmp_path / "adir"
    folder.mkdir()
    assert "directory" in funnel.error("report", "-o", str(folder))
    page = tmp_path / "funnel.html"
    page.write_text("old")
    page.chmod(0o640)
    funnel("report", "-o", str(page))
    assert page.read_text().lstrip().lower().startswith("<!doctype html")
    assert page.stat().st_mode & 0o777 == 0o600  # private, whatever the old file was
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
