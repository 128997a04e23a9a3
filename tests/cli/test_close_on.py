"""The expected close date: add and edit take any DATE form, each change is a history
event, the lead object carries it, imports read it under its Chinese header too."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.harness import PG_SERVER, Funnel, postgres_database


def test_close_takes_any_date_form_and_each_change_is_an_event(funnel: Funnel) -> None:
    now = "2026-12-03"  # a Thursday
    lid = funnel.add("Ann", "--close", "2026/12/15", now=now)
    assert funnel.json("show", lid)["close_on"] == "2026-12-15"
    funnel("edit", lid, "--close", "下周五", now=now)  # next week's Friday
    funnel("edit", lid, "--close", "+1m", now=now)
    funnel("edit", lid, "--close", "+1m", now=now)  # unchanged: no event
    funnel("edit", lid, "--close", "", now=now)  # cleared
    shown = funnel.json("show", lid)
    assert shown["close_on"] is None
    edits = [(e["old"], e["new"]) for e in shown["history"] if e["field"] == "close_on"]
    assert edits == [
        ("2026-12-15", "2026-12-11"),
        ("2026-12-11", "2027-01-03"),
        ("2027-01-03", None),
    ]


def test_a_bad_close_date_is_one_error_line(funnel: Funnel) -> None:
    lid = funnel.add("Ann")
    assert "2026-02-30" in funnel.error("edit", lid, "--close", "2026-02-30")
    assert "3000-01-01" in funnel.error("add", "Bob", "--close", "3000-01-01")


def test_the_card_shows_the_expected_close(funnel: Funnel) -> None:
    lid = funnel.add("Ann", "--close", "2026-12-15")
    card = funnel("show", lid, "-f", "table").stdout
    assert "expected close" in card and "2026-12-15" in card
    zh = funnel.using(FUNNEL_LANG="zh")("show", lid, "-f", "table").stdout
    assert "预计成交" in zh


def test_import_reads_the_chinese_header_and_export_writes_close_on(
    funnel: Funnel, tmp_path: Path
) -> None:
    src = tmp_path / "leads.csv"
    src.write_text("姓名,预计成交\n张伟,2027年1月5日\n李娜,\n", encoding="utf-8")
    funnel("import", src)
    leads = {x["name"]: x["close_on"] for x in funnel.json("list")}
    assert leads == {"张伟": "2027-01-05", "李娜": None}
    out = tmp_path / "out.csv"
    funnel("export", "-o", out)
    header = out.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert "close_on" in header


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_undo_takes_a_close_date_back(funnel: Funnel, engine: str) -> None:
    """The journal's triggers cover the new column: undo restores it exactly."""
    with ExitStack() as stack:
        if engine == "postgresql":
            if not PG_SERVER:
                pytest.skip("FUNNEL_TEST_PG is not set")
            funnel = funnel.using(FUNNEL_DB=stack.enter_context(postgres_database()))
        lid = funnel.add("Ann", "--close", "2026-12-15")
        before = funnel.json("show", lid)
        funnel("edit", lid, "--close", "2027-01-31")
        assert funnel.json("show", lid)["close_on"] == "2027-01-31"
        funnel("undo", "--yes")
        assert funnel.json("show", lid) == before
