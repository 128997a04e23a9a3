"""Phones however written, short persona and kind names, and ``dupes``: the same
commands on SQLite and (with FUNNEL_TEST_PG) on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.harness import PG_SERVER, Funnel, postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def f(request: pytest.FixtureRequest, funnel: Funnel) -> Iterator[Funnel]:
    if request.param == "sqlite":
        yield funnel
        return
    if not PG_SERVER:
        pytest.skip("FUNNEL_TEST_PG is not set")
    with postgres_database() as url:
        yield funnel.using(FUNNEL_DB=url)


def names(f: Funnel, *args: str) -> list[str]:
    return [lead["name"] for lead in f.json("list", *args)]


def test_search_by_phone_digits_finds_every_spelling(f: Funnel) -> None:
    f.add("张伟", "--phone", "+86 139-1000-2000")
    f.add("李娜", "--phone", "139 1000 2000", "--allow-duplicate")
    f.add("王芳", "--phone", "010-6552 9988")
    assert names(f, "--search", "13910002000") == ["张伟", "李娜"]
    assert names(f, "--search", "+86 139 1000 2000") == ["张伟", "李娜"]
    assert names(f, "--search", "1000-2000") == ["张伟", "李娜"]
    assert names(f, "--search", "65529988") == ["王芳"]
    assert names(f, "--search", "2000 20") == []  # not within any phone's digits


def test_a_mobile_with_country_code_is_a_duplicate(f: Funnel) -> None:
    first = f.add("张伟", "--phone", "+86 139-1000-2000")
    assert str(first) in f.error("add", "张伟", "--phone", "139 1000 2000")
    assert str(first) in f.error("add", "张伟", "--phone", "0086 13910002000")
    other = f.add("李娜", "--phone", "138 0013 8000")
    assert str(first) in f.error("edit", str(other), "--phone", "8613910002000")


def test_short_persona_and_kind(f: Funnel) -> None:
    lid = f.add("张伟", "--persona", "贪婪", "--kind", "企业")
    f("edit", str(lid), "--persona", "理智")
    lead = f.json("show", str(lid))
    assert (lead["persona"], lead["kind"]) == ("rational", "business")
    assert names(f, "--persona", "理智") == ["张伟"]


def test_import_takes_short_forms_and_sees_country_code_duplicates(f: Funnel, tmp_path) -> None:
    f.add("Old", "--phone", "+86 139-1000-2000")
    src = tmp_path / "leads.csv"
    src.write_text(
        "name,phone,persona,kind\n"
        "张伟,13800138000,贪婪,企业\n"
        "李娜,0086 138 0013 8000,理智,消费者\n"
        "王芳,139 1000 2000,综合,内部\n",
        encoding="utf-8",
    )
    result = f("import", str(src), ok=None)
    assert result.exit_code == 1
    err = result.stderr.splitlines()
    assert "same phone as line 2" in err[0] and "line 3" in err[0]
    assert "lead 1 (Old) already has this phone" in err[1] and "line 4" in err[1]
    src.write_text("name,phone,persona,kind\n张伟,13800138000,贪婪,企业\n", encoding="utf-8")
    f("import", str(src))
    lead = f.json("list", "--search", "张伟")[0]
    assert (lead["persona"], lead["kind"]) == ("greedy", "business")


def _alike(f: Funnel) -> None:
    """Three groups and two leads like no other."""
    f.add("张伟", "--company", "华星科技", "--phone", "+86 139-1000-2000")
    f.add("张 伟", "--company", "华星科技", "--phone", "139 1000 2000", "--allow-duplicate")
    f.add("Li", "--email", "A@x.com", "--wechat", "WX_li")
    f.add("Lee", "--email", "a@X.com", "--wechat", " wx_LI", "--allow-duplicate")
    f.add("ＡＣＭＥ Bob", "--company", "Acme  Ltd")
    f.add("acme bob", "--company", "ACME LTD")
    f.add("张伟", "--phone", "138 0013 8000")  # same name, no company: not alike
    f.add("Solo", "--company", "Acme Ltd")


def test_dupes_json_groups_each_with_why(f: Funnel) -> None:
    _alike(f)
    found = f.json("dupes")
    assert [[lead["id"] for lead in group] for group in found] == [[1, 2], [3, 4], [5, 6]]
    assert [group[0]["match"] for group in found] == [
        ["phone", "name"],
        ["email", "wechat"],
        ["name"],
    ]
    assert all(lead["match"] == group[0]["match"] for group in found for lead in group)
    lead = found[0][0]
    assert lead["phone"] == "+86 139-1000-2000" and lead["stage"] == "potential"
    assert list(lead) == [*f.json("list")[0], "match"]  # the lead object, plus why


def test_dupes_leave_out_the_trash(f: Funnel) -> None:
    _alike(f)
    f("delete", "4", "--yes")
    assert [[lead["id"] for lead in group] for group in f.json("dupes")] == [[1, 2], [5, 6]]


def test_dupes_plain_csv_table_and_nothing(f: Funnel) -> None:
    f.add("Solo")
    assert f.json("dupes") == []
    assert f("dupes", "-f", "plain").stdout == ""
    f("delete", "1", "--yes")
    _alike(f)
    plain = f("dupes", "-f", "plain").stdout.splitlines()
    assert plain[0].split("\t")[:4] == ["1", "phone,name", "2", "张伟"]
    assert len(plain) == 6
    csv = f("dupes", "-f", "csv").stdout.splitlines()
    assert csv[0] == "group,match,id,name,company,phone,email,wechat,stage,owner"
    assert csv[4].startswith('2,"email,wechat",5,Lee,')
    table = f.using(COLUMNS="120")("dupes", "-f", "table").stdout
    assert "phone, name + company" in table
    assert "3 group(s)" in table and "funnel merge KEEP OTHER" in table
    assert "(e.g. funnel merge 2 3)" in table
    zh = f.using(COLUMNS="120", FUNNEL_LANG="zh")("dupes", "-f", "table").stdout
    assert "电话、姓名+公司" in zh and "funnel merge" in zh


def test_merging_a_group_leaves_no_dupes(f: Funnel) -> None:
    f.add("张伟", "--phone", "+86 139-1000-2000")
    f.add("张伟", "--phone", "139 1000 2000", "--allow-duplicate")
    f("merge", "1", "2", "--yes")
    assert f.json("dupes") == []
