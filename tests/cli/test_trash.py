"""Deleted leads wait in the trash, hidden everywhere, and come back exactly; purging
erases every trace, down to the bytes of the store file."""

from __future__ import annotations

from pathlib import Path

from tests.harness import Funnel, build_story


def test_a_deleted_lead_is_hidden_everywhere_and_restored_exactly(
    funnel: Funnel, tmp_path: Path
) -> None:
    build_story(funnel)
    funnel("follow", "1", "2026-11-25")
    shown = funnel.json("show", "1")
    reports = {name: funnel.json("report", name) for name in ("funnel", "sources", "abc")}
    funnel("delete", "1", "--yes")
    assert [x["id"] for x in funnel.json("trash")] == [1]
    assert 1 not in [x["id"] for x in funnel.json("list", "--state", "all")]
    assert funnel.error("show", "1")
    due = funnel("due", "--within", "30", "-f", "json").stdout  # nothing at all when none
    assert '"id": 1,' not in due
    assert "Ann" not in funnel("calendar", "-o", "-").stdout
    assert funnel.json("report", "funnel") != reports["funnel"]
    funnel("restore", "1")
    assert funnel.json("show", "1") == shown
    assert {name: funnel.json("report", name) for name in reports} == reports
    assert funnel.json("trash") == []


def test_ids_of_deleted_leads_are_never_given_again(funnel: Funnel) -> None:
    first = funnel.add("Ann")
    funnel("delete", str(first), "--yes")
    assert funnel.add("Bob") == first + 1
    funnel("restore", str(first))
    assert [x["name"] for x in funnel.json("list")] == ["Ann", "Bob"]


def test_purge_leaves_no_trace_in_the_store_file(funnel: Funnel, store_path: Path) -> None:
    secret = "Zhang Secretname"
    lid = funnel.add(secret, "--phone", "13912345678")
    funnel("log", str(lid), f"met {secret}")
    funnel.add("Keep")
    funnel("delete", str(lid), "--yes")
    funnel("trash", "purge", "--yes")
    assert funnel.json("trash") == []
    assert secret not in funnel("export", "-f", "json").stdout
    assert secret not in funnel("changes", "-f", "json").stdout
    for part in store_path.parent.glob(store_path.name + "*"):
        assert secret.encode() not in part.read_bytes()
        assert b"13912345678" not in part.read_bytes()
    assert [x["name"] for x in funnel.json("list")] == ["Keep"]


def test_purge_needs_yes_and_restore_names_what_is_not_in_the_trash(funnel: Funnel) -> None:
    funnel.add("Ann")
    assert "--yes" in funnel.error("trash", "purge")
    assert "not in the trash" in funnel.error("restore", "1")
    assert "not in the trash" in funnel.error("restore", "99")


def test_history_says_who_did_each_thing(funnel: Funnel) -> None:
    lid = funnel.using(FUNNEL_USER="li").add("Ann")
    funnel.using(FUNNEL_USER="wang")("move", str(lid), "trial")
    history = funnel.json("show", str(lid))["history"]
    assert [(e["event"], e["user"]) for e in history] == [("created", "li"), ("move", "wang")]
    assert [c["user"] for c in funnel.json("changes")] == ["wang", "li"]


def test_a_lead_merged_away_comes_back_by_undoing_the_merge_not_by_restore(
    funnel: Funnel,
) -> None:
    keep, other = funnel.add("Ann"), funnel.add("Ann Li")
    funnel("pay", str(other), "100")
    funnel("merge", str(keep), str(other), "--yes")
    said = funnel.error("restore", str(other))
    assert f"merged into lead {keep}" in said and "funnel undo 4" in said
    funnel("undo", "--yes")
    assert funnel.json("show", str(other))["paid"] == 100
    funnel("db", "check")
