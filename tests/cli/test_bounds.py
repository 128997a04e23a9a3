"""Bounds: dates from 1900-01-01 to 2999-12-31, a lead's payments and a customer's
orders below 10^13, so that every store funnel writes exports and imports back exactly
and no stored value breaks a command that everyone shares."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from funnel.cli.report import REPORTS
from tests.harness import Funnel, round_trip

BIG = "9999999999999.99"  # the largest amount


def _edges(f: Funnel) -> None:
    """A lead with the largest sums and a follow-up on the last day; one on the first."""
    a = f.add("Edge", "--value", BIG, "--follow-up", "2999-12-31")
    f("contract", a)
    f("pay", a, "9999999999999")
    f("pay", a, "0.99")
    f("move", a, "formal")
    b = f.add("Early", "--value", "1")
    f("log", b, "the first call", "--on", "1900-01-01T09:00")
    f("pay", b, "1", "--on", "1900-01-01")


def test_edges_export_and_import_back_exactly(funnel: Funnel, from_template, tmp_path) -> None:
    from_template(_edges)
    assert funnel.json("show", 1)["paid"] == 9999999999999.99
    before, after = round_trip(funnel, tmp_path)
    assert after == before
    sheet = tmp_path / "leads.csv"
    funnel("export", "-o", sheet)
    third = funnel.using(FUNNEL_DB=str(tmp_path / "third.db"))
    third("import", sheet)
    resheet = tmp_path / "again.csv"
    third("export", "-o", resheet)
    assert resheet.read_bytes() == sheet.read_bytes()


def test_edges_break_no_shared_command(funnel: Funnel, from_template, tmp_path) -> None:
    from_template(_edges)
    ics = tmp_path / "f.ics"
    funnel("calendar", "-o", ics)
    assert b"DTSTART;VALUE=DATE:29991231" in ics.read_bytes()
    assert b"DTEND;VALUE=DATE:30000101" in ics.read_bytes()
    for now in (None, "2999-12-31", "2999-12-31T23:59:59", "1900-01-01T00:00"):
        for name in REPORTS:
            funnel("report", name, "-f", "json", now=now)
            funnel("report", name, "-f", "table", now=now)
        funnel("report", "trend", "--by", "week", now=now)
        funnel("due", "--within", "100000", now=now)
        funnel("stale", "--days", "100000", now=now)
        funnel("list", "-f", "table", now=now)
        funnel("show", 1, "-f", "table", now=now)
    assert funnel.json("due", now="2999-12-31")[0]["due"] == "2999-12-31"


def test_the_clock_outside_the_range_is_refused(funnel: Funnel) -> None:
    funnel.add("Ann")
    for now in ("9999-12-31", "3000-01-01T00:00", "0001-01-01", "1899-12-31T23:59"):
        err = funnel.error("report", "trend", now=now)
        assert err.startswith(f"error: FUNNEL_NOW {now} is outside") and err.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        ("add", "ok", "--follow-up", "3000-01-01"),
        ("add", "ok", "--follow-up", "1899-12-31"),
        ("add", "ok", "--follow-up", "9999-12-31"),
        ("edit", "1", "--follow-up", "3000/01/01"),
        ("follow", "1", "9999-12-31"),
        ("follow", "1", "3000/1/1"),
        ("log", "1", "x", "--on", "0001-01-01T00:00"),
        ("log", "1", "x", "--next", "3000-01-01"),
        ("pay", "1", "5", "--on", "1899-12-31"),
        ("contract", "1", "--on", "0001-01-01"),
        ("move", "1", "trial", "--on", "1800-01-01"),
        ("report", "--since", "1800-01-01"),
        ("report", "--until", "3000-01-01"),
    ],
)
def test_dates_outside_the_range_are_refused(funnel: Funnel, args: tuple[str, ...]) -> None:
    funnel.add("Ann", "--value", "5")
    err = funnel.error(*args)
    assert err.count("\n") == 1 and ("outside" in err or "invalid date" in err), err


def test_the_contracts_date_forms(funnel: Funnel) -> None:
    lid = funnel.add("Ann")
    for text, day in (
        ("2026/12/01", "2026-12-01"),
        ("2026年12月2日", "2026-12-02"),
        ("+1m", "2026-12-20"),
        ("大后天", "2026-11-23"),
        ("下周一", "2026-11-23"),
        ("下周日", "2026-11-29"),
        ("2999-12-31", "2999-12-31"),
    ):
        funnel("follow", lid, text)
        assert funnel.json("show", lid)["next_follow_up"] == day, text


def test_payments_and_orders_sum_below_the_limit(funnel: Funnel) -> None:
    lid = funnel.add("Big", "--value", BIG)
    funnel("contract", lid)
    funnel("pay", lid, BIG)
    err = funnel.error("pay", lid, "0.01")
    assert "payments would sum to 10000000000000" in err and err.count("\n") == 1
    funnel("move", lid, "formal")  # the won deal is the first order: BIG
    err = funnel.error("order", lid, "0.01")
    assert "orders would sum to 10000000000000" in err
    lead = funnel.json("show", lid)
    assert lead["paid"] == 9999999999999.99 and len(lead["orders"]) == 1


# --- what an import file carries -----------------------------------------------------------


@pytest.mark.parametrize(
    "cell", ["0001-01-01", "0001-01-01T00:00:00", "9999-12-31T23:59:59", "1899/12/31"]
)
def test_an_import_refuses_a_created_at_out_of_range_by_row(
    funnel: Funnel, tmp_path: Path, cell: str
) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text(f"name,created_at\nAnn,2026-01-05\nBob,{cell}\n", encoding="utf-8")
    result = funnel("import", sheet, ok=False)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: leads.csv line 3: created_at") and "outside" in lines[0]
    assert "unexpected" not in result.stderr and len(lines) == 2
    assert funnel.json("list") == []


@pytest.mark.parametrize(
    "column,cell",
    [("next_follow_up", "3000-01-01"), ("contract_sent_on", "1899-12-31"), ("value", "1e13")],
)
def test_an_import_refuses_other_cells_out_of_range(
    funnel: Funnel, tmp_path: Path, column: str, cell: str
) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text(f"name,{column}\nAnn,{cell}\n", encoding="utf-8")
    assert "line 2" in funnel("import", sheet, ok=False).stderr


def _backup(funnel: Funnel, tmp_path: Path) -> dict:
    lid = funnel.add("Ann", "--value", "100")
    funnel("contract", lid)
    funnel("pay", lid, "60", "--note", "deposit")
    funnel("log", lid, "called")
    funnel("move", lid, "quasi", "--reason", "paid a deposit")
    path = tmp_path / "backup.json"
    funnel("export", "-o", path)
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "change,why",
    [
        (
            lambda lead: lead["payments"].append(
                {**lead["payments"][0], "id": 99, "amount": 9999999999999.5}
            ),
            "payments would sum",
        ),
        (lambda lead: lead["payments"][0].update(paid_on="0001-01-01"), "outside"),
        (lambda lead: lead["payments"][0].update(note="\x1b[2Jgone"), "control characters"),
        (lambda lead: lead["activities"][0].update(summary="x" * 10_001), "too long"),
        (lambda lead: lead["activities"][0].update(at="0001-01-01T00:00:00"), "outside"),
        (lambda lead: lead["activities"][0].update(kind="[red]x"), "kind"),
        (lambda lead: lead["history"][-1].update(reason="a\x07b"), "control characters"),
        (lambda lead: lead["history"][-1].update(kind="x" * 21), "too long"),
        (lambda lead: lead["stays"][0].update(entered_on="3000-01-01"), "outside"),
        (lambda lead: lead.update(created_at="0001-01-01T00:00:00+00:00"), "outside"),
        (lambda lead: lead.update(name="two\nlines"), "control characters"),
        (lambda lead: lead.update(lost_reason="x" * 1_001, state="lost"), "too long"),
    ],
)
def test_a_backup_keeps_to_the_same_rules(funnel: Funnel, tmp_path: Path, change, why: str) -> None:
    doc = _backup(funnel, tmp_path)
    change(doc["leads"][0])
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(doc), encoding="utf-8")
    target = funnel.using(FUNNEL_DB=str(tmp_path / "fresh.db"))
    result = target("import", edited, ok=False)
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and all(line.startswith("error: ") for line in lines), lines
    assert why in lines[0] and "unexpected" not in result.stderr, lines
    assert target.json("list", "--state", "all") == []
