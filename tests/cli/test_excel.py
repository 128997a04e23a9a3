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
