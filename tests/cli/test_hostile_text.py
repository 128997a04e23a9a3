"""Hostile text: markup and escape codes in stored text are shown as text everywhere,
every text option keeps the contract's limits, and an error that echoes input stays on
one line. (Kept apart from test_hostile.py, which holds the store's other defences.)"""

from __future__ import annotations

import pytest

from tests.harness import Funnel

# --- limits and characters of every text option -----------------------------------------

LONG_TEXT = "x" * 1_001
LONG_NOTE = "x" * 10_001
REFUSED = [
    ("add", "x" * 201),
    ("add", "two\nlines"),
    ("add", "ok", "--company", "a\rb"),
    ("add", "ok", "--owner", "\x1b[31mred"),
    ("add", "ok", "--source", LONG_TEXT),
    ("add", "ok", "--wechat", "a\tb"),
    ("add", "ok", "--tag", LONG_TEXT),
    ("add", "ok", "--tag", "a\nb"),
    ("add", "ok", "--field", "k=" + LONG_TEXT),
    ("add", "ok", "--field", "k" * 201 + "=v"),
    ("add", "ok", "--field", "k=a\tb"),
    ("add", "ok", "--field", "a\nb=v"),
    ("add", "ok", "--note", "bell\x07"),
    ("edit", "1", "--name", "x" * 201),
    ("edit", "1", "--tag", "\x1b"),
    ("edit", "1", "--untag", LONG_TEXT),
    ("edit", "1", "--note", LONG_NOTE),
    ("move", "1", "trial", "--reason", LONG_TEXT),
    ("move", "1", "trial", "--reason", "a\x1b[31mb"),
    ("move", "1", "trial", "--reason", "a\nb"),
    ("advance", "1", "--reason", LONG_TEXT),
    ("lose", "1", "--reason", LONG_TEXT),
    ("lose", "1", "--reason", "a\nb"),
    ("log", "1", LONG_NOTE),
    ("log", "1", "a\x1b[2Jb"),
    ("follow", "1", "today", "--note", LONG_NOTE),
    ("follow", "1", "today", "--note", "\x07"),
    ("pay", "1", "5", "--note", LONG_NOTE),
    ("pay", "1", "5", "--note", "\x1b[2J"),
    ("list", "--owner", "\x1b"),
    ("list", "--source", LONG_TEXT),
    ("list", "--tag", "a\nb"),
    ("list", "--search", LONG_NOTE),
    ("list", "--search", "a\x00b"),
    ("due", "--owner", "\x1b[31m"),
    ("stale", "--owner", "a\nb"),
    ("calendar", "-o", "-", "--owner", LONG_TEXT),
    ("report", "--owner", "\x1b[31m"),
    ("report", "sources", "--source", LONG_TEXT),
]


def _residents(funnel: Funnel) -> None:
    funnel.add("Ann", "--value", "10", "--tag", "t")
    funnel.add("Bob")


@pytest.mark.parametrize("args", REFUSED, ids=[repr(" ".join(a))[:50] for a in REFUSED])
def test_text_over_the_limits_or_with_control_characters_is_refused(
    funnel: Funnel, from_template, snapshot, args: tuple[str, ...]
) -> None:
    from_template(_residents)
    before = snapshot()
    err = funnel.error(*args)
    assert err.count("\n") == 1 and "\x1b" not in err and "\x07" not in err, err
    assert "too long" in err or "control characters" in err, err
    assert snapshot() == before


def test_text_at_the_limits_is_kept_whole(funnel: Funnel) -> None:
    note = ("n" * 99 + "\n") * 99 + "\t" + "n" * 99  # 10 000 characters
    assert len(note) == 10_000
    lid = funnel.add("a" * 200, "--company", "c" * 1_000, "--note", note, "--tag", "t" * 1_000)
    funnel("move", lid, "trial", "--reason", "r" * 1_000)
    funnel("log", lid, note)
    funnel("follow", lid, "+1d", "--note", note)
    funnel("pay", lid, "5", "--note", "first line\r\nsecond line")
    lead = funnel.json("show", lid)
    assert (lead["name"], lead["company"], lead["tags"]) == ("a" * 200, "c" * 1_000, ["t" * 1_000])
    assert lead["history"][-1]["reason"] == "first line\nsecond line"  # CR LF read as LF
    assert lead["activities"][0]["summary"] == note
    assert [e["reason"] for e in lead["history"] if e["event"] == "move"] == ["r" * 1_000]


def test_a_custom_field_name_is_as_long_as_a_name(funnel: Funnel) -> None:
    lid = funnel.add("Ann", "--field", "k" * 200 + "=v")
    funnel("edit", lid, "--field", "k" * 200 + "=" + "w" * 1_000)
    assert funnel.json("show", lid)["fields"] == {"k" * 200: "w" * 1_000}


# --- list --search is text ---------------------------------------------------------------


def test_search_treats_wildcards_as_text(funnel: Funnel) -> None:
    for name in ("100% sure", "snake_case", "plain", "back\\slash"):
        funnel.add(name)

    def found(text: str) -> list[str]:
        return [x["name"] for x in funnel.json("list", "--search", text)]

    assert found("%") == ["100% sure"]
    assert found("_") == ["snake_case"]
    assert found("\\") == ["back\\slash"]
    assert found("%%") == []
