"""``show``: the lead's note and follow-up note on the card, in JSON and plain; the
history oldest first, in the interface language, with amounts as money."""

from __future__ import annotations

from pathlib import Path

from tests.harness import Funnel

WIDE = {"COLUMNS": "200"}  # wide enough that no cell of the card wraps


def test_the_note_and_the_follow_up_note_are_on_the_card_in_json_and_plain(
    funnel: Funnel,
) -> None:
    lid = funnel.add("Ann", "--note", "Prefers calls after 3 pm")
    funnel("follow", lid, "2026-11-25", "--note", "send the price sheet")
    lead = funnel.json("show", lid)
    assert lead["note"] == "Prefers calls after 3 pm"
    assert lead["follow_up_note"] == "send the price sheet"
    keys = list(lead)
    assert keys.index("next_follow_up") < keys.index("follow_up_note") < keys.index("note")
    plain = funnel("show", lid, "-f", "plain").stdout.splitlines()
    assert "note\tPrefers calls after 3 pm" in plain
    assert "follow_up_note\tsend the price sheet" in plain
    card = funnel.using(**WIDE)("show", lid, "-f", "table").stdout
    assert "Prefers calls after 3 pm" in card and "send the price sheet" in card
    assert "follow-up note" in card and "Note" in card


def test_an_edited_note_shows_and_a_lead_without_notes_has_nulls(funnel: Funnel) -> None:
    lid = funnel.add("Ann")
    lead = funnel.json("show", lid)
    assert lead["note"] is None and lead["follow_up_note"] is None
    funnel("edit", lid, "--note", "line one\nline two")
    assert funnel.json("show", lid)["note"] == "line one\nline two"
    plain = funnel("show", lid, "-f", "plain").stdout.splitlines()
    assert "note\tline one line two" in plain  # one record per line, still


def test_the_note_column_of_an_import_shows(funnel: Funnel, tmp_path: Path) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text("姓名,备注\n张伟,年底前要报价\n", encoding="utf-8")
    funnel("import", sheet)
    assert funnel.json("show", 1)["note"] == "年底前要报价"
    zh = funnel.using(FUNNEL_LANG="zh", **WIDE)
    card = zh("show", 1, "-f", "table").stdout
    assert "年底前要报价" in card and "备注" in card


def _story(funnel: Funnel) -> int:
    lid = funnel.add("Ann", now="2026-11-01T09:00:00")
    funnel("move", lid, "trial", now="2026-11-02T09:00:00")
    funnel("edit", lid, "--value", "10000.5", now="2026-11-03T09:00:00")
    funnel("pay", lid, "10000", now="2026-11-04T09:00:00")
    funnel("follow", lid, "2026-11-30", "--note", "call back", now="2026-11-05T09:00:00")
    funnel("move", lid, "potential", "--on", "2026-11-01", now="2026-11-06T09:00:00")
    return lid


def test_history_is_oldest_first(funnel: Funnel) -> None:
    lid = _story(funnel)
    history = funnel.json("show", lid)["history"]
    ats = [e["at"] for e in history]
    assert ats == sorted(ats)
    assert history[0]["event"] == "created"
    assert history[1]["at"].startswith("2026-11-01")  # the move dated back comes second
    card = funnel.using(**WIDE)("show", lid, "-f", "table").stdout
    rows = card[card.index("History") :]
    assert rows.index("created") < rows.index("payment") < rows.index("follow-up")


def test_history_reads_in_english_with_amounts_as_money(funnel: Funnel) -> None:
    card = funnel.using(**WIDE)("show", _story(funnel), "-f", "table").stdout
    assert "stage: potential → trial" in card
    assert "value: 0 → 10,000.50" in card
    assert "paid: 0 → 10,000" in card
    assert "next follow-up: 2026-11-30" in card
    assert "follow-up note: call back" in card
    for raw in ("next_follow_up", "follow_note", "10000.5", "paid: 0 → 10000 "):
        assert raw not in card


def test_history_reads_in_chinese(funnel: Funnel) -> None:
    lid = _story(funnel)
    funnel("contract", lid, "--on", "2026-11-06")
    funnel("lose", lid, "--reason", "预算不足")
    card = funnel.using(FUNNEL_LANG="zh", **WIDE)("show", lid, "-f", "table").stdout
    assert "阶段：潜在客户 → 试用客户" in card
    assert "已付：0 → 10,000" in card
    assert "金额：0 → 10,000.50" in card
    assert "下次跟进：2026-11-30" in card
    assert "合同发送：2026-11-06" in card
    assert "状态：跟进中 → 流失" in card
    for english in ("stage:", "paid:", "next_follow_up", "potential", "trial", "contract_sent"):
        assert english not in card
    # JSON keeps the keys scripts read
    moves = [e for e in funnel.json("show", lid)["history"] if e["event"] == "move"]
    assert ("stage", "potential", "trial") in [(e["field"], e["old"], e["new"]) for e in moves]


def test_void_and_order_and_custom_fields_read_in_the_history(funnel: Funnel) -> None:
    lid = funnel.add("Ann", "--value", "100", "--stage", "formal", "--force")
    funnel("order", lid, "1234.5")
    funnel("edit", lid, "--field", "industry=retail")
    payment = funnel.json("show", lid)
    assert payment["orders"]
    order_id = payment["orders"][0]["id"]
    funnel("void", "order", str(order_id), "--reason", "typo")
    card = funnel.using(**WIDE)("show", lid, "-f", "table").stdout
    assert "amount: 1,234.50" in card
    assert "industry: retail" in card and "fields.industry" not in card
    assert f"order {order_id}" in card
    zh = funnel.using(FUNNEL_LANG="zh", **WIDE)("show", lid, "-f", "table").stdout
    assert f"订单 {order_id}" in zh and "金额：1,234.50" in zh


def test_a_merge_reads_as_the_ids_it_joined(funnel: Funnel) -> None:
    keep, other = funnel.add("Ann"), funnel.add("Ann B")
    funnel("merge", keep, other, "--yes")
    card = funnel.using(**WIDE)("show", keep, "-f", "table").stdout
    assert f"#{other} → #{keep}" in card and f": {other} →" not in card
