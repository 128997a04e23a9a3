"""The same commands against PostgreSQL: every query must be portable.

Runs when FUNNEL_TEST_PG names a server, e.g.
``FUNNEL_TEST_PG=postgresql+psycopg://postgres@127.0.0.1:54329`` (``.ci/run`` starts
one); each test gets a database of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from funnel.cli.report import REPORTS  # every report the `report` command offers
from tests.harness import PG_SERVER, Funnel, build_story, postgres_database

pytestmark = pytest.mark.skipif(not PG_SERVER, reason="FUNNEL_TEST_PG is not set")


@pytest.fixture
def pg(funnel: Funnel) -> Iterator[Funnel]:
    with postgres_database() as url:
        yield funnel.using(FUNNEL_DB=url)


def test_lead_life_cycle_on_postgres(pg: Funnel) -> None:
    lid = pg.add(
        "张伟",
        "--company",
        "华星科技",
        "--phone",
        "138 0013 8000",
        "--tag",
        "vip",
        "--field",
        "industry=retail",
    )
    assert "deal value" in pg.error("move", lid, "intent")
    pg("edit", lid, "--value", "48000.50")
    pg("move", lid, "intent", "--on", "2026-11-10")
    pg("contract", lid)
    pg("pay", lid, "10000")
    pg("advance", lid)
    lead = pg.json("show", lid)
    assert (lead["stage"], lead["value"], lead["paid"]) == ("quasi", 48000.5, 10000)
    assert lead["tags"] == ["vip"] and lead["fields"] == {"industry": "retail"}
    assert lead["created_at"].startswith("2026-11-20T10:00:00")
    pg("pay", lid, "38000.50")
    pg("move", lid, "formal")
    pg("order", lid, "12800")
    assert [o["amount"] for o in pg.json("show", lid)["orders"]] == [48000.5, 12800]
    pg("move", lid, "trial")
    assert pg.json("show", lid)["highest_stage"] == "formal"
    pg("lose", lid, "--reason", "chose a competitor")
    pg("reopen", lid)
    assert pg.json("show", lid)["state"] == "active"


def test_list_filters_and_duplicates_on_postgres(pg: Funnel) -> None:
    pg.add("Ann", "--owner", "li", "--email", "Ann@X.io", "--value", "5")
    pg.add("Bob", "--owner", "wang", "--company", "ACME Trading", "--tag", "vip")
    assert [x["name"] for x in pg.json("list", "--search", "acme")] == ["Bob"]
    assert [x["name"] for x in pg.json("list", "--tag", "vip")] == ["Bob"]
    assert [x["name"] for x in pg.json("list", "--sort", "-value")] == ["Ann", "Bob"]
    assert "lead 1" in pg.error("add", "Cat", "--email", "ann@x.IO")
    assert "lead 2" in pg.error("move", "1", "2", "intent")
    pg("move", "1", "intent")
    pg("delete", "1", "2", "--yes")
    assert pg.json("list", "--state", "all") == []
    pg("db", "check")


def test_follow_ups_on_postgres(pg: Funnel, tmp_path) -> None:
    a = pg.add("Ann", "--value", "900", now="2026-10-01")
    b = pg.add("Bob", now="2026-11-01")
    c = pg.add("Cai", now="2026-11-19")
    pg(
        "log",
        a,
        "demoed the reporting module",
        "--kind",
        "visit",
        "--next",
        "2026-11-18",
        now="2026-11-10",
    )
    pg("follow", b, "today", "--note", "send contract draft")
    pg("follow", c, "+3d")
    due = pg.json("due")
    assert [(x["id"], x["overdue_days"]) for x in due] == [(a, 2), (b, 0)]
    assert [x["id"] for x in pg.json("due", "--within", "7")] == [a, b, c]
    assert [(x["id"], x["idle_days"]) for x in pg.json("stale", "--days", "5")] == [(a, 10)]
    ics = tmp_path / "f.ics"
    pg("calendar", "-o", str(ics))
    assert ics.read_bytes().count(b"BEGIN:VEVENT") == 3


def test_reports_agree_between_sqlite_and_postgres(
    pg: Funnel, from_template, store_path: Path
) -> None:
    from_template(build_story)
    lite = pg.using(FUNNEL_DB=str(store_path))
    build_story(pg)
    for name in REPORTS:
        for extra in ([], ["--since", "2026-04-01"], ["--owner", "li"], ["--source", "web"]):
            assert pg.json("report", name, *extra) == lite.json("report", name, *extra), (
                name,
                extra,
            )
    assert pg.json("report", "trend", "--by", "week") == lite.json(
        "report", "trend", "--by", "week"
    )
    assert pg.json("report")["stages"][0]["reached"] == 4


def test_import_export_on_postgres(
    pg: Funnel, from_template, store_path: Path, tmp_path: Path
) -> None:
    from_template(build_story)
    lite = pg.using(FUNNEL_DB=str(store_path))
    backup = tmp_path / "backup.json"
    lite("export", "-f", "json", "-o", str(backup))
    pg("import", str(backup))
    for name in REPORTS:
        assert pg.json("report", name) == lite.json("report", name), name
    assert pg.json("list", "--state", "all") == lite.json("list", "--state", "all")
    # ids were kept, and the id sequence moved past them
    assert pg.add("After restore") == 5
    sheet = tmp_path / "客户名单.csv"
    sheet.write_text(
        "姓名,电话,阶段,金额\n王芳,139 0000 0001,意向,2000\n李娜,139 0000 0001,试用,\n",
        encoding="utf-8",
    )
    assert "line 3" in pg("import", str(sheet), ok=False).stderr
    assert len(pg.json("list", "--state", "all")) == 5
    pg("import", str(sheet), "--on-duplicate", "skip")
    assert [x["name"] for x in pg.json("list", "--stage", "intent")] == ["王芳"]
    assert pg.add("Later") == 7


def test_a_long_list_table_streams_on_postgres(pg: Funnel, tmp_path) -> None:
    from funnel.views.render import CHUNK

    count = CHUNK + 30
    rows = ["name,stage,value"] + [f"Lead {i},trial,{i}.5" for i in range(1, count + 1)]
    src = tmp_path / "many.csv"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    pg("import", str(src))
    out = pg.using(COLUMNS="80")("list", "-f", "table").stdout
    assert sum(line.startswith("│") for line in out.splitlines()) == count
    assert f"{count}.50" in out and out.count("┏") == 1


def test_spreadsheet_round_trips_on_postgres(pg: Funnel, tmp_path: Path) -> None:
    pg("add", "Ann", "--field", "size=10", "--field", "industry=retail", "--value", "48,000.50")
    pg("add", "Bob", "--field", "公司=其他", "--phone", "+86 139-1000-2000")
    pg("move", "1", "quasi", "--force")
    pg("pay", "1", "1000")
    pg("log", "2", "met at the fair")
    for suffix in ("csv", "xlsx"):
        first = tmp_path / f"first.{suffix}"
        pg("export", "-o", str(first))
        with postgres_database() as url:
            other = pg.using(FUNNEL_DB=url)
            other("import", str(first))
            second = tmp_path / f"second.{suffix}"
            other("export", "-o", str(second))
            assert other.json("show", 2)["fields"] == {"公司": "其他"}
        if suffix == "xlsx":
            from tests.cli.test_excel import cells

            assert cells(second) == cells(first)
            assert len(cells(first)["payments"]) == 2 == len(cells(first)["activities"])
        else:
            assert second.read_bytes() == first.read_bytes()
            header = first.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
            assert header[-3:] == ["size", "industry", "fields.公司"]
