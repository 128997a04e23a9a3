"""The lead commands, driven through the CLI against a temporary store."""

from __future__ import annotations

import os
import stat

from tests.harness import LEAD_KEYS, SHOW_KEYS, Funnel


def test_tour_from_the_readme(funnel: Funnel) -> None:
    lid = funnel.add(
        "张伟",
        "--company",
        "华星科技",
        "--phone",
        "138 0013 8000",
        "--source",
        "referral",
        "--owner",
        "li",
    )
    assert lid == 1
    funnel("move", lid, "trial")
    err = funnel.error("move", lid, "intent")
    assert "needs a deal value (product and price agreed)" in err
    funnel("edit", lid, "--value", "48000")
    funnel("move", lid, "intent")
    funnel("contract", lid)
    funnel("pay", lid, "10000")
    funnel("advance", lid)
    leads = funnel.json("list", "--stage", "quasi")
    assert [lead["id"] for lead in leads] == [lid]
    assert leads[0]["paid"] == 10000 and leads[0]["value"] == 48000
    funnel("lose", lid, "--reason", "chose a competitor")
    lost = funnel.json("show", lid)
    assert lost["state"] == "lost" and lost["lost_stage"] == "quasi"
    assert lost["lost_reason"] == "chose a competitor"
    funnel("reopen", lid)
    card = funnel.json("show", lid)
    assert card["state"] == "active" and card["stage"] == "quasi"
    assert card["lost_reason"] is None
    human = funnel("show", lid, "-f", "table").stdout
    assert "张伟" in human and "collect" in human  # the quasi tip


def test_json_shapes_match_the_contract(funnel: Funnel) -> None:
    lid = funnel.add("Ann", "--tag", "vip", "--field", "industry=retail", "--email", "a@x.io")
    added = funnel.json("add", "Bob")
    assert list(added) == LEAD_KEYS
    lead = funnel.json("show", lid)
    assert list(lead) == SHOW_KEYS + ["history", "activities", "payments", "orders"]
    assert lead["tags"] == ["vip"] and lead["fields"] == {"industry": "retail"}
    assert lead["created_at"].startswith("2026-11-20T10:00:00")
    listed = funnel.json("list")
    assert [list(x) for x in listed] == [LEAD_KEYS, LEAD_KEYS]
    assert funnel("show", lid, "-f", "json").stdout.count("\\u") == 0


def test_add_prints_only_the_id(funnel: Funnel) -> None:
    result = funnel("add", "Ann")
    assert result.stdout == "1\n"
    assert funnel("add", "Bob").stdout == "2\n"


def test_each_gate_refused_then_met(funnel: Funnel) -> None:
    lid = funnel.add("Gate")
    funnel("move", lid, "trial")
    assert "deal value" in funnel.error("move", lid, "intent")
    funnel("edit", lid, "--value", "1000")
    funnel("move", lid, "intent")
    assert "contract" in funnel.error("move", lid, "quasi")
    funnel("contract", lid)
    assert "payment" in funnel.error("move", lid, "quasi")
    funnel("pay", lid, "400")
    funnel("move", lid, "quasi")
    assert "cover the deal value" in funnel.error("move", lid, "formal")
    funnel("pay", lid, "600")
    funnel("move", lid, "formal")
    lead = funnel.json("show", lid)
    assert lead["stage"] == "formal" and lead["paid"] == 1000
    # the won deal is the first order
    assert [(o["amount"], o["won_deal"]) for o in lead["orders"]] == [(1000, True)]
    assert "already a formal customer" in funnel.error("advance", lid)


def test_skip_over_stages_checks_every_gate(funnel: Funnel) -> None:
    lid = funnel.add("Skipper")
    assert "intent" in funnel.error("move", lid, "quasi")
    funnel("edit", lid, "--value", "500")
    funnel("move", lid, "intent")  # potential → intent, skipping trial
    lead = funnel.json("show", lid)
    assert lead["stage"] == "intent" and lead["highest_stage"] == "intent"
    funnel("contract", lid)
    funnel("pay", lid, "500")
    funnel("move", lid, "正式")  # intent → formal through quasi: both gates hold
    assert funnel.json("show", lid)["stage"] == "formal"


def test_forced_move_is_recorded(funnel: Funnel) -> None:
    lid = funnel.add("Force")
    funnel("move", lid, "quasi", "--force", "--reason", "signed on the first visit")
    lead = funnel.json("show", lid)
    assert lead["stage"] == "quasi"
    move = [e for e in lead["history"] if e["event"] == "move"][-1]
    assert move["forced"] is True and move["reason"] == "signed on the first visit"
    assert (move["old"], move["new"]) == ("potential", "quasi")


