"""``report forecast`` and ``report goals``: every figure hand-computed on one story, on
both engines, through the CLI; the goals themselves (set, list, delete, undo).

The story, reported on 2026-12-20 (probabilities 0.1, 0.2, 0.4, 0.8):

=====  ======  =====  ========  =====================================================
lead   owner   value  close     what happens
=====  ======  =====  ========  =====================================================
won1   li      1000   12-10     formal on 12-05 (a won lead's close date no longer counts)
nov    li      2000             formal on 11-20, back to quasi, formal again on 12-02
twice  wang     400             formal 12-03, back to intent 12-04, formal again 12-15
q-dec  li      5000   12-28     quasi
i-feb  wang    3000   2027-02-01 intent
p-jan  li      1000   2027-01-03 potential
t-nov  wang    2000   11-01     trial: slipped (and in Q4)
t-dec  wang     700   12-05     trial: slipped, and in December
lost           9999   12-15     intent, lost
nodate li        50             potential, no close date
q-jun           100   2027-06-01 quasi: after the six months
dead                            dead
tiny           0.05   2027-03-10 potential: weighted half a cent, rounds up to 0.01
wlost  wang     600             formal 12-08, lost 12-09: still won in December
=====  ======  =====  ========  =====================================================
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.harness import PG_SERVER, Funnel, env_for, postgres_database

TODAY = "2026-12-20T10:00:00"


@pytest.fixture(scope="session")
def _pg_story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The story built once on PostgreSQL: the name of a database to copy."""
    if not PG_SERVER:
        pytest.skip("FUNNEL_TEST_PG is not set")
    root = tmp_path_factory.mktemp("pg_story")
    with postgres_database() as url:
        build_story(Funnel(CliRunner(), {**env_for(root), "FUNNEL_DB": url}))
        yield url.rsplit("/", 1)[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def story(
    request: pytest.FixtureRequest,
    funnel: Funnel,
    from_template: Callable[[Callable[[Funnel], Any]], Any],
) -> Iterator[Funnel]:
    """A copy of the story (its goals set) on each engine."""
    if request.param == "sqlite":
        from_template(build_story)
        yield funnel
        return
    with postgres_database(template=request.getfixturevalue("_pg_story")) as url:
        yield funnel.using(FUNNEL_DB=url)


def _at(day: str) -> str:
    return f"{day}T10:00:00"


def build_story(f: Funnel) -> dict[str, int]:
    def add(name: str, *args: str, on: str = "2026-10-01") -> int:
        return f.add(name, *args, now=_at(on))

    ids = {
        "won1": add("won1", "--owner", "li", "--value", "1000", "--close", "2026-12-10"),
        "nov": add("nov", "--owner", "li", "--value", "2000"),
        "twice": add("twice", "--owner", "wang", "--value", "400"),
        "q-dec": add(
            "q-dec",
            "--owner",
            "li",
            "--value",
            "5000",
            "--stage",
            "quasi",
            "--force",
            "--close",
            "2026-12-28",
        ),
        "i-feb": add(
            "i-feb",
            "--owner",
            "wang",
            "--value",
            "3000",
            "--stage",
            "intent",
            "--close",
            "2027-02-01",
        ),
        "p-jan": add("p-jan", "--owner", "li", "--value", "1000", "--close", "2027-01-03"),
        "t-nov": add(
            "t-nov",
            "--owner",
            "wang",
            "--value",
            "2000",
            "--stage",
            "trial",
            "--close",
            "2026-11-01",
        ),
        "t-dec": add(
            "t-dec",
            "--owner",
            "wang",
            "--value",
            "700",
            "--stage",
            "trial",
            "--close",
            "2026-12-05",
        ),
        "lost": add("lost", "--value", "9999", "--stage", "intent", "--close", "2026-12-15"),
        "nodate": add("nodate", "--owner", "li", "--value", "50"),
        "q-jun": add(
            "q-jun", "--value", "100", "--stage", "quasi", "--force", "--close", "2027-06-01"
        ),
        "dead": add("dead"),
        "tiny": add("tiny", "--value", "0.05", "--close", "2027-03-10"),
        "wlost": add("wlost", "--owner", "wang", "--value", "600"),
    }

    def move(name: str, stage: str, day: str) -> None:
        f("move", ids[name], stage, "--force", now=_at(day))

    move("won1", "formal", "2026-12-05")
    move("nov", "formal", "2026-11-20")
    move("nov", "quasi", "2026-11-25")
    move("nov", "formal", "2026-12-02")
    move("twice", "formal", "2026-12-03")
    move("twice", "intent", "2026-12-04")
    move("twice", "formal", "2026-12-15")
    move("wlost", "formal", "2026-12-08")
    f("lose", ids["wlost"], "--reason", "moved away", now=_at("2026-12-09"))
    f("lose", ids["lost"], "--reason", "budget", now=_at("2026-12-16"))
    f("lose", ids["dead"], "--reason", "no need", "--final", now=_at("2026-12-16"))
    _set_goals(f)
    return ids


def _period(
    period: str, won: float, commit: float, best: float, weighted: float, leads: int
) -> dict:
    return {
        "period": period,
        "won": won,
        "commit": commit,
        "best_case": best,
        "weighted": weighted,
        "leads": leads,
    }


MONTHS = {
    "periods": [
        _period("2026-12", 2000, 5000, 5000, 4140, 2),
        _period("2027-01", 0, 0, 0, 100, 1),
        _period("2027-02", 0, 0, 3000, 1200, 1),
        _period("2027-03", 0, 0, 0, 0.01, 1),
        _period("2027-04", 0, 0, 0, 0, 0),
        _period("2027-05", 0, 0, 0, 0, 0),
    ],
    "slipped": {"leads": 2, "value": 2700},
    "no_close_date": {"leads": 1, "value": 50},
}


def test_forecast_by_month_every_figure(story: Funnel) -> None:
    assert story.json("report", "forecast", now=TODAY) == MONTHS


def test_forecast_for_one_owner(story: Funnel) -> None:
    assert story.json("report", "forecast", "--owner", "li", "--periods", "3", now=TODAY) == {
        "periods": [
            _period("2026-12", 1000, 5000, 5000, 4000, 1),  # nov was first won in November
            _period("2027-01", 0, 0, 0, 100, 1),
            _period("2027-02", 0, 0, 0, 0, 0),
        ],
        "slipped": {"leads": 0, "value": 0},
        "no_close_date": {"leads": 1, "value": 50},
    }


def test_forecast_by_quarter(story: Funnel) -> None:
    data = story.json("report", "forecast", "--by", "quarter", "--periods", "2", now=TODAY)
    assert data["periods"] == [
        # won: won1 1000 + nov 2000 (November) + twice 400 + wlost 600
        # open: q-dec 5000 × 0.8 + t-nov 2000 × 0.2 + t-dec 700 × 0.2
        _period("2026-Q4", 4000, 5000, 5000, 4540, 3),
        # i-feb 3000 × 0.4 + p-jan 1000 × 0.1 + tiny 0.05 × 0.1 = 1300.005 → 1300.01
        _period("2027-Q1", 0, 0, 3000, 1300.01, 3),
    ]


def test_forecast_in_plain_csv_and_text(
    funnel: Funnel, from_template: Callable[[Callable[[Funnel], Any]], Any]
) -> None:
    from_template(build_story)
    plain = funnel("report", "forecast", "--periods", "2", "-f", "plain", now=TODAY).stdout
    assert plain.splitlines() == [
        "2026-12\t2000\t5000\t5000\t4140\t2",
        "2027-01\t0\t0\t0\t100\t1",
        "slipped_leads\t2",
        "slipped_value\t2700",
        "no_close_date_leads\t1",
        "no_close_date_value\t50",
    ]
    csv = funnel("report", "forecast", "--periods", "1", "-f", "csv", now=TODAY).stdout
    assert csv.splitlines()[0] == "period,won,commit,best_case,weighted,leads"
    text = funnel("report", "forecast", "--periods", "1", "-f", "text", now=TODAY).stdout
    assert "best case: 5,000" in text and "weighted: 4,140" in text
    assert "slipped value: 2,700" in text
    assert all(len(line) <= 78 for line in text.splitlines())


def test_forecast_refuses_weeks_and_bad_counts(funnel: Funnel) -> None:
    assert "month or quarter" in funnel.error("report", "forecast", "--by", "week")
    assert funnel("report", "forecast", "--periods", "0", ok=None).exit_code == 2
    assert "at most 120" in funnel.error("report", "forecast", "--periods", "121")


def test_an_empty_store_forecasts_zeros(funnel: Funnel) -> None:
    funnel.add("x")
    data = funnel.json("report", "forecast", "--periods", "1", now=TODAY)
    assert data == {
        "periods": [_period("2026-12", 0, 0, 0, 0, 0)],
        "slipped": {"leads": 0, "value": 0},
        "no_close_date": {"leads": 1, "value": 0},
    }


# --- goals ------------------------------------------------------------------------------


def _goal(
    period: str,
    owner: str | None,
    target: float,
    won: float,
    gap: float,
    weighted_open: float,
    coverage: float | None,
) -> dict:
    return {
        "period": period,
        "owner": owner,
        "target": target,
        "won": won,
        "gap": gap,
        "weighted_open": weighted_open,
        "coverage": coverage,
    }


def _set_goals(f: Funnel) -> None:
    f("goal", "set", "2026-12", "5000", now=TODAY)
    f("goal", "set", "2026-Q4", "3000", "--owner", "li", now=TODAY)
    f("goal", "set", "2027", "¥10,000", "--owner", "wang", now=TODAY)
    f("goal", "set", "2026-q4", "1000", now=TODAY)


def test_goals_every_figure(story: Funnel) -> None:
    assert story.json("report", "goals", now=TODAY) == [
        # Q4, everyone: won 4000 ≥ 1000, so no gap and no coverage; open Q4 4540
        _goal("2026-Q4", None, 1000, 4000, 0, 4540, None),
        # li in Q4: won1 1000 + nov 2000 (first won in November) = the target
        _goal("2026-Q4", "li", 3000, 3000, 0, 4000, None),
        # December, everyone: won 2000, gap 3000, open 4140 → 1.38
        _goal("2026-12", None, 5000, 2000, 3000, 4140, 1.38),
        # wang in 2027: nothing won yet, i-feb 1200 weighted → 0.12
        _goal("2027", "wang", 10000, 0, 10000, 1200, 0.12),
    ]
    only_q4 = story.json("report", "goals", "--period", "2026-q4", now=TODAY)
    assert [(g["period"], g["owner"]) for g in only_q4] == [("2026-Q4", None), ("2026-Q4", "li")]
    mine = story.json("report", "goals", "--owner", "li", now=TODAY)
    assert [(g["period"], g["owner"]) for g in mine] == [("2026-Q4", "li")]


def test_goal_list_set_replace_delete(story: Funnel) -> None:
    story("goal", "set", "2026-12", "6000.50", now=TODAY)  # replaces the team's December
    assert story.json("goal", "list") == [
        {"period": "2026-Q4", "owner": None, "target": 1000},
        {"period": "2026-Q4", "owner": "li", "target": 3000},
        {"period": "2026-12", "owner": None, "target": 6000.5},
        {"period": "2027", "owner": "wang", "target": 10000},
    ]
    story("goal", "delete", "2026-Q4", "--owner", "li", now=TODAY)
    assert "no goal for 2026-Q4 (li)" in story.error("goal", "delete", "2026-Q4", "--owner", "li")
    assert "no goal for 2028 (team)" in story.error("goal", "delete", "2028")
    assert [(g["period"], g["owner"]) for g in story.json("goal", "list")] == [
        ("2026-Q4", None),
        ("2026-12", None),
        ("2027", "wang"),
    ]


@pytest.mark.parametrize(
    "period",
    ["2026-13", "2026-00", "2026-Q5", "2026-Q0", "26-01", "2026-1", "3000", "1899", "Q4", ""],
)
def test_a_bad_period_is_one_error_line(funnel: Funnel, period: str) -> None:
    assert "invalid period" in funnel.error("goal", "set", period, "100")
    assert "invalid period" in funnel.error("report", "goals", "--period", period)


def test_a_bad_target_is_one_error_line(funnel: Funnel) -> None:
    assert funnel.error("goal", "set", "--", "2026-12", "-5")
    assert funnel.error("goal", "set", "2026-12", "1e5")


def test_goal_changes_are_undone_like_any_change(funnel: Funnel) -> None:
    funnel("goal", "set", "2026-12", "100", now=TODAY)
    funnel("goal", "set", "2026-12", "200", now=TODAY)
    change = funnel.json("changes")[0]
    assert change["command"].startswith("funnel goal set 2026-12 200") and change["leads"] == []
    # the earlier change is blocked by the later one on the same goal
    assert "2" in funnel.error("undo", "1", "--yes")
    funnel("undo", "--yes")
    assert funnel.json("goal", "list") == [{"period": "2026-12", "owner": None, "target": 100}]
    funnel("undo", "1", "--yes")
    assert funnel.json("goal", "list") == []


def test_goals_report_without_goals(funnel: Funnel) -> None:
    funnel.add("x")
    assert funnel.json("report", "goals") == []
    assert funnel.json("goal", "list") == []


def test_close_dates_and_periods_complete(funnel: Funnel) -> None:
    from tests.cli.test_completions import complete

    funnel.add("x")
    pinned = funnel.using(FUNNEL_NOW="2026-12-03T10:00:00")  # a Thursday
    assert complete(pinned, "funnel edit 1 --close +") == ["+1w", "+2w", "+1m", "+3m"]
    assert complete(pinned, "funnel add X --close f") == ["fri"]
    assert complete(pinned, "funnel goal set ") == [
        "2026-12",
        "2027-01",
        "2026-Q4",
        "2027-Q1",
        "2026",
        "2027",
    ]
    assert complete(pinned, "funnel goal delete 2026-Q") == ["2026-Q4"]


def test_a_json_backup_carries_the_goals(
    funnel: Funnel, from_template: Callable[[Callable[[Funnel], Any]], Any], tmp_path: Path
) -> None:
    from_template(build_story)
    backup = tmp_path / "backup.json"
    funnel("export", "-o", backup)
    header = json.loads(backup.read_text(encoding="utf-8"))
    assert header["goals"][0] == {"period": "2026-Q4", "owner": None, "target": 1000}
    again = funnel.using(FUNNEL_DB=str(tmp_path / "again.db"))
    again.add("someone")  # dry run needs a store; it writes nothing, the goals neither
    again("import", backup, "--dry-run")
    assert again.json("goal", "list") == []
    again("delete", "1", "--yes", "--purge")
    again("import", backup)
    assert again.json("goal", "list") == funnel.json("goal", "list")
    for kind in ("goals", "forecast"):
        assert again.json("report", kind, now=TODAY) == funnel.json("report", kind, now=TODAY)


def test_a_bad_goal_in_a_backup_refuses_the_whole_import(funnel: Funnel, tmp_path: Path) -> None:
    funnel.add("x")
    backup = tmp_path / "backup.json"
    funnel("export", "-o", backup)
    data = json.loads(backup.read_text(encoding="utf-8"))
    data = {
        "format": data["format"],
        "version": data["version"],
        "goals": [
            {"period": "2026-12", "owner": None, "target": 10},
            {"period": "2026-13", "owner": "li", "target": 10},
        ],
        "leads": data["leads"],
    }
    backup.write_text(json.dumps(data), encoding="utf-8")
    again = funnel.using(FUNNEL_DB=str(tmp_path / "again.db"))
    message = again.error("import", backup)
    assert "goal 2" in message and "2026-13" in message
    assert not (tmp_path / "again.db").exists()  # a bad file leaves no new store
