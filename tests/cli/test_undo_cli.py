"""``undo`` and ``changes`` from the command line: what is refused and why, the preview,
the stdin rule, an import taken back whole, and the journal as scripts read it."""

from __future__ import annotations

from pathlib import Path

from tests.harness import Funnel


def test_undo_is_refused_while_a_later_change_touched_the_same_leads(funnel: Funnel) -> None:
    a, b = funnel.add("Ann"), funnel.add("Bob")
    funnel("pay", str(a), "100")  # change 3
    funnel("pay", str(b), "5")  # change 4: another lead, no obstacle
    funnel("edit", str(a), "--company", "Acme")  # change 5: the same lead
    said = funnel.error("undo", "3", "--yes")
    assert "5" in said and "4" not in said.split("changes", 1)[1]
    funnel("undo", "--yes")  # takes back change 5…
    funnel("undo", "3", "--yes")  # …and now change 3 may go
    assert funnel.json("show", str(a))["paid"] == 0
    assert funnel.json("show", str(b))["paid"] == 5


def test_dry_run_says_what_would_be_reverted_and_changes_nothing(funnel: Funnel) -> None:
    lid = funnel.add("Ann")
    funnel("pay", str(lid), "100000")
    before = funnel("export", "-f", "json").stdout
    said = funnel("undo", "--dry-run").stdout
    assert "change 2" in said and "pay 1 100000" in said
    assert "payments: 1 added" in said and "leads: 1 changed" in said
    assert funnel("export", "-f", "json").stdout == before
    assert [c["undone_by"] for c in funnel.json("changes")] == [None, None]


def test_undo_without_yes_refuses_when_stdin_is_not_a_terminal(funnel: Funnel) -> None:
    lid = funnel.add("Ann")
    funnel("pay", str(lid), "100")
    assert "--yes" in funnel.error("undo")
    assert funnel.json("show", str(lid))["paid"] == 100


def test_an_import_is_undone_whole_ids_and_all(funnel: Funnel, tmp_path: Path) -> None:
    funnel.add("Pre")
    before = funnel("export", "-f", "json").stdout
    rows = "".join(f"lead {n},1380000{n:04d},intent,500\n" for n in range(50))
    sheet = tmp_path / "in.csv"
    sheet.write_text("name,phone,stage,value\n" + rows, encoding="utf-8")
    funnel("import", str(sheet))
    after = funnel("export", "-f", "json").stdout
    said = funnel("undo", "--yes").output
    assert "leads: 50 added" in said and "(leads 2, 3, 4" in said
    assert "11, … (+40)" in said  # a big change names ten leads, then counts the rest
    assert funnel("export", "-f", "json").stdout == before
    funnel("undo", "--yes")
    assert funnel("export", "-f", "json").stdout == after


def test_changes_as_scripts_read_them(funnel: Funnel) -> None:
    lid = funnel.add("Ann")
    funnel("pay", str(lid), "5")
    funnel("undo", "--yes")
    first, second, third = funnel.json("changes")
    assert set(first) == {"id", "at", "user", "command", "leads", "undone_by"}
    assert (first["id"], first["leads"], first["undone_by"]) == (3, [lid], None)
    assert (second["command"], second["undone_by"]) == (f"funnel pay {lid} 5", 3)
    assert third["command"].startswith("funnel add Ann")
    assert [c["id"] for c in funnel.json("changes", "--lead", str(lid), "--limit", "1")] == [3]
    assert "no change 99" in funnel.error("undo", "99", "--yes")


def test_the_journal_table_keeps_its_times_whole_at_60_columns(funnel: Funnel) -> None:
    funnel.add("Ann")
    funnel("pay", "1", "5")
    at = funnel.json("changes")[0]["at"][:16].replace("T", " ")
    table = funnel.using(COLUMNS="60")("changes", "-f", "table").stdout
    assert table.count(at) == 2, table  # a time is a token: never cut with …
    assert all(len(line) <= 60 for line in table.splitlines()), table
