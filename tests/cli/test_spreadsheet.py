"""CSV written for a spreadsheet: a UTF-8 BOM, cells that would run as formulas
neutralised, and an import that undoes both, so the round trip is exact."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.harness import Funnel

FORMULAS = ["=SUM(A1)", "-5 stars", "@home", "+1", "'quoted", "'=x", "''+y", '=HYPERLINK("x")']


def _formula_store(f: Funnel) -> None:
    """Leads whose text looks like formulas in every column a CSV export has."""
    for text in FORMULAS:
        f(
            "add",
            "--company",
            text,
            "--source",
            text,
            "--owner",
            text,
            "--tag",
            text,
            "--field",
            f"k={text}",
            "--note",
            f"{text}\n{text}",
            "--follow-up",
            "+3d",
            "--value",
            "12.5",
            "--",  # "-5 stars" is the name, not an option
            text,
        )
    f("add", "Plain", "--phone", "+86 138 0013 8000", "--wechat", "-wx-", "--email", "-a@b.c")


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_spreadsheet_csv_neutralises_formulas(funnel: Funnel, from_template, tmp_path) -> None:
    from_template(_formula_store)
    sheet = tmp_path / "leads.csv"
    funnel("export", "-o", sheet)
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,name,")
    rows = _rows(raw.decode("utf-8-sig"))
    for row in rows:
        for key, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (key, cell)
    by_name = {row["name"]: row for row in rows}
    assert set(by_name) == {"'=SUM(A1)", "'-5 stars", "'@home", "'+1", "'quoted"} | {
        "''=x",
        "'''+y",
        '\'=HYPERLINK("x")',
        "Plain",
    }
    plain = by_name["Plain"]
    assert (plain["phone"], plain["wechat"], plain["email"]) == (
        "'+86 138 0013 8000",
        "'-wx-",
        "'-a@b.c",
    )
    formula = by_name["'=SUM(A1)"]
    assert formula["company"] == formula["owner"] == formula["tags"] == "'=SUM(A1)"
    # numbers and dates stay as they are
    assert (formula["value"], formula["next_follow_up"], formula["id"]) == (
        "12.5",
        "2026-11-23",
        "1",
    )
    assert "fields" not in formula and formula["k"] == "'=SUM(A1)"  # a column of its own


def test_stdout_csv_is_the_raw_data(funnel: Funnel, from_template) -> None:
    from_template(_formula_store)
    out = funnel("export", "-f", "csv").stdout
    assert out.startswith("id,name,")
    assert [row["name"] for row in _rows(out)][:3] == ["=SUM(A1)", "-5 stars", "@home"]


def test_spreadsheet_csv_round_trip_is_exact(funnel: Funnel, from_template, tmp_path) -> None:
    from_template(_formula_store)
    first = tmp_path / "first.csv"
    funnel("export", "-o", first)
    other = funnel.using(FUNNEL_DB=str(tmp_path / "other.db"))
    assert other.json("import", first)["imported"] == len(FORMULAS) + 1
    second = tmp_path / "second.csv"
    other("export", "-o", second)
    assert second.read_bytes() == first.read_bytes()
    assert [x["name"] for x in other.json("list")] == [*FORMULAS, "Plain"]
    assert other.json("show", 1)["fields"] == {"k": "=SUM(A1)"}


def test_csv_to_any_file_is_for_a_spreadsheet(funnel: Funnel, tmp_path: Path) -> None:
    funnel("add", "--owner", "=cmd|' /C calc'!A0", "--", "-x")
    for args in (("export", "-f", "csv"), ("report", "owners", "-f", "csv")):
        out = tmp_path / "out.txt"
        funnel(*args, "-o", out)
        text = out.read_text(encoding="utf-8")
        assert text.startswith("\ufeff") and "'=cmd|' /C calc'!A0" in text, text
    # what goes to stdout is left alone
    assert "\n=cmd|' /C calc'!A0," in funnel("report", "owners", "-f", "csv").stdout


def test_import_takes_off_a_bom_and_the_guards_only(funnel: Funnel, tmp_path: Path) -> None:
    sheet = tmp_path / "by-hand.csv"
    sheet.write_text(
        "\ufeffname,company,value\n'=one,'plain,'5\n\"''-two\",it's,7\n",
        encoding="utf-8",
    )
    result = funnel("import", sheet, ok=None)
    # '5 is no amount: a guard comes off text cells only when it guards a formula
    assert result.exit_code == 1 and "'5" in result.stderr
    sheet.write_text(
        "\ufeffname,company,value\n'=one,'plain,5\n\"''-two\",it's,7\n", encoding="utf-8"
    )
    funnel("import", sheet)
    leads = funnel.json("list")
    assert [(x["name"], x["company"], x["value"]) for x in leads] == [
        ("=one", "'plain", 5),
        ("'-two", "it's", 7),
    ]


def test_custom_fields_get_columns_in_the_order_leads_first_use_them(
    funnel: Funnel, tmp_path: Path
) -> None:
    funnel("add", "Ann", "--field", "size=10", "--field", "industry=retail")
    funnel("add", "Bob", "--field", "公司=其他", "--field", "size=3")
    funnel("add", "Cy")
    sheet = tmp_path / "leads.csv"
    funnel("export", "-o", sheet)
    rows = _rows(sheet.read_text(encoding="utf-8-sig"))
    # a custom field called like a lead's own field (公司 = company) keeps its prefix
    assert list(rows[0])[-3:] == ["size", "industry", "fields.公司"]
    assert [(r["size"], r["industry"], r["fields.公司"]) for r in rows] == [
        ("10", "retail", ""),
        ("3", "", "其他"),
        ("", "", ""),
    ]
    other = funnel.using(FUNNEL_DB=str(tmp_path / "other.db"))
    other("import", sheet)
    assert other.json("show", 2)["fields"] == {"公司": "其他", "size": "3"}
    again = tmp_path / "again.csv"
    other("export", "-o", again)
    assert again.read_bytes() == sheet.read_bytes()
