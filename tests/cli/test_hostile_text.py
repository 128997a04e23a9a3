"""Hostile text: markup and escape codes in stored text are shown as text everywhere,
every text option keeps the contract's limits, and an error that echoes input stays on
one line. (Kept apart from test_hostile.py, which holds the store's other defences.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from funnel.cli.report import REPORTS
from tests.harness import Funnel, round_trip

# Rich markup, a hidden link, an HTML tag and an emoji code: each must print as typed.
MARKUP = [
    "[/bold]x",
    "[link=http://evil.example]click[/link]",
    "[red]x",
    "<script>alert(1)</script>",
    ":rocket: [/]",
]


def _markup_store(f: Funnel) -> list[int]:
    """One lead per text of MARKUP, that text in every text it can hold: fields, tags,
    custom fields, notes, reasons, interactions, payment notes. The first becomes a
    formal customer, the last is lost; all are due and stale on the pinned day."""
    ids = []
    for text in MARKUP:
        lid = f.add(
            text,
            "--company",
            text,
            "--source",
            text,
            "--owner",
            text,
            "--tag",
            text,
            "--field",
            f"{text}={text}",
            "--note",
            f"{text}\n{text}",
            "--value",
            "100",
            now="2026-10-01",
        )
        f("move", lid, "intent", "--reason", text, now="2026-10-02")
        f("contract", lid, now="2026-10-02")
        f("pay", lid, "100", "--note", text, now="2026-10-03")
        f("log", lid, text, "--kind", "visit", now="2026-10-04")
        f("follow", lid, "today", "--note", text, now="2026-10-05")
        ids.append(lid)
    f("move", ids[0], "formal", "--reason", MARKUP[0], now="2026-10-06")
    f("order", ids[0], "50", now="2026-10-07")
    f("lose", ids[-1], "--reason", MARKUP[-1], now="2026-10-08")
    return ids


def _shown_literally(out: str, texts: list[str]) -> None:
    for text in texts:
        assert text in out, (text, out)


@pytest.fixture
def wide(funnel: Funnel) -> Funnel:
    """Wide enough that no cell of these texts wraps."""
    return funnel.using(COLUMNS="400")


def test_markup_in_stored_text_prints_as_text(wide: Funnel, from_template) -> None:
    ids = from_template(_markup_store)
    listed = wide("list", "--state", "all", "-f", "table").stdout
    _shown_literally(listed, MARKUP)
    for lid, text in zip(ids, MARKUP, strict=True):
        card = wide("show", lid, "-f", "table").stdout
        _shown_literally(card, [f"#{lid} {text}", f"{text}={text}"[: len(text)], text])
        assert card.count(text) >= 8, card  # name, fields, note, reasons, log, payment…
    _shown_literally(wide("due", "-f", "table").stdout, MARKUP[:-1])
    _shown_literally(wide("stale", "-f", "table").stdout, MARKUP[1:-1])  # formal: not checked
    for name in REPORTS:
        out = wide("report", name, "-f", "table").stdout
        assert "Traceback" not in out
    _shown_literally(wide("report", "sources", "-f", "table").stdout, MARKUP)
    _shown_literally(wide("report", "owners", "-f", "table").stdout, MARKUP)
    _shown_literally(wide("report", "abc", "-f", "table").stdout, MARKUP[:1])
    _shown_literally(wide("report", "-f", "table").stdout, MARKUP[-1:])  # the lost reason
    for text in MARKUP:  # a filter named in the report's subtitle
        _shown_literally(wide("report", "--owner", text, "-f", "table").stdout, [text])


def test_escape_codes_from_an_older_store_are_shown_not_played(
    wide: Funnel, store_path: Path
) -> None:
    import sqlite3

    lid = wide.add("Ann")
    wide("move", lid, "trial", "--reason", "placeholder")
    con = sqlite3.connect(store_path)  # as a build before the checks let it through
    con.execute("UPDATE event SET reason = ? WHERE kind = 'move'", ("\x1b[2J\x1b[31mboo\x07",))
    con.execute("UPDATE lead SET company = ?", ("a\x1b]8;;http://evil\x07b",))
    con.commit()
    con.close()
    for args in (("show", lid), ("list",)):
        out = wide(*args, "-f", "table").stdout
        assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b[2J\\x1b[31mboo\\x07" in wide("show", lid, "-f", "table").stdout
    assert "\x1b" not in wide("list", "-f", "plain").stdout


@pytest.mark.parametrize("suffix", [".html", ".svg", ".txt"])
def test_markup_in_report_files_is_text(
    funnel: Funnel, from_template, tmp_path: Path, suffix: str
) -> None:
    from_template(_markup_store)
    out = tmp_path / f"owners{suffix}"
    funnel("report", "owners", "-o", out)
    page = out.read_text(encoding="utf-8")
    if suffix == ".txt":  # 100 columns wide: the long texts wrap
        _shown_literally(page, ["[/bold]x", "[red]x", ":rocket: [/]", "[link=http", "<script>"])
        return
    # HTML and SVG: the markup is text, and so is the HTML in it
    assert "<script>" not in page and "<a " not in page and "href=" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "[link=http://evil.example]" in page.replace("&#160;", " ")


def test_import_summary_names_the_file_as_it_is(funnel: Funnel, tmp_path: Path) -> None:
    sheet = tmp_path / "[red]leads.csv"
    sheet.write_text("name\nAnn\n", encoding="utf-8")
    assert "[red]leads.csv" in funnel("import", sheet, "-f", "table").stdout


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


# --- errors that echo input stay on one line ---------------------------------------------

ECHOED = [
    ("move", "1", "a\nb"),
    ("move", "1", "\x1b[31mtrial"),
    ("show", "1\n2"),
    ("list", "--stage", "x\ny"),
    ("list", "--sort", "a\r\nb"),
    ("add", "ok", "--kind", "a\nb"),
    ("add", "ok", "--persona", "\x1b[2J"),
    ("add", "ok", "--email", "a\nb"),
    ("add", "ok", "--value", "1\n2"),
    ("add", "ok", "--follow-up", "to\nday"),
    ("follow", "1", "a\nb"),
    ("log", "1", "x", "--kind", "a\nb"),
    ("log", "1", "x", "--on", "a\nb"),
    ("report", "--since", "a\x1b[2Jb"),
    ("import", "no\nsuch.csv"),
    ("import", "x.csv", "--encoding", "utf\n8"),
]


@pytest.mark.parametrize("args", ECHOED, ids=[repr(" ".join(a))[:40] for a in ECHOED])
def test_an_error_that_echoes_input_stays_one_line(funnel: Funnel, args: tuple[str, ...]) -> None:
    funnel.add("Ann")
    err = funnel.error(*args)
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "\x1b" not in err and "\r" not in err
    assert "\\n" in err or "\\x1b" in err or "\\r" in err or "\\n" in repr(args), err


def test_a_bad_clock_with_a_newline_is_one_line(funnel: Funnel) -> None:
    assert funnel.error("list", now="2026\n-11-20").count("\n") == 1


def test_every_bad_row_of_an_import_is_one_line(funnel: Funnel, tmp_path: Path) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text('name,value,stage\nAnn,"1\n2",trial\n"B\x1b[2Jb",5,"x\ny"\n', encoding="utf-8")
    result = funnel("import", sheet, ok=False)
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and all(line.startswith("error: ") for line in lines), lines
    assert "\x1b" not in result.stderr and "'1\\n2'" in lines[0]


def test_usage_errors_do_not_replay_input(funnel: Funnel) -> None:
    for args in (("show", "1", "\x1b[31mx"), ("\x1b[2Jlsit",), ("list", "--bogus\x1b[31m")):
        result = funnel(*args, ok=None)
        assert result.exit_code == 2 and "\x1b" not in result.output, result.output


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


# --- the imported file's name in the history ----------------------------------------------


def test_an_imported_files_name_is_kept_on_one_line(funnel: Funnel, tmp_path: Path) -> None:
    sheet = tmp_path / "a\nb\x1b.csv"
    sheet.write_text("name\nAnn\n", encoding="utf-8")
    funnel("import", sheet)
    reason = funnel.json("show", 1)["history"][0]["reason"]
    assert reason == "imported from a\\nb\\x1b.csv"
    backup = tmp_path / "backup.json"
    funnel("export", "-o", backup)
    again = funnel.using(FUNNEL_DB=str(tmp_path / "again.db"))
    again("import", backup)
    assert again.json("show", 1)["history"][0]["reason"] == reason


def test_a_backup_with_hostile_text_restores_exactly(
    funnel: Funnel, from_template, tmp_path: Path
) -> None:
    from_template(_markup_store)
    before, after = round_trip(funnel, tmp_path)
    assert after == before
