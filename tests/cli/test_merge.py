"""merge: one lead with both histories, OTHER in the trash, one change undo takes back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness import PG_SERVER, Funnel, build_story, postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, funnel: Funnel) -> Iterator[Funnel]:
    if request.param == "sqlite":
        yield funnel
        return
    if not PG_SERVER:
        pytest.skip("FUNNEL_TEST_PG is not set")
    with postgres_database() as url:
        yield funnel.using(FUNNEL_DB=url)


def _story(f: Funnel) -> None:
    """Ann (1) and Cai (3) are formal customers, each with a won deal and payments."""
    build_story(f)
    f("edit", "3", "--company", "Cai Co", "--tag", "vip", "--field", "city=Hangzhou")
    f("edit", "1", "--tag", "vip", "--tag", "big", "--field", "city=Shanghai")
    f("edit", "1", "--field", "size=20")
    f("log", "3", "called about the renewal")


def test_merge_moves_everything_to_keep(store: Funnel) -> None:
    f = store
    _story(f)
    ann, cai = f.json("show", "1"), f.json("show", "3")
    result = f("merge", "1", "3", "--yes")
    merged = f.json("show", "1")
    # both histories (and the merge itself), activities, payments, orders
    assert len(merged["history"]) == len(ann["history"]) + len(cai["history"]) + 1
    assert merged["history"][-1]["event"] == "merged"
    assert merged["history"][-1]["old"] == "3"
    assert merged["activities"] == cai["activities"] + ann["activities"]
    assert {p["id"] for p in merged["payments"]} == {
        p["id"] for p in ann["payments"] + cai["payments"]
    }
    assert merged["paid"] == ann["paid"] + cai["paid"] == 1300
    assert {o["id"] for o in merged["orders"]} == {o["id"] for o in ann["orders"] + cai["orders"]}
    # one won deal per lead: Ann's stays the won deal, Cai's stays an order
    assert [o["id"] for o in merged["orders"] if o["won_deal"]] == [
        o["id"] for o in ann["orders"] if o["won_deal"]
    ]
    assert sorted(merged["tags"]) == ["big", "vip"]
    # the fields KEEP lacked come from OTHER; KEEP's values win the conflicts
    assert merged["company"] == "Cai Co"
    assert merged["source"] == "web" and merged["value"] == 1000 and merged["name"] == "Ann"
    assert merged["fields"] == {"city": "Shanghai", "size": "20"}
    assert merged["highest_stage"] == "formal"
    lines = result.stderr.splitlines()
    assert "warning: lead 1 keeps name 'Ann'; lead 3 had 'Cai'" in lines
    assert "warning: lead 1 keeps source 'web'; lead 3 had 'fair'" in lines
    assert "warning: lead 1 keeps value '1000'; lead 3 had '300'" in lines
    assert "warning: lead 1 keeps fields.city 'Shanghai'; lead 3 had 'Hangzhou'" in lines
    assert "warning: lead 1 keeps contract sent '2026-03-25'; lead 3 had '2026-06-02'" in lines
    assert len(lines) == 5
    assert result.stdout == ""
    # OTHER is in the trash, and the store is consistent
    assert [x["id"] for x in f.json("trash")] == [3]
    assert f.error("show", "3")
    f("db", "check")


def test_undo_takes_a_merge_back_exactly_and_again_redoes_it(store: Funnel) -> None:
    f = store
    _story(f)
    before = f("export", "-f", "json").stdout
    f("merge", "1", "3", "--yes")
    after = f("export", "-f", "json").stdout
    assert after != before
    f("undo", "--yes")
    assert f("export", "-f", "json").stdout == before
    assert f.json("trash") == []
    f("undo", "--yes")
    assert f("export", "-f", "json").stdout == after
    f("db", "check")


def test_keep_without_a_won_deal_takes_others_and_the_highest_stage(funnel: Funnel) -> None:
    _story(funnel)
    funnel("merge", "2", "3", "--yes")
    merged = funnel.json("show", "2")
    assert [o["won_deal"] for o in merged["orders"]] == [True]
    assert merged["highest_stage"] == "formal"
    assert merged["stage"] == "trial" and merged["state"] == "lost"  # KEEP's own timeline
    funnel("db", "check")


def test_several_others_at_once(funnel: Funnel) -> None:
    a = funnel.add("Ann")
    b = funnel.add("Ann L", "--phone", "13900000001")
    c = funnel.add("Ann Li", "--email", "ann@example.com", "--phone", "13900000002")
    funnel("pay", str(b), "10")
    funnel("pay", str(c), "20")
    funnel("merge", str(a), str(b), str(c), "--yes")
    merged = funnel.json("show", str(a))
    assert merged["phone"] == "13900000001" and merged["email"] == "ann@example.com"
    assert merged["paid"] == 30
    assert sorted(x["id"] for x in funnel.json("trash")) == [b, c]
    assert [e["old"] for e in merged["history"] if e["event"] == "merged"] == [str(b), str(c)]
    funnel("db", "check")


def test_refusals_are_one_error_line_and_change_nothing(funnel: Funnel, tmp_path: Path) -> None:
    funnel.add("Ann")
    funnel.add("Bob")
    before = funnel("export", "-f", "json").stdout
    assert "itself" in funnel.error("merge", "1", "2", "1", "--yes")
    assert "two lead ids" in funnel.error("merge", "1", "--yes")
    assert "no lead with id 9" in funnel.error("merge", "1", "9", "--yes")
    assert "no lead with id 9" in funnel.error("merge", "9", "1", "--yes")
    assert "--yes" in funnel.error("merge", "1", "2")  # stdin is not a terminal
    zh = funnel.using(FUNNEL_LANG="zh")
    assert "自身" in zh.error("merge", "1", "1", "--yes")
    assert funnel("export", "-f", "json").stdout == before
    assert funnel.json("trash") == []
