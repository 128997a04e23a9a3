"""Follow-ups through the CLI: log, follow, due, stale and calendar, clock pinned to
Friday 2026-11-20 10:00 (conftest.NOW)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.harness import LEAD_KEYS, Funnel

DUE_KEYS = LEAD_KEYS + ["due", "overdue_days", "note", "tip"]
STALE_KEYS = LEAD_KEYS + ["idle_days", "threshold", "last_touch", "slipped"]


def tips(funnel: Funnel) -> dict[str, str]:
    return {s["stage"]: s["tip"] for s in funnel.json("stages")}


# --- due ------------------------------------------------------------------------


def _pipeline(funnel: Funnel) -> dict[str, int]:
    """Leads whose follow-ups fall around today, in several stages and states."""
    ids = {
        "a": funnel.add("A", "--follow-up", "-3d"),  # potential
        "b": funnel.add("B", "--stage", "intent", "--value", "1000", "--follow-up", "-3d"),
        "c": funnel.add("C", "--stage", "intent", "--value", "5000", "--follow-up", "-3d"),
        "d": funnel.add(
            "D", "--stage", "quasi", "--value", "9000", "--force", "--follow-up", "today"
        ),
        "e": funnel.add("E", "--stage", "trial", "--follow-up", "-1d", "--owner", "li"),
        "f": funnel.add("F", "--follow-up", "+2d", "--owner", "li"),
        "g": funnel.add("G", "--follow-up", "-5d"),
        "h": funnel.add("H", "--follow-up", "-5d"),
        "i": funnel.add("I"),  # nothing scheduled
    }
    funnel("lose", ids["g"], "--reason", "went silent")
    funnel("lose", ids["h"], "--reason", "no need", "--final")
    return ids


@pytest.fixture
def pipeline(from_template) -> dict[str, int]:
    return from_template(_pipeline)


def test_due_orders_by_overdue_then_stage_then_value(funnel: Funnel, pipeline) -> None:
    items = funnel.json("due")
    assert [x["name"] for x in items] == ["C", "B", "A", "E", "D"]
    assert [x["overdue_days"] for x in items] == [3, 3, 3, 1, 0]
    assert [x["due"] for x in items] == ["2026-11-17"] * 3 + ["2026-11-19", "2026-11-20"]
    assert all(list(x) == DUE_KEYS for x in items)
    tip = tips(funnel)
    assert [x["tip"] for x in items] == [
        tip["intent"],
        tip["intent"],
        tip["potential"],
        tip["trial"],
        tip["quasi"],
    ]
    assert items[0]["next_follow_up"] == items[0]["due"]


def test_lost_and_dead_leads_are_never_reminded(funnel: Funnel, pipeline) -> None:
    names = {x["name"] for x in funnel.json("due", "--within", "30")}
    assert names == {"A", "B", "C", "D", "E", "F"}
    assert not {"G", "H"} & {x["name"] for x in funnel.json("due", "--within", "30")}
    assert "2026-11-15" not in funnel("due", "-f", "plain").stdout


def test_due_within_days_and_owner(funnel: Funnel, pipeline) -> None:
    assert [x["name"] for x in funnel.json("due", "--within", "1")] == ["C", "B", "A", "E", "D"]
    week = funnel.json("due", "--within", "2")
    assert [x["name"] for x in week] == ["C", "B", "A", "E", "D", "F"]
    assert week[-1]["overdue_days"] == -2
    assert [x["name"] for x in funnel.json("due", "--owner", "li", "--within", "7")] == ["E", "F"]
    assert funnel("due", "--within", "-1", ok=None).exit_code == 2


@pytest.mark.parametrize("fmt", ["table", "plain", "csv", "json"])
def test_nothing_due_prints_nothing(funnel: Funnel, fmt: str) -> None:
    funnel.add("Later", "--follow-up", "+1d")
    lost = funnel.add("Lost", "--follow-up", "-1d")
    funnel("lose", lost, "--reason", "price")
    result = funnel("due", "-f", fmt)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == ""


def test_due_plain_is_one_readable_line_per_follow_up(funnel: Funnel) -> None:
    lid = funnel.add(
        "张伟",
        "--company",
        "华星科技",
        "--phone",
        "138 0013 8000",
        "--persona",
        "tricky",
        "--follow-up",
        "-2d",
    )
    funnel("follow", lid, "-2d", "--note", "send contract\tdraft")
    other = funnel.add("Bob", "--follow-up", "today")
    out = funnel("due", "-f", "plain").stdout
    lines = out.splitlines()
    assert len(lines) == 2 and "\x1b" not in out
    first = lines[0].split("\t")
    assert first[:8] == [
        "2026-11-18",
        "2",
        str(lid),
        "张伟",
        "华星科技",
        "138 0013 8000",
        "potential",
        "send contract draft",
    ]
    assert first[8] == tips(funnel)["potential"]
    assert first[9].startswith("tricky: ") and "contract before work" in first[9]
    assert lines[1].split("\t")[:3] == ["2026-11-20", "0", str(other)]
    assert lines[1].split("\t")[9] == ""  # no persona, no hint


def test_due_table_for_people(funnel: Funnel) -> None:
    funnel.add("Overdue", "--persona", "rational", "--follow-up", "-4d")
    funnel.add("Today", "--follow-up", "today")
    out = funnel("due", "-f", "table", "--tips").stdout
    assert "4d overdue" in out and "today" in out and "facts, strengths" in out


def test_due_colours_overdue_red_and_today_yellow() -> None:
    from funnel.views.followups import due_style

    assert due_style({"overdue_days": 3}) == "red"
    assert due_style({"overdue_days": 0}) == "yellow"
    assert due_style({"overdue_days": -2}) is None


def test_due_speaks_chinese(funnel: Funnel, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('language = "zh"\n', encoding="utf-8")
    funnel.add("王芳", "--persona", "owner", "--follow-up", "-1d")
    out = funnel("due", "-f", "table", "--tips").stdout
    assert "逾期 1 天" in out and "主人翁型" in out
    assert funnel.json("due")[0]["tip"].startswith("了解对方")


# --- log ------------------------------------------------------------------------


def test_log_records_activities_newest_first(funnel: Funnel) -> None:
    lid = funnel.add("Ann")
    funnel("log", lid, "intro call, asked about their supplier", "--on", "-3d")
    funnel(
        "log", lid, "demoed the reporting module, wants a quote", "--kind", "visit", "--next", "+3d"
    )
    funnel("log", lid, "sent the sheet", "--kind", "邮件", "--on", "2026-11-19T15:30")
    lead = funnel.json("show", lid)
    acts = lead["activities"]
    assert [a["kind"] for a in acts] == ["visit", "email", "call"]
    assert [a["at"][:16] for a in acts] == [
        "2026-11-20T10:00",
        "2026-11-19T15:30",
        "2026-11-17T10:00",
    ]
    assert acts[0]["summary"] == "demoed the reporting module, wants a quote"
    assert lead["next_follow_up"] == "2026-11-23"
    follows = [e for e in lead["history"] if e["event"] == "follow"]
    assert [(e["field"], e["old"], e["new"]) for e in follows] == [
        ("next_follow_up", None, "2026-11-23")
    ]
    card = funnel("show", lid, "-f", "table").stdout
    assert "visit" in card and "email" in card


def test_log_next_replaces_the_old_follow_up_and_its_note(funnel: Funnel) -> None:
    lid = funnel.add("Ann")
    funnel("follow", lid, "today", "--note", "call back about pricing")
    assert funnel.json("due")[0]["note"] == "call back about pricing"
    funnel("log", lid, "called, they want a trial", "--next", "fri")
    assert funnel("due").stdout == ""
    item = funnel.json("due", "--within", "7")[0]
    assert (item["due"], item["note"]) == ("2026-11-27", None)


def test_log_without_next_leaves_the_follow_up(funnel: Funnel) -> None:
    lid = funnel.add("Ann", "--follow-up", "today")
    funnel("log", lid, "no answer")
    assert funnel.json("due")[0]["id"] == lid


@pytest.mark.parametrize(
    "args",
    [
        ("log", "1", "   "),
        ("log", "1", "x", "--kind", "fax"),
        ("log", "1", "x", "--on", "tomorrow"),
        ("log", "1", "x", "--on", "2026-11-21T09:00"),
        ("log", "1", "x", "--on", "2026-13-01T09:00"),
        ("log", "1", "x", "--on", "someday"),
        ("log", "1", "x", "--next", "someday"),
        ("log", "1", "x" * 10_001),
        ("log", "999", "x"),
        ("log", "abc", "x"),
        ("follow", "1", "2026-02-30"),
        ("follow", "999", "today"),
        ("follow", "1", "today", "--note", "n" * 10_001),
    ],
)
def test_bad_log_and_follow_input_changes_nothing(funnel: Funnel, snapshot, args) -> None:
    funnel.add("Ann")
    before = snapshot()
    funnel.error(*args)
    assert snapshot() == before


# --- follow ---------------------------------------------------------------------


def test_follow_set_reschedule_and_clear_are_history(funnel: Funnel) -> None:
    lid = funnel.add("Ann")
    funnel("follow", lid, "fri", "--note", "send contract draft")  # Friday → next Friday
    assert funnel.json("show", lid)["next_follow_up"] == "2026-11-27"
    funnel("follow", lid, "明天")  # the note stays with a rescheduled follow-up
    item = funnel.json("due", "--within", "1")[0]
    assert (item["due"], item["note"]) == ("2026-11-21", "send contract draft")
    funnel("follow", lid, "-2d", "--note", "")  # a past date is fine; "" drops the note
    assert funnel.json("due")[0]["overdue_days"] == 2
    assert funnel.json("due")[0]["note"] is None
    funnel("follow", lid, "--clear")
    lead = funnel.json("show", lid)
    assert lead["next_follow_up"] is None
    changes = [(e["field"], e["old"], e["new"]) for e in lead["history"] if e["event"] == "follow"]
    assert changes == [
        ("next_follow_up", None, "2026-11-27"),
        ("follow_note", None, "send contract draft"),
        ("next_follow_up", "2026-11-27", "2026-11-21"),
        ("next_follow_up", "2026-11-21", "2026-11-18"),
        ("follow_note", "send contract draft", None),
        ("next_follow_up", "2026-11-18", None),
    ]
    funnel("follow", lid, "--clear")  # nothing to clear: no new event
    assert len(funnel.json("show", lid)["history"]) == len(lead["history"])


@pytest.mark.parametrize(
    "args",
    [
        ("follow", "1"),
        ("follow", "1", "today", "--clear"),
        ("follow", "1", "--clear", "--note", "x"),
    ],
)
def test_follow_usage_mistakes_exit_2(funnel: Funnel, snapshot, args) -> None:
    funnel.add("Ann", "--follow-up", "today")
    before = snapshot()
    result = funnel(*args, ok=None)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stdout == ""
    assert snapshot() == before


# --- stale ----------------------------------------------------------------------


def _add_at(funnel: Funnel, name: str, days_ago: int, *args: str) -> int:
    day = date.fromordinal(date(2026, 11, 20).toordinal() - days_ago).isoformat()
    return funnel.add(name, *args, now=f"{day}T09:00:00")


def test_stale_thresholds_per_stage(funnel: Funnel) -> None:
    _add_at(funnel, "pot31", 31)
    _add_at(funnel, "pot30", 30)
    _add_at(funnel, "tri15", 15, "--stage", "trial")
    _add_at(funnel, "tri14", 14, "--stage", "trial")
    _add_at(funnel, "int8", 8, "--stage", "intent", "--value", "100")
    _add_at(funnel, "int7", 7, "--stage", "intent", "--value", "100")
    _add_at(funnel, "qua4", 4, "--stage", "quasi", "--value", "100", "--force")
    _add_at(funnel, "qua3", 3, "--stage", "quasi", "--value", "100", "--force")
    _add_at(funnel, "for400", 400, "--stage", "formal", "--force")  # formal: not checked by default
    lost = _add_at(funnel, "lost99", 99)
    funnel("lose", lost, "--reason", "gone", now="2026-08-01T09:00:00")
    items = funnel.json("stale")
    assert [(x["name"], x["idle_days"], x["threshold"]) for x in items] == [
        ("pot31", 31, 30),
        ("tri15", 15, 14),
        ("int8", 8, 7),
        ("qua4", 4, 3),
    ]
    assert all(list(x) == STALE_KEYS for x in items)
    assert items[0]["last_touch"].startswith("2026-10-20T09:00:00")


def test_stale_days_applies_to_every_stage(funnel: Funnel) -> None:
    _add_at(funnel, "pot11", 11)
    _add_at(funnel, "pot10", 10)
    _add_at(funnel, "qua12", 12, "--stage", "quasi", "--value", "1", "--force")
    _add_at(funnel, "for400", 400, "--stage", "formal", "--force")
    items = funnel.json("stale", "--days", "10")
    assert [(x["name"], x["idle_days"], x["threshold"]) for x in items] == [
        ("for400", 400, 10),
        ("qua12", 12, 10),
        ("pot11", 11, 10),
    ]


def test_stale_thresholds_from_config(funnel: Funnel, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[stale_days]\ntrial = 5\n", encoding="utf-8")
    _add_at(funnel, "tri6", 6, "--stage", "trial")
    _add_at(funnel, "tri5", 5, "--stage", "trial")
    _add_at(funnel, "pot29", 29)
    assert [(x["name"], x["threshold"]) for x in funnel.json("stale")] == [("tri6", 5)]


def test_logging_moving_and_editing_touch_a_lead(funnel: Funnel) -> None:
    logged = _add_at(funnel, "logged", 40)
    moved = _add_at(funnel, "moved", 40)
    edited = _add_at(funnel, "edited", 40)
    late = _add_at(funnel, "late entry", 40)
    funnel("log", logged, "visited", "--kind", "visit", now="2026-11-10T09:00:00")
    funnel("move", moved, "trial", now="2026-11-12T09:00:00")
    funnel("edit", edited, "--company", "ACME", now="2026-11-15T09:00:00")
    funnel("log", late, "call from a month ago", "--on", "-38d")  # logged today, happened then
    items = funnel.json("stale", "--days", "1")
    assert [(x["id"], x["idle_days"]) for x in items] == [
        (late, 38),
        (logged, 10),
        (moved, 8),
        (edited, 5),
    ]
    assert [x["id"] for x in funnel.json("stale")] == [late]
    plain = funnel("stale", "--days", "1", "-f", "plain").stdout.splitlines()
    assert plain[0].split("\t")[:3] == ["38", "1", str(late)]
    assert plain[1].endswith("2026-11-10 visit: visited")
    assert "moved: potential → trial" in plain[2]


def test_no_stale_leads_prints_no_rows(funnel: Funnel) -> None:
    funnel.add("Fresh")
    assert funnel.json("stale") == []
    assert funnel("stale", "-f", "plain").stdout == ""


# --- calendar -------------------------------------------------------------------


def _events(path: Path) -> dict[str, object]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def test_calendar_one_stable_all_day_event_per_lead(funnel: Funnel, tmp_path: Path) -> None:
    a = funnel.add(
        "张伟", "--company", "华星科技", "--phone", "138 0013 8000", "--follow-up", "fri"
    )
    b = funnel.add("Bob", "--stage", "trial")
    funnel("follow", b, "-1d", "--note", "send the quote")
    funnel.add("Nobody")  # nothing scheduled
    lost = funnel.add("Lost", "--follow-up", "today")
    funnel("lose", lost, "--reason", "budget")
    out = tmp_path / "funnel.ics"
    funnel("calendar", "-o", str(out))
    cal = Calendar.from_ical(out.read_bytes())
    assert str(cal["VERSION"]) == "2.0" and "funnel" in str(cal["PRODID"])
    events = _events(out)
    assert sorted(events) == [f"lead-{a}@funnel", f"lead-{b}@funnel"]
    ev_a, ev_b = events[f"lead-{a}@funnel"], events[f"lead-{b}@funnel"]
    assert ev_a.decoded("DTSTART") == date(2026, 11, 27)
    assert ev_a.decoded("DTEND") == date(2026, 11, 28)
    assert str(ev_a["SUMMARY"]) == "Follow up: 张伟 (华星科技)"
    assert "138 0013 8000" in str(ev_a["DESCRIPTION"])
    assert ev_b.decoded("DTSTART") == date(2026, 11, 19)
    assert "send the quote" in str(ev_b["DESCRIPTION"])
    assert tips(funnel)["trial"] in str(ev_b["DESCRIPTION"])

    # Re-export after changes: same UIDs, new dates, cleared follow-ups gone.
    funnel("follow", a, "+10d")
    funnel("follow", b, "--clear")
    funnel("calendar", "-o", str(out))
    events = _events(out)
    assert list(events) == [f"lead-{a}@funnel"]
    assert events[f"lead-{a}@funnel"].decoded("DTSTART") == date(2026, 11, 30)


def test_calendar_with_nothing_scheduled_is_still_a_calendar(
    funnel: Funnel, tmp_path: Path
) -> None:
    out = tmp_path / "empty.ics"
    funnel("db", "upgrade")  # an empty store
    funnel("calendar", "-o", str(out))
    assert _events(out) == {}
    assert funnel("calendar", "-o", "-").stdout.startswith("BEGIN:VCALENDAR")


def test_calendar_owner_and_bad_paths(funnel: Funnel, tmp_path: Path) -> None:
    funnel.add("Mine", "--owner", "li", "--follow-up", "today")
    funnel.add("Theirs", "--owner", "wang", "--follow-up", "today")
    out = tmp_path / "li.ics"
    funnel("calendar", "-o", str(out), "--owner", "li")
    assert [str(e["SUMMARY"]) for e in _events(out).values()] == ["Follow up: Mine"]
    assert "cannot write" in funnel.error("calendar", "-o", str(tmp_path / "no" / "x.ics"))
    assert "cannot write" in funnel.error("calendar", "-o", str(tmp_path))
    assert funnel("calendar", ok=None).exit_code == 2
