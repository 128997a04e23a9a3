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