def test_move_several_is_all_or_nothing(funnel: Funnel, snapshot) -> None:
    a = funnel.add("A", "--value", "10")
    b = funnel.add("B")
    before = snapshot()
    assert "lead 2" in funnel.error("move", a, b, "intent")
    assert snapshot() == before
    funnel.error("move", a, 99, "trial")
    assert snapshot() == before
    funnel("move", a, b, "trial")
    assert {x["stage"] for x in funnel.json("list")} == {"trial"}


def test_same_stage_and_inactive_moves_are_refused(funnel: Funnel) -> None:
    lid = funnel.add("Same")
    assert "already in" in funnel.error("move", lid, "potential")
    funnel("lose", lid, "--reason", "gone")
    assert "reopen" in funnel.error("move", lid, "trial")


def test_lose_final_and_reopen_rules(funnel: Funnel) -> None:
    a = funnel.add("A")
    b = funnel.add("B")
    funnel("move", a, "trial")
    funnel("lose", a, b, "--reason", "no budget")
    assert {x["state"] for x in funnel.json("list", "--state", "lost")} == {"lost"}
    assert funnel.json("list") == []
    funnel("lose", b, "--reason", "hostile", "--final")
    assert funnel.json("show", b)["state"] == "dead"
    assert "cannot be reopened" in funnel.error("reopen", b)
    funnel("reopen", a, "--stage", "potential")
    lead = funnel.json("show", a)
    assert (lead["state"], lead["stage"], lead["highest_stage"]) == ("active", "potential", "trial")
    assert "--reason" in funnel("lose", a, ok=False).output
    assert "reason" in funnel.error("lose", a, "--reason", "  ")


def test_delete_asks_and_refuses_without_yes(funnel: Funnel, snapshot) -> None:
    a = funnel.add("A")
    funnel("pay", a, "10")
    before = snapshot()
    assert "--yes" in funnel.error("delete", a)
    assert snapshot() == before
    funnel("delete", a, "--yes")
    assert "no lead with id 1" in funnel.error("show", a)
    assert funnel.json("list", "--state", "all") == []


def test_edit_records_each_change(funnel: Funnel) -> None:
    lid = funnel.add("Ed", "--company", "Old Co", "--tag", "a")
    funnel(
        "edit",
        lid,
        "--company",
        "New Co",
        "--tag",
        "b",
        "--untag",
        "a",
        "--field",
        "size=50",
        "--follow-up",
        "+3d",
        "--persona",
        "tricky",
    )
    lead = funnel.json("show", lid)
    assert lead["company"] == "New Co" and lead["tags"] == ["b"]
    assert lead["fields"] == {"size": "50"} and lead["next_follow_up"] == "2026-11-23"
    assert lead["persona"] == "tricky"
    edits = {(e["field"], e["old"], e["new"]) for e in lead["history"] if e["event"] != "created"}
    assert ("company", "Old Co", "New Co") in edits
    assert ("tags", None, "b") in edits and ("tags", "a", None) in edits
    assert ("fields.size", None, "50") in edits
    assert ("next_follow_up", None, "2026-11-23") in edits
    funnel("edit", lid, "--company", "")
    assert funnel.json("show", lid)["company"] is None
    assert "nothing to change" in funnel.error("edit", lid)


def test_duplicates_by_phone_and_email(funnel: Funnel) -> None:
    funnel.add("A", "--phone", "138 0013 8000", "--email", "Zhang@Example.com")
    assert "lead 1" in funnel.error("add", "B", "--phone", "13800138000")
    assert "lead 1" in funnel.error("add", "C", "--email", "zhang@example.COM")
    assert funnel.add("D", "--phone", "138-0013-8000", "--allow-duplicate") == 2
    e = funnel.add("E", "--phone", "1")
    assert "lead 1" in funnel.error("edit", e, "--email", "ZHANG@example.com")


def test_list_filters_sort_and_limit(funnel: Funnel) -> None:
    funnel.add("Ann", "--owner", "li", "--source", "web", "--value", "300", "--kind", "business")
    funnel.add("Bob", "--owner", "wang", "--source", "fair", "--value", "100", "--tag", "vip")
    funnel.add(
        "Cai",
        "--owner",
        "li",
        "--source",
        "fair",
        "--value",
        "200",
        "--persona",
        "owner",
        "--company",
        "Acme Trading",
    )
    names = lambda *a: [x["name"] for x in funnel.json("list", *a)]
    assert names("--owner", "li") == ["Ann", "Cai"]
    assert names("--source", "fair") == ["Bob", "Cai"]
    assert names("--tag", "vip") == ["Bob"]
    assert names("--kind", "business") == ["Ann"]
    assert names("--persona", "owner") == ["Cai"]
    assert names("--search", "acme") == ["Cai"]
    assert names("--sort", "-value") == ["Ann", "Cai", "Bob"]
    assert names("--sort", "value", "--limit", "2") == ["Bob", "Cai"]
    assert "sort" in funnel.error("list", "--sort", "nope")
    assert "state" in funnel.error("list", "--state", "gone")


