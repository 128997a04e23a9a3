"""One output path: the same money everywhere, every format of an object, `add`'s id or
lead object, `export`'s two formats, `db check -f`; and `db current` (only reads) apart
from `db upgrade` (applies)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from funnel.views.render import human, money
from tests.harness import SHOW_KEYS, Funnel


def test_money_for_people() -> None:
    assert money(48000) == "48,000" and money(48000, "¥") == "¥48,000"
    assert money(1299.5) == "1,299.50" and money(10.05, "$") == "$10.05"
    assert money(12000.0) == "12,000" and money(12000.5, "¥") == "¥12,000.50"
    assert money(0) == "0" and money(None) == "" and money(None, "¥") == ""
    assert human(1299.5) == money(1299.5) and human(12345) == "12,345"
    assert human(0.05) == "0.05" and human(2.5) == "2.50"


def test_one_object_in_every_format(funnel: Funnel) -> None:
    lid = funnel.add("Ann", "--company", "ACME", "--value", "1299.50", "--tag", "vip")
    lead = funnel.json("show", lid)
    plain = funnel("show", lid, "-f", "plain").stdout.splitlines()
    assert [line.split("\t")[0] for line in plain] == SHOW_KEYS
    assert "value\t1299.5" in plain and "tags\tvip" in plain
    rows = list(csv.reader(io.StringIO(funnel("show", lid, "-f", "csv").stdout)))
    assert rows[0] == SHOW_KEYS and len(rows) == 2 and rows[1][:3] == [str(lid), "Ann", "ACME"]
    table = funnel("show", lid, "-f", "table").stdout
    assert "1,299.50" in table and lead["name"] in table
    # add: the id alone, except the lead object for json
    assert funnel("add", "Bob", "-f", "csv").stdout == "2\n"
    assert funnel("add", "Cai", "-f", "table").stdout == "3\n"
    assert funnel.json("add", "Dan")["id"] == 4


def test_export_writes_csv_or_json_only(funnel: Funnel, tmp_path: Path) -> None:
    funnel.add("Ann")
    bad = funnel("export", "-f", "table", ok=None)
    assert bad.exit_code == 2 and "'table' is not one of 'csv', 'json'" in bad.output
    assert funnel("export", "-f", "CSV").stdout.startswith("id,name,")
    assert json.loads(funnel("export").stdout)["leads"][0]["name"] == "Ann"
    funnel("export", "-o", str(tmp_path / "leads.csv"))
    # a file is for a spreadsheet: a UTF-8 BOM first (stdout has none)
    assert (tmp_path / "leads.csv").read_text(encoding="utf-8").startswith("\ufeffid,name,")


def test_db_check_honours_the_format(funnel: Funnel) -> None:
    funnel.add("Ann")
    checks = funnel.json("db", "check")
    assert checks[0] == {"check": "schema", "result": "ok"}
    assert all(c["result"] == "ok" for c in checks)
    assert funnel("db", "check", "-f", "csv").stdout.splitlines()[0] == "check,result"
    assert funnel("db", "check").stdout.splitlines()[0] == "schema\tok"


def _revision(path: Path) -> str | None:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()


def test_db_current_only_reads_and_upgrade_applies(
    funnel: Funnel, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic import command

    from funnel.store.engine import alembic_config, open_store
    from funnel.store.migrations import HEAD
    from funnel.views import render

    said: list[str] = []
    monkeypatch.setattr(render, "message", said.append)
    assert "no store at" in funnel.error("db", "current")
    assert not store_path.exists()  # reading created nothing

    st = open_store(str(store_path), migrate=False)
    with st.write() as conn:
        command.upgrade(alembic_config(conn), "0002")
    st.close()
    assert funnel("db", "current").stdout == "0002\n"
    assert _revision(store_path) == "0002"  # reading migrated nothing

    assert funnel("db", "upgrade").stdout == f"{HEAD}\n"
    assert _revision(store_path) == HEAD
    assert said == [f"upgraded the store from 0002 to {HEAD}"]
    assert funnel("db", "upgrade").stdout == f"{HEAD}\n"
    assert said[-1] == f"the store is up to date ({HEAD})"
    assert funnel("db", "current").stdout == f"{HEAD}\n"

    fresh = store_path.parent / "fresh.db"
    assert funnel("--db", str(fresh), "db", "upgrade").stdout == f"{HEAD}\n"
    assert said[-1] == f"created the store's schema at {HEAD}"
    assert _revision(fresh) == HEAD
