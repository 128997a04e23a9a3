"""The store returns data, never text for people: the tips, the last thing that happened,
a move dated before its stage was entered are composed by the views."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from tests.harness import LEAD_KEYS, Funnel


def test_follow_ups_come_back_as_facts(funnel: Funnel, store_path: Path) -> None:
    from funnel.store import followups as store_followups
    from funnel.store.engine import open_store

    lid = funnel.add("Ann", "--company", "ACME", now="2026-11-01")
    funnel("follow", lid, "2026-11-19", "--note", "send quote", now="2026-11-02")
    funnel("log", lid, "asked for a demo", "--kind", "visit", now="2026-11-05")
    quiet = funnel.add("Bob", now="2026-10-01")
    st = open_store(str(store_path))
    try:
        with st.read() as conn:
            due = store_followups.due_items(conn, today=date(2026, 11, 20))
            scheduled = store_followups.scheduled(conn)
            last = store_followups.last_things(conn, [lid, quiet])
    finally:
        st.close()
    assert [list(item) for item in due] == [[*LEAD_KEYS, "due", "overdue_days", "note"]]
    assert (due[0]["due"], due[0]["overdue_days"], due[0]["note"]) == (
        "2026-11-19",
        1,
        "send quote",
    )
    assert "tip" not in scheduled[0]
    assert last[lid] == {
        "at": last[lid]["at"],
        "activity": "visit",
        "summary": "asked for a demo",
    }
    assert last[lid]["at"].startswith("2026-11-05")
    assert last[quiet] == {
        "at": last[quiet]["at"],
        "event": "created",
        "field": None,
        "old": None,
        "new": "potential",
    }


def test_a_move_says_when_it_happened_not_what_to_print(funnel: Funnel, store_path: Path) -> None:
    from funnel.domain.stages import Stage
    from funnel.store import history
    from funnel.store.engine import open_store

    lid = funnel.add("Ann", now="2026-11-10")
    st = open_store(str(store_path))
    try:
        with st.write() as conn:
            now = datetime(2026, 11, 20, 10, tzinfo=timezone.utc)
            early = datetime(2026, 11, 5, 12, tzinfo=timezone.utc)
            moved = history.move_lead(conn, lid, Stage.TRIAL, now=now, at=early)
    finally:
        st.close()
    assert (moved.old, moved.new, moved.forced) == (Stage.POTENTIAL, Stage.TRIAL, False)
    assert (moved.on, moved.entered_on) == (date(2026, 11, 5), date(2026, 11, 10))
    assert not hasattr(moved, "warning")


def test_the_cli_words_the_early_move(funnel: Funnel) -> None:
    lid = funnel.add("Ann", now="2026-11-10")
    result = funnel("move", lid, "trial", "--on", "2026-11-05")
    assert result.stderr == (
        f"warning: lead {lid} entered potential on 2026-11-10, after 2026-11-05; "
        "days in stage counted as 0\n"
    )
    assert funnel("move", lid, "intent", "--force").stderr == ""