def test_plain_and_csv_output(funnel: Funnel) -> None:
    # a tab would split a plain line: one-line fields refuse it (a note may hold one)
    assert "control characters" in funnel.error("add", "Ann", "--company", "A\tB")
    funnel.add("Ann", "--company", "A B", "--tag", "x", "--tag", "y")
    plain = funnel("list", "-f", "plain").stdout.splitlines()
    assert len(plain) == 1
    cells = plain[0].split("\t")
    assert cells[:3] == ["1", "Ann", "A B"] and len(cells) == len(LEAD_KEYS)
    assert cells[LEAD_KEYS.index("tags")] == "x,y"
    csv_lines = funnel("list", "-f", "csv").stdout.splitlines()
    assert csv_lines[0] == ",".join(LEAD_KEYS)
    # piped output defaults to plain
    assert funnel("list").stdout.splitlines() == plain


def test_table_lines_up_chinese_names(funnel: Funnel) -> None:
    funnel.add("张伟", "--company", "华星科技")
    funnel.add("Maria Rossi", "--company", "Rossi Ceramiche")
    out = funnel("list", "-f", "table").stdout
    from rich.cells import cell_len

    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert len(rows) == 2 and len({cell_len(r) for r in rows}) == 1


def test_on_dates_and_future_refused(funnel: Funnel) -> None:
    lid = funnel.add("D", now="2026-11-01")
    funnel("move", lid, "trial", "--on", "2026-11-05")
    funnel("pay", lid, "5", "--on", "yesterday")
    lead = funnel.json("show", lid)
    move = next(e for e in lead["history"] if e["event"] == "move")
    assert move["at"].startswith("2026-11-05")
    assert lead["payments"][0]["on"] == "2026-11-19"
    assert "future" in funnel.error("pay", lid, "5", "--on", "tomorrow")


def test_reference_commands(funnel: Funnel) -> None:
    stages = funnel.json("stages")
    assert [s["stage"] for s in stages] == ["potential", "trial", "intent", "quasi", "formal"]
    assert stages[2]["zh"] == "意向客户" and "deal value" in stages[2]["gate"]
    assert all(s["tip"] for s in stages)
    personas = funnel.json("personas")
    assert len(personas) == 9 and personas[0]["persona"] == "rational"
    text = " ".join(p["approach"] for p in personas).lower()
    for word in ("kickback", "bribe", "overcharg"):
        assert word not in text


def test_store_file_is_private_and_created_with_parents(funnel: Funnel, store_path) -> None:
    funnel.add("A")
    assert store_path.exists()
    assert stat.S_IMODE(os.stat(store_path).st_mode) == 0o600


def test_db_option_overrides_env(funnel: Funnel, tmp_path) -> None:
    other = tmp_path / "other.db"
    funnel("--db", str(other), "add", "Elsewhere")
    assert "no store at" in funnel.error("list")  # FUNNEL_DB's store was never created
    assert [x["name"] for x in funnel.json("--db", str(other), "list")] == ["Elsewhere"]
    url = f"sqlite:///{other}"
    assert [x["name"] for x in funnel.json("--db", url, "list")] == ["Elsewhere"]
    assert funnel("--db", str(other), "db", "path").stdout.strip() == str(other)


def test_db_commands(funnel: Funnel, tmp_path) -> None:
    funnel.add("A")
    from funnel.store.migrations import HEAD

    assert funnel("db", "current").stdout.strip() == HEAD
    funnel("db", "check")
    copy = tmp_path / "backup.db"
    funnel("db", "backup", str(copy))
    assert [x["name"] for x in funnel.json("--db", str(copy), "list")] == ["A"]


def test_demo_builds_its_own_store_and_ends_with_its_funnel(
    funnel: Funnel, store_path, tmp_path
) -> None:
    report = funnel.json("demo")
    leads = funnel.json(
        "--db", str(tmp_path / "data" / "funnel" / "demo.db"), "list", "--state", "all"
    )
    assert list(report) == ["stages", "win_rate", "weighted_pipeline", "lost"]
    assert report["stages"][0]["reached"] == len(leads)
    assert report["lost"]["total"] == sum(x["state"] != "active" for x in leads)
    assert len(leads) >= 30
    assert {x["stage"] for x in leads} == {"potential", "trial", "intent", "quasi", "formal"}
    assert {"lost", "dead"} & {x["state"] for x in leads}
    assert any(ord(c) > 0x4E00 for x in leads for c in x["name"])
    assert len({x["owner"] for x in leads}) >= 3 and len({x["source"] for x in leads}) >= 3
    assert not store_path.exists()
