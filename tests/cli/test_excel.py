"""Excel .xlsx in and out: real cell types on import (numbers, dates, Chinese text,
phones as numbers), --sheet, and the round trip xlsx → store → xlsx."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from tests.harness import Funnel


def book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb}
    finally:
        wb.close()


LEADS = [
    ["姓名", "公司", "电话", "金额", "下次跟进", "备注色"],
    ["张三", "华为技术", 13910002000, 48000.5, date(2026, 12, 24), "红"],
    ["李四", "腾讯", "139 1000 3000", 0.1 + 0.2, datetime(2026, 12, 25), None],
    ["王五", None, 13910004000.0, 8000, None, "蓝"],
]


def test_import_reads_numbers_dates_and_chinese_text(funnel: Funnel, tmp_path: Path) -> None:
    src = book(tmp_path / "客户名单.xlsx", {"名单": LEADS})
    result = funnel("import", src, "-f", "json")
    assert '"imported": 3' in result.stdout
    leads = funnel.json("list", "-f", "json")
    by_name = {lead["name"]: lead for lead in leads}
    assert by_name["张三"]["company"] == "华为技术"
    assert by_name["张三"]["phone"] == "13910002000"  # a number: its digits
    assert by_name["张三"]["value"] == 48000.5
    assert by_name["张三"]["next_follow_up"] == "2026-12-24"
    assert by_name["张三"]["fields"] == {"备注色": "红"}
    assert by_name["李四"]["value"] == 0.3  # 0.30000000000000004 rounded to the cent
    assert by_name["李四"]["next_follow_up"] == "2026-12-25"  # a datetime at midnight
    assert by_name["王五"]["phone"] == "13910004000"  # an exact integer float
    assert by_name["王五"]["value"] == 8000


def test_phone_that_lost_digits_is_refused_and_nothing_written(
    funnel: Funnel, tmp_path: Path
) -> None:
    src = book(
        tmp_path / "p.xlsx",
        {
            "Sheet": [
                ["name", "phone"],
                ["Ok", 13800000001],
                ["Frac", 13700100000.5],
                ["Sci", "1.37E+10"],
                ["Huge", 1.2345678901234567e17],
            ]
        },
    )
    result = funnel("import", src, ok=False)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert any("line 3" in e and "lost digits" in e for e in errors)
    assert any("line 4" in e and "scientific notation" in e for e in errors)
    assert any("line 5" in e and "lost digits" in e for e in errors)
    assert "line 2" not in result.stderr
    assert funnel.json("list", "-f", "json") == []


def test_sheet_option(funnel: Funnel, tmp_path: Path) -> None:
    src = book(
        tmp_path / "two.xlsx",
        {"说明": [["这不是名单"]], "名单": [["name", "phone"], ["Ann", "13800000001"]]},
    )
    first = funnel("import", src, ok=False)  # the first sheet has no name column
    assert first.stderr.startswith("error:")
    funnel("import", src, "--sheet", "名单")
    assert [lead["name"] for lead in funnel.json("list", "-f", "json")] == ["Ann"]
    unknown = funnel("import", src, "--sheet", "nope", ok=False)
    lines = unknown.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:")
    assert "说明" in lines[0] and "名单" in lines[0]


def test_sheet_option_is_for_xlsx_only(funnel: Funnel, tmp_path: Path) -> None:
    src = tmp_path / "a.csv"
    src.write_text("name\nAnn\n", encoding="utf-8")
    result = funnel("import", src, "--sheet", "x", ok=False)
    assert result.stderr.startswith("error:") and "--sheet" in result.stderr


def test_export_xlsx_sheets_types_and_round_trip(funnel: Funnel, tmp_path: Path) -> None:
    src = book(tmp_path / "in.xlsx", {"名单": LEADS})
    funnel("import", src)
    funnel("pay", "1", "1000")
    first = tmp_path / "first.xlsx"
    funnel("export", "-o", first)
    assert stat.S_IMODE(os.stat(first).st_mode) == 0o600
    got = cells(first)
    assert list(got) == ["leads", "payments", "orders", "activities"]
    header = got["leads"][0]
    assert "备注色" in header and "fields" not in header
    row = dict(zip(header, got["leads"][1], strict=False))
    assert row["name"] == "张三" and row["value"] == 48000.5 and row["备注色"] == "红"
    assert row["next_follow_up"] == datetime(2026, 12, 24)  # a real date
    assert isinstance(row["created_at"], datetime)
    pay = dict(zip(got["payments"][0], got["payments"][1], strict=False))
    assert pay["lead_id"] == 1 and pay["amount"] == 1000
    wb = openpyxl.load_workbook(first)
    assert all(wb[name].freeze_panes == "A2" for name in wb.sheetnames)
    assert wb["leads"].column_dimensions["B"].width >= 10

    other = funnel.using(FUNNEL_DB=str(tmp_path / "other.db"))
    other("import", first)
    second = tmp_path / "second.xlsx"
    other("export", "-o", second)
    assert cells(second)["leads"] == got["leads"]


def test_export_keeps_formula_like_text_as_text(funnel: Funnel, tmp_path: Path) -> None:
    funnel("add", "=1+1", "--company", "@corp")
    out = tmp_path / "f.xlsx"
    funnel("export", "-o", out)
    row = cells(out)["leads"][1]
    assert "=1+1" in row and "@corp" in row
    other = funnel.using(FUNNEL_DB=str(tmp_path / "other.db"))
    other("import", out)
    assert other.json("list", "-f", "json")[0]["name"] == "=1+1"


def test_a_file_that_is_not_xlsx_is_one_error_line(funnel: Funnel, tmp_path: Path) -> None:
    src = tmp_path / "junk.xlsx"
    src.write_text("name,phone\nAnn,1\n", encoding="utf-8")
    stderr = funnel.error("import", src)
    assert stderr.count("\n") == 1 and "junk.xlsx" in stderr


def _busy_store(f: Funnel) -> None:
    """Leads with two payments (one voided), a won deal and a repeat order, calls."""
    f("add", "Ann", "--field", "size=10", "--phone", "139 1000 2000", "--value", "9000")
    f("add", "Bob", "--company", "Acme")
    f("move", "1", "quasi", "--force")
    f("pay", "1", "1,000.25", "--on", "2026-11-02", "--note", "deposit")
    f("pay", "1", "5")
    f("void", "payment", "2", "--reason", "typed twice")
    f("move", "1", "formal", "--force")
    f("order", "1", "¥2,500", "--on", "2026-11-20")
    f("log", "1", "first call", "--kind", "call", "--on", "2026-11-01T09:30")
    f("log", "2", "met at the fair", "--kind", "meeting")


def test_the_round_trip_keeps_every_sheet(funnel: Funnel, tmp_path: Path) -> None:
    _busy_store(funnel)
    first = tmp_path / "first.xlsx"
    funnel("export", "-o", first)
    got = cells(first)
    assert [len(got[s]) - 1 for s in ("leads", "payments", "orders", "activities")] == [2, 2, 2, 2]
    activity = dict(zip(got["activities"][0], got["activities"][1], strict=False))
    assert activity["at"] == datetime(2026, 11, 1, 9, 30)  # a real time, as Excel shows it

    other = funnel.using(FUNNEL_DB=str(tmp_path / "other.db"))
    assert other.json("import", first)["imported"] == 2
    second = tmp_path / "second.xlsx"
    other("export", "-o", second)
    assert cells(second) == got
    ann = other.json("show", 1)
    assert ann["paid"] == 1000.25 and [p["amount"] for p in ann["payments"]] == [1000.25, 5]
    assert ann["payments"][1]["void"]["reason"] == "typed twice"
    assert [o["amount"] for o in ann["orders"]] == [9000, 2500]  # won deal, repeat order
    assert [a["summary"] for a in ann["activities"]] == ["first call"]
    assert other.json("report", "abc")  # the orders count: Ann is a customer


def test_a_workbook_whose_sheets_disagree_is_refused_whole(funnel: Funnel, tmp_path: Path) -> None:
    _busy_store(funnel)
    first = tmp_path / "first.xlsx"
    funnel("export", "-o", first)
    wb = openpyxl.load_workbook(first)
    wb["payments"].delete_rows(2)  # the 1,000.25 payment: paid no longer adds up
    wb["orders"].cell(row=3, column=3).value = "lots"  # a repeat order's amount
    wb["activities"].cell(row=3, column=1).value = 99  # no such lead
    wb.save(first)
    other = funnel.using(FUNNEL_DB=str(tmp_path / "other.db"))
    result = other("import", first, ok=None)
    assert result.exit_code == 1 and "Traceback" not in result.output
    stderr = result.stderr
    assert stderr.count("error:") == 4  # three rows, then the count
    assert "line 2: paid is 1000.25 but the payments of lead 1" in stderr
    assert "line 3: sheet orders: " in stderr and "lots" in stderr
    assert "line 3: sheet activities: no lead with id 99" in stderr
    assert other.json("list", "--state", "all") == []  # nothing written
    # a dry run finds the same
    assert other("import", first, "--dry-run", ok=None).stderr.count(" line ") == 3


def test_rejects_from_a_sheet_keep_its_cells(funnel: Funnel, tmp_path: Path) -> None:
    src = book(
        tmp_path / "名单.xlsx",
        {
            "名单": [
                ["姓名", "电话", "金额"],
                ["张三", 13910002000, 48000.5],
                ["李四", "1.37001E+10", 100],
                ["王五", 13910004000, "很多"],
            ]
        },
    )
    rejects = tmp_path / "rejects.csv"
    funnel("import", src, "--rejects", rejects, ok=False)
    text = rejects.read_text(encoding="utf-8-sig").splitlines()
    assert text[0] == "姓名,电话,金额,error"
    assert text[1].startswith("李四,1.37001E+10,100,") and "scientific" in text[1]
    assert text[2].startswith("王五,13910004000,很多,")
    assert len(text) == 3
    fixed = tmp_path / "fixed.csv"
    fixed.write_text(
        "\ufeff" + "\n".join([text[0], "李四,13700100000,100,x", "王五,13910004000,5000,y"]) + "\n",
        encoding="utf-8",
    )
    funnel("import", fixed)
    assert [x["name"] for x in funnel.json("list")] == ["李四", "王五"]


def test_export_to_xlsx_with_another_format_is_refused(funnel: Funnel, tmp_path: Path) -> None:
    funnel("add", "Ann")
    stderr = funnel.error("export", "-f", "json", "-o", tmp_path / "x.xlsx")
    assert "-f json" in stderr and not (tmp_path / "x.xlsx").exists()


def test_a_fixed_rejects_sheet_imports_without_its_error_column(
    funnel: Funnel, tmp_path: Path
) -> None:
    src = book(tmp_path / "fixed.xlsx", {"s": [["姓名", "error", "金额"], ["张三", "was bad", 5]]})
    funnel("import", src)
    lead = funnel.json("show", 1)
    assert (lead["name"], lead["value"], lead["fields"]) == ("张三", 5, {})
