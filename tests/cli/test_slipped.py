"""Slipped leads — active, potential…quasi, expected close date before today — are
flagged in ``stale`` (listed even when recently touched) and counted in the bare
``funnel`` summary."""

from __future__ import annotations

from tests.harness import Funnel

TODAY = "2026-12-03T10:00:00"


def _story(funnel: Funnel) -> dict[str, int]:
    ids = {
        "slipped": funnel.add("Ann", "--close", "2026-11-30", now=TODAY),
        "due today": funnel.add(
            "Bob", "--stage", "intent", "--value", "100", "--close", "2026-12-03", now=TODAY
        ),
        "lost": funnel.add("Cai", "--close", "2026-11-01", now=TODAY),
        "formal": funnel.add(
            "Dan", "--stage", "formal", "--force", "--close", "2026-11-01", now=TODAY
        ),
        "no date": funnel.add("Eve", "--stage", "trial", now=TODAY),
        "idle": funnel.add("Fay", "--close", "2027-01-10", now="2026-10-01T10:00:00"),
    }
    funnel("lose", ids["lost"], "--reason", "budget", now=TODAY)
    return ids


def test_stale_lists_and_flags_slipped_leads(funnel: Funnel) -> None:
    ids = _story(funnel)
    items = funnel.json("stale", now=TODAY)
    assert [(x["id"], x["slipped"], x["idle_days"]) for x in items] == [
        (ids["idle"], False, 63),
        (ids["slipped"], True, 0),
    ]
    table = funnel("stale", "-f", "table", now=TODAY).stdout
    assert "2026-11-30 slipped" in table and "2027-01-10" in table
    zh = funnel.using(FUNNEL_LANG="zh")("stale", "-f", "table", now=TODAY).stdout
    assert "2026-11-30 已逾期" in zh
    # the next day Bob slipped too (the later stage first among leads as idle)
    later = funnel.json("stale", now="2026-12-04T10:00:00")
    assert [x["id"] for x in later if x["slipped"]] == [ids["due today"], ids["slipped"]]


def test_the_summary_counts_slipped_leads(funnel: Funnel) -> None:
    _story(funnel)
    out = funnel(now=TODAY).stdout
    assert "Slipped: 1 past their expected close date (funnel stale)" in out
    zh = funnel.using(FUNNEL_LANG="zh")(now=TODAY).stdout
    assert "逾期未成交：1 个已过预计成交日期" in zh


def test_no_slipped_line_when_none_slipped(funnel: Funnel) -> None:
    funnel.add("Ann", "--close", "2026-12-31", now=TODAY)
    assert "Slipped" not in funnel(now=TODAY).stdout
