"""What a spreadsheet hands over: money as Excel writes it, CSVs separated by commas,
semicolons or tabs, and the file of refused rows a user fixes and imports again."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness import Funnel


def test_money_as_a_spreadsheet_writes_it_in_the_cli(funnel: Funnel) -> None:
    lid = funnel.add("Ann", "--value", "48,000.00", "--stage", "formal", "--force")
    funnel("pay", lid, "￥8,000")
    funnel("order", lid, "RMB 1,234.50")
    funnel("edit", lid, "--value", "４８，０００")
    lead = funnel.json("show", lid)
    assert lead["value"] == 48000 and lead["paid"] == 8000
    assert [o["amount"] for o in lead["orders"]][-1] == 1234.5
    for bad in ("1e3", "-5", "NaN", "1,000.001", "10,000,000,000,000"):
        assert "invalid amount" in funnel.error("pay", lid, bad)


def _names(funnel: Funnel) -> list[tuple[str, str | None, int | float | None]]:
    return [(x["name"], x["company"], x["value"]) for x in funnel.json("list")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_the_delimiter_is_detected(funnel: Funnel, tmp_path: Path, sep: str, encoding: str) -> None:
    rows = [
        ["姓名", "公司", "金额", "行业"],
        ["张伟", "华为", '"48,000.00"', '"a; b, c"'],
        ["李娜", "", '"￥8,000"', "x"],
    ]
    text = "\n".join(sep.join(row) for row in rows) + "\n"
    src = tmp_path / "客户名单.csv"
    src.write_bytes(text.encode(encoding))
    funnel("import", src)
    assert sorted(_names(funnel)) == [("张伟", "华为", 48000), ("李娜", None, 8000)]
    assert funnel.json("show", 1)["fields"] == {"行业": "a; b, c"}


def test_a_file_of_one_column_needs_no_delimiter(funnel: Funnel, tmp_path: Path) -> None:
    src = tmp_path / "names.csv"
    src.write_bytes('\ufeffname\nAnn\n"Bob, Jr"\n'.encode())
    funnel("import", src)
    assert sorted(n for n, _c, _v in _names(funnel)) == ["Ann", "Bob, Jr"]


@pytest.mark.parametrize(
    "header,sep",
    [
        ("name,phone", ","),
        ("name;phone;email", ";"),
        ("name\tphone", "\t"),
        ('"a,b";c', ";"),
        ('"a;b"\t"c,d"', "\t"),
        ("name", ","),
        ("", ","),
        ("a,b;c", ","),
    ],
)
def test_the_header_line_decides_the_delimiter(header: str, sep: str) -> None:
    from funnel.transfer.readers import sniff_delimiter

    assert sniff_delimiter(header) == sep


TEN_ROWS = """姓名;电话;金额;行业
Ann;138 0000 0001;"48,000.00";retail
Bob;138 0000 0002;12.345;=cmd|' /C calc'!A0
Cai;138 0000 0003;￥8,000;food
Dan;138 0000 0004;;"a;b"
;138 0000 0005;100;nameless
Fay;138 0000 0006;1e3;
Gus;138 0000 0007;;
Hal;138 0000 0008;RMB 5;
Ivy;138 0000 0009;;
Jon;138 0000 0010;7;
"""


def _read_rejects(path: Path) -> list[list[str]]:
    import csv

    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_refused_rows_go_to_the_rejects_file_and_import_once_fixed(
    funnel: Funnel, tmp_path: Path, encoding: str
) -> None:
    src = tmp_path / "leads.csv"
    src.write_bytes(TEN_ROWS.encode(encoding))
    rejects = tmp_path / "rejects.csv"
    result = funnel("import", src, "--rejects", rejects, ok=None)
    assert result.exit_code == 1 and result.stdout == ""
    assert "note: 3 refused row(s) written to" in result.stderr
    assert funnel.json("list") == []  # all or nothing
    rows = _read_rejects(rejects)
    assert rows[0] == ["姓名", "电话", "金额", "行业", "error"]
    assert [r[:4] for r in rows[1:]] == [
        ["Bob", "138 0000 0002", "12.345", "'=cmd|' /C calc'!A0"],  # neutralised
        ["", "138 0000 0005", "100", "nameless"],
        ["Fay", "138 0000 0006", "1e3", ""],
    ]
    assert "invalid amount '12.345'" in rows[1][4]
    assert "name is required" in rows[2][4]
    assert "invalid amount '1e3'" in rows[3][4]
    if hasattr(__import__("os"), "getuid"):
        assert rejects.stat().st_mode & 0o777 == 0o600

    # the user fixes the rows in the spreadsheet (the error column stays) and imports them
    import csv

    rows[1][2], rows[2][0], rows[3][2] = "12.34", "Eve", "1,000"
    with rejects.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(rows)
    funnel("import", rejects)
    leads = {x["name"]: x for x in funnel.json("list")}
    assert sorted(leads) == ["Bob", "Eve", "Fay"]
    assert leads["Bob"]["value"] == 12.34 and leads["Fay"]["value"] == 1000
    assert funnel.json("show", leads["Bob"]["id"])["fields"] == {"行业": "=cmd|' /C calc'!A0"}
    assert "error" not in funnel.json("show", leads["Eve"]["id"])["fields"]


def test_a_rejects_file_refused_again_keeps_one_error_column(
    funnel: Funnel, tmp_path: Path
) -> None:
    src = tmp_path / "leads.csv"
    src.write_text("name,value,error\nAnn,x,old reason\nBob,1,\n", encoding="utf-8")
    rejects = tmp_path / "again.csv"
    funnel("import", src, "--rejects", rejects, ok=False)
    rows = _read_rejects(rejects)
    assert rows[0] == ["name", "value", "error"] and len(rows) == 2
    assert rows[1][:2] == ["Ann", "x"] and "invalid amount 'x'" in rows[1][2]


def test_no_rejects_file_when_every_row_is_fine(funnel: Funnel, tmp_path: Path) -> None:
    src = tmp_path / "leads.csv"
    src.write_text("name\nAnn\n", encoding="utf-8")
    funnel("import", src, "--rejects", tmp_path / "r.csv")
    assert not (tmp_path / "r.csv").exists()


def test_rejects_refuses_json_and_the_input_itself(funnel: Funnel, tmp_path: Path) -> None:
    src = tmp_path / "leads.json"
    src.write_text('[{"name": "Ann", "value": "x"}]', encoding="utf-8")
    assert "--rejects works with a CSV or Excel .xlsx file only" in funnel.error(
        "import", src, "--rejects", tmp_path / "r.csv"
    )
    csv_src = tmp_path / "leads.csv"
    csv_src.write_text("name,value\nAnn,x\n", encoding="utf-8")
    assert "another file" in funnel.error("import", csv_src, "--rejects", csv_src)
    assert "Ann,x" in csv_src.read_text(encoding="utf-8")
    assert "error:" in funnel.error("import", csv_src, "--rejects", tmp_path)


@pytest.mark.parametrize("batch", [1, 1000])
def test_rejects_keep_cells_past_the_header_and_work_with_dry_run(
    funnel: Funnel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    from funnel.transfer import importing

    monkeypatch.setattr(importing, "BATCH", batch)
    src = tmp_path / "leads.csv"
    funnel.add("Zed")
    src.write_text("name\tvalue\nAnn\t1\nBob\t2\textra\nCai\t-3\n", encoding="utf-8")
    rejects = tmp_path / "r.csv"
    result = funnel("import", src, "--dry-run", "--rejects", rejects, ok=False)
    assert "note: 2 refused row(s)" in result.stderr
    rows = _read_rejects(rejects)
    assert rows[0] == ["name", "value", "error"]
    assert rows[1][:2] == ["Bob", "2"] and rows[1][3:] == ["extra"]
    assert "3 cells" in rows[1][2]
    assert rows[2][:2] == ["Cai", "'-3"] and "invalid amount '-3'" in rows[2][2]
