"""Void: a payment, order or interaction recorded by mistake stays in the lead's history,
marked void with its reason, and counts nowhere: not in paid, a gate or any report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.harness import PG_SERVER, Funnel, build_story, postgres_database, round_trip

REPORTS = ("funnel", "sources", "owners", "trend", "abc", "rfm", "loyalty", "lifecycle", "matrix")


def reports(f: Funnel) -> dict[str, Any]:
    return {name: f.json("report", name, now="2026-10-01") for name in REPORTS}


@pytest.fixture(params=["sqlite", "postgresql"])
def store(funnel: Funnel, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Funnel]:
    if request.param == "sqlite":
        yield funnel.using(FUNNEL_DB=str(tmp_path / "v.db"))
        return
    if not PG_SERVER:
        pytest.skip("FUNNEL_TEST_PG is not set")
    with postgres_database() as url:
        yield funnel.using(FUNNEL_DB=url)


def test_a_void_payment_leaves_paid_and_stays_marked(store: Funnel) -> None:
    f = store.using(FUNNEL_USER="li")
    lid = f.add("Ann", "--value", "1000")
    f("pay", lid, "300", "--note", "deposit")
    f("pay", lid, "100000", "--note", "typo")
    f("void", "payment", "2", "--reason", "cheque bounced", now="2026-11-20T10:00:00+08:00")
    shown = f.json("show", str(lid))
    assert shown["paid"] == 300
    typo = next(p for p in shown["payments"] if p["id"] == 2)
    assert typo["amount"] == 100000
    assert typo["void"]["reason"] == "cheque bounced"
    assert typo["void"]["user"] == "li"
    assert typo["void"]["at"].startswith("2026-11-20T")
    assert [p["void"] for p in shown["payments"] if p["id"] == 1] == [None]
    voids = [(e["event"], e["reason"]) for e in shown["history"] if e["event"] == "void"]
    assert voids == [("void", "cheque bounced")]
    assert "cheque bounced" in f("show", str(lid), "-f", "table").stdout
    f("db", "check")


def test_void_orders_and_payments_count_in_no_report(store: Funnel, tmp_path: Path) -> None:
    clean = store.using(FUNNEL_DB=str(tmp_path / "clean.db"))
    build_story(clean)
    build_story(store)
    store("order", "1", "99999", now="2026-09-20")  # order 5
    store("pay", "3", "5000", now="2026-06-03")  # payment 3
    store("log", "3", "wrong lead", now="2026-07-01")
    assert reports(store) != reports(clean)
    store("void", "order", "5", "--reason", "entered twice")
    store("void", "payment", "3", "--reason", "wrong lead")
    store("void", "activity", "1", "--reason", "wrong lead")
    assert reports(store) == reports(clean)
    assert store.json("show", "3")["paid"] == clean.json("show", "3")["paid"]
    store("db", "check")


def test_a_void_won_deal_leaves_revenue(funnel: Funnel) -> None:
    build_story(funnel)
    before = {c["id"]: c["revenue"] for c in funnel.json("report", "abc")["customers"]}
    won = next(o for o in funnel.json("show", "3")["orders"] if o["won_deal"])
    funnel("void", "order", str(won["id"]), "--reason", "deal fell through")
    after = {c["id"]: c["revenue"] for c in funnel.json("report", "abc")["customers"]}
    assert 3 in before and 3 not in after
    assert after[1] == before[1]


def test_a_void_that_breaks_the_gate_warns(funnel: Funnel) -> None:
    lid = funnel.add("Ann", "--value", "1000")
    funnel("move", lid, "intent")
    funnel("contract", lid)
    funnel("pay", lid, "200")
    funnel("pay", lid, "300")
    funnel("move", lid, "quasi")
    first = funnel("void", "payment", "1", "--reason", "bounced")
    assert first.stderr == ""  # a payment remains: quasi's gate still holds
    second = funnel("void", "payment", "2", "--reason", "bounced")
    assert "no longer meets" in second.stderr and "quasi" in second.stderr
    assert second.stdout == ""
    assert funnel.json("show", str(lid))["stage"] == "quasi"  # a warning, nothing moved
    assert funnel("move", lid, "formal", ok=None).exit_code == 1  # its gate sees paid 0


def test_void_refuses_what_it_cannot_void(funnel: Funnel) -> None:
    lid = funnel.add("Ann")
    funnel("pay", lid, "10")
    assert "no payment with id 9" in funnel.error("void", "payment", "9", "--reason", "x")
    assert "no interaction" in funnel.error("void", "activity", "1", "--reason", "x")
    assert "reason" in funnel.error("void", "payment", "1", "--reason", "  ")
    assert "payment, order, activity" in funnel.error("void", "stay", "1", "--reason", "x")
    funnel("void", "payment", "1", "--reason", "x")
    assert "already void" in funnel.error("void", "payment", "1", "--reason", "again")
    assert funnel.json("show", str(lid))["paid"] == 0


def test_undo_of_a_void_is_exact_and_redo_too(store: Funnel) -> None:
    f = store.using(FUNNEL_NOW="2026-11-20T10:00:00+08:00")
    build_story(f)
    f("log", "1", "called")

    def export() -> str:
        return str(f("export", "-f", "json").stdout)

    for kind, row in (("payment", "1"), ("order", "1"), ("activity", "1")):
        before = export()
        f("void", kind, row, "--reason", "wrong")
        after = export()
        assert after != before
        f("undo", "--yes")
        assert export() == before, kind
        f("undo", "--yes")
        assert export() == after, kind
    f("db", "check")


def test_export_and_import_keep_void_rows(funnel: Funnel, tmp_path: Path) -> None:
    build_story(funnel)
    funnel("log", "1", "called")
    funnel("void", "payment", "1", "--reason", "bounced")
    funnel("void", "order", "2", "--reason", "twice")
    funnel("void", "activity", "1", "--reason", "wrong lead")
    backup, redo = round_trip(funnel, tmp_path)
    assert backup == redo
    ann = backup[0]
    assert ann["payments"][0]["void_reason"] == "bounced"
    assert ann["payments"][0]["void_at"] is not None
    assert ann["paid"] == 0
    again = funnel.using(FUNNEL_DB=str(tmp_path / "again.db"))
    assert again.json("show", "1")["payments"][0]["void"]["reason"] == "bounced"
    assert again.json("report", "abc") == funnel.json("report", "abc")
