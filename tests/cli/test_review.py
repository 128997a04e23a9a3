"""The Monday questions through the CLI, on SQLite and PostgreSQL: reports as of a past
day equal what they printed that day, `report lost`, `report calibrate` (the Wilson
interval, --apply), `[lost_reasons]` for `lose`, and `funnel review` — every figure
computed by hand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.harness import PG_SERVER, Funnel, postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def f(request: pytest.FixtureRequest, funnel: Funnel) -> Iterator[Funnel]:
    """The runner on a store of each engine."""
    if request.param == "sqlite":
        yield funnel
        return
    if not PG_SERVER:
        pytest.skip("FUNNEL_TEST_PG is not set")
    with postgres_database() as url:
        yield funnel.using(FUNNEL_DB=url)


def day(n: int) -> str:
    return f"2026-11-{n:02d}T10:00:00"


# --- as of a past day -----------------------------------------------------------------------

# owners is sources' query by another column; the cohort filters are the plain ones
AS_OF = (
    ("report", "--owner", "li"),
    ("report", "sources"),
    ("report", "lost", "--by", "stage"),
    ("report", "forecast"),
)


def test_each_past_day_as_of_equals_what_the_reports_printed_that_day(f: Funnel) -> None:
    """History built day by day (FUNNEL_NOW), every as-of report captured each evening;
    afterwards each day's `--as-of` prints exactly what was captured. (~4 s: some forty
    commands through the runner, the point of the test.)"""
    captured: dict[str, list[Any]] = {}

    def evening(n: int) -> None:
        captured[f"2026-11-{n:02d}"] = [f.json(*args, now=day(n)) for args in AS_OF]

    a = f.add("Ann", "--owner", "li", "--source", "web", "--value", "1000", now=day(2))
    b = f.add("Bob", "--owner", "wang", "--source", "fair", now=day(2))
    f("edit", a, "--close", "2026-11-25", now=day(2))
    evening(2)
    f("move", a, "intent", now=day(3))
    f("move", b, "trial", now=day(3))
    c = f.add("Cai", "--owner", "li", "--value", "300", "--stage", "intent", now=day(3))
    evening(3)
    f("move", a, "trial", now=day(4))  # back
    f("edit", a, "--value", "2500", "--close", "2026-12-10", now=day(4))
    f("lose", b, "--reason", "no budget", now=day(4))
    evening(4)
    f("move", a, "intent", now=day(5))  # forward again
    f("reopen", b, now=day(5))
    f("lose", c, "--reason", "went silent", now=day(5))
    evening(5)
    f("lose", c, "--reason", "chose a rival", "--final", now=day(6))
    f("contract", a, now=day(6))
    f("pay", a, "2500", now=day(6))
    f("move", a, "formal", now=day(6))
    f("edit", b, "--value", "700", now=day(6))
    evening(6)
    for when, seen in captured.items():
        again = [f.json(*args, "--as-of", when, now=day(9)) for args in AS_OF]
        assert again == seen, when


def test_as_of_refuses_reports_it_cannot_rebuild(f: Funnel) -> None:
    assert "--as-of" in f.error("report", "trend", "--as-of", "2026-11-01")
    assert "--as-of" in f.error("report", "calibrate", "--as-of", "2026-11-01")


# --- report lost ------------------------------------------------------------------------------


def lost_store(f: Funnel) -> None:
    """Two lost at potential (price, web/li; price, no source), one dead at intent
    (rival, fair/wang, 3 000), one lost at trial without an owner (timing, web, 500),
    one active lead (never counted)."""
    a = f.add("A", "--owner", "li", "--source", "web")
    b = f.add("B", "--owner", "li")
    c = f.add("C", "--owner", "wang", "--source", "fair", "--value", "3000", "--stage", "intent")
    d = f.add("D", "--source", "web", "--value", "500", "--stage", "trial")
    f.add("E", "--owner", "li", "--value", "9999")
    f("lose", a, b, "--reason", "price")
    f("lose", c, "--reason", "rival", "--final")
    f("lose", d, "--reason", "timing")


def test_report_lost_by_reason_stage_owner_and_source(f: Funnel) -> None:
    lost_store(f)
    assert f.json("report", "lost") == [
        {"key": "price", "leads": 2, "value": 0},
        {"key": "rival", "leads": 1, "value": 3000},
        {"key": "timing", "leads": 1, "value": 500},
    ]
    assert f.json("report", "lost", "--by", "stage") == [
        {"key": "potential", "leads": 2, "value": 0},
        {"key": "trial", "leads": 1, "value": 500},
        {"key": "intent", "leads": 1, "value": 3000},
    ]
    assert f.json("report", "lost", "--by", "owner") == [
        {"key": "li", "leads": 2, "value": 0},
        {"key": "wang", "leads": 1, "value": 3000},
        {"key": None, "leads": 1, "value": 500},
    ]
    assert f.json("report", "lost", "--by", "source", "--owner", "li") == [
        {"key": "web", "leads": 1, "value": 0},
        {"key": None, "leads": 1, "value": 0},
    ]
    assert "reason, stage, owner, source" in f.error("report", "lost", "--by", "month")


# --- report calibrate -------------------------------------------------------------------------


def calibration_store(f: Funnel) -> None:
    """3 won (created formal), 2 lost at potential, 1 lost at intent, 1 dead at trial,
    2 active in trial (undecided: never counted)."""
    for i in range(3):
        f.add(f"W{i}", "--stage", "formal", "--value", "100", "--force")
    for name, stage in (("P1", "potential"), ("P2", "potential"), ("I", "intent")):
        lid = f.add(name, "--stage", stage, "--value", "100")
        f("lose", lid, "--reason", "price")
    dead = f.add("T", "--stage", "trial")
    f("lose", dead, "--reason", "gone", "--final")
    f.add("Open1", "--stage", "trial")
    f.add("Open2", "--stage", "trial")


def test_calibrate_compares_configured_and_observed_with_the_wilson_interval(f: Funnel) -> None:
    calibration_store(f)
    stages = f.json("report", "calibrate")["stages"]
    assert [(s["stage"], s["configured"], s["decided"]) for s in stages] == [
        ("potential", 0.1, 7),
        ("trial", 0.2, 5),
        ("intent", 0.4, 4),
        ("quasi", 0.8, 3),
    ]
    # observed: 3 won of 7, 5, 4 and 3 decided
    assert [s["observed"] for s in stages] == pytest.approx([3 / 7, 3 / 5, 3 / 4, 1.0])
    # Wilson, z = 1.96, by hand: 3/7 → (0.1582, 0.7495); 3/5 → (0.2307, 0.8824);
    # 3/4 → (0.3006, 0.9544); 3/3 → (0.4385, 1)
    low_high = [(round(s["low"], 4), round(s["high"], 4)) for s in stages]
    assert low_high == [(0.1582, 0.7495), (0.2307, 0.8824), (0.3006, 0.9544), (0.4385, 1.0)]


def test_calibrate_with_nothing_decided_has_no_observation(f: Funnel) -> None:
    f.add("Open")
    first = f.json("report", "calibrate")["stages"][0]
    assert first == {
        "stage": "potential",
        "configured": 0.1,
        "observed": None,
        "decided": 0,
        "low": None,
        "high": None,
    }


def test_apply_needs_twenty_decided_per_stage_and_leaves_the_config_alone(
    funnel: Funnel, tmp_path: Path
) -> None:
    config = Path(funnel.env["FUNNEL_CONFIG"])
    text = '# my settings\ncurrency = "¥"\n\n[probabilities]\nintent = 0.5\n'
    config.write_text(text, encoding="utf-8")
    calibration_store(funnel)
    result = funnel("report", "calibrate", "--apply", "-f", "json", ok=None)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "20" in result.stderr
    assert config.read_text(encoding="utf-8") == text
    assert not config.with_name("config.toml.bak").exists()


def test_apply_writes_the_observed_probabilities_and_keeps_the_rest(
    funnel: Funnel, store_path: Path
) -> None:
    from datetime import datetime

    from funnel.domain.stages import Stage
    from funnel.store import history, leads
    from funnel.store.engine import open_store

    config = Path(funnel.env["FUNNEL_CONFIG"])
    text = (
        '# my settings\ncurrency = "¥"\n\n[probabilities]\nintent = 0.5 # a guess\n\n'
        "[lifecycle]\nsilent_days = 60\n"
    )
    config.write_text(text, encoding="utf-8")
    funnel.add("First")  # creates the store
    now = datetime(2026, 11, 20, 10).astimezone()
    st = open_store(str(store_path))
    try:
        with st.write() as conn:
            # 20 won; 20 lost at potential, 5 at trial, 10 at intent, 20 at quasi
            for i in range(20):
                leads.add_lead(conn, {"name": f"W{i}", "stage": Stage.FORMAL}, now=now, force=True)
            for stage, n in ((Stage.POTENTIAL, 20), (Stage.TRIAL, 5), (Stage.INTENT, 10)):
                for i in range(n):
                    lid = leads.add_lead(
                        conn, {"name": f"L{i}", "stage": stage}, now=now, force=True
                    )
                    history.lose_lead(conn, lid, reason="x", final=False, now=now)
            for i in range(20):
                lid = leads.add_lead(
                    conn, {"name": f"Q{i}", "stage": Stage.QUASI}, now=now, force=True
                )
                history.lose_lead(conn, lid, reason="x", final=True, now=now)
    finally:
        st.close()
    funnel("report", "calibrate", "--apply", "-f", "json")
    # decided: potential 75, trial 55, intent 50, quasi 40; won 20 of each
    expected = {"potential": 0.2667, "trial": 0.3636, "intent": 0.4, "quasi": 0.5}
    assert config.with_name("config.toml.bak").read_text(encoding="utf-8") == text
    shown = {r["setting"]: (r["value"], r["source"]) for r in funnel.json("config", "show")}
    for stage, value in expected.items():
        assert shown[f"probabilities.{stage}"] == (value, str(config))
    assert shown["currency"] == ("¥", str(config))
    assert shown["lifecycle.silent_days"] == (60, str(config))
    written = config.read_text(encoding="utf-8")
    assert written.startswith("# my settings\n") and "a guess" not in written
    assert written.count("[probabilities]") == 1
    # the report now says the configured values are the observed ones
    stages = funnel.json("report", "calibrate")["stages"]
    assert [s["configured"] for s in stages] == list(expected.values())


def test_apply_is_for_calibrate_only(funnel: Funnel) -> None:
    funnel.add("A")
    assert "--apply" in funnel.error("report", "lost", "--apply")


# --- [lost_reasons] -----------------------------------------------------------------------


def test_lost_reasons_make_lose_pick_from_the_list(funnel: Funnel) -> None:
    Path(funnel.env["FUNNEL_CONFIG"]).write_text(
        '[lost_reasons]\nreasons = ["Price", "Chose a competitor", "No budget"]\n',
        encoding="utf-8",
    )
    a, b, c = funnel.add("A"), funnel.add("B"), funnel.add("C")
    err = funnel.error("lose", a, "--reason", "too expensive")
    assert "Price | Chose a competitor | No budget" in err and "--other" in err
    assert funnel.json("show", a)["state"] == "active"
    funnel("lose", a, "--reason", "price")  # any case: the listed spelling is kept
    funnel("lose", b, "--reason", "too expensive", "--other")
    funnel("lose", c, "--reason", "No budget", "--final")
    assert [funnel.json("show", i)["lost_reason"] for i in (a, b, c)] == [
        "Price",
        "too expensive",
        "No budget",
    ]


def test_lost_reasons_are_offered_by_completion(funnel: Funnel) -> None:
    from tests.cli.test_completions import complete

    Path(funnel.env["FUNNEL_CONFIG"]).write_text(
        '[lost_reasons]\nreasons = ["Price", "Chose a competitor", "No budget"]\n',
        encoding="utf-8",
    )
    assert complete(funnel, "funnel lose 1 --reason ") == [
        "Price",
        "Chose a competitor",
        "No budget",
    ]
    assert complete(funnel, "funnel lose 1 --reason Ch") == ["Chose a competitor"]


def test_lost_reasons_must_be_a_list_of_texts(funnel: Funnel) -> None:
    Path(funnel.env["FUNNEL_CONFIG"]).write_text(
        "[lost_reasons]\nreasons = [1, 2]\n", encoding="utf-8"
    )
    assert "lost_reasons.reasons" in funnel.error("list")


# --- funnel review -----------------------------------------------------------------------


def review_store(f: Funnel) -> dict[str, int]:
    """Before the review week (it starts 2026-11-16, a Monday; today is 11-20):
    A intent 1 000, B trial 2 000, C quasi 4 000 (paid), D potential 500, E trial.
    During it (the first events on 11-16 itself): A back to trial and forward to intent
    again; B forward to intent; C won; D lost (price), E dead (rival); two new leads;
    A's follow-up postponed twice, B's once and then brought forward."""
    ids = {
        "A": f.add("A", "--value", "1000", "--stage", "intent", "--source", "web", now=day(2)),
        "B": f.add("B", "--value", "2000", "--stage", "trial", now=day(2)),
        "C": f.add("C", "--value", "4000", "--stage", "intent", now=day(2)),
        "D": f.add("D", "--value", "500", now=day(3)),
        "E": f.add("E", "--stage", "trial", now=day(3)),
    }
    f("contract", ids["C"], now=day(4))
    f("pay", ids["C"], "4000", now=day(4))
    f("move", ids["C"], "quasi", now=day(4))
    f("follow", ids["A"], "2026-11-17", now=day(10))
    f("follow", ids["B"], "2026-11-17", now=day(10))
    # the review week
    f("move", ids["A"], "trial", now="2026-11-16T08:00:00")
    f("move", ids["A"], "intent", now=day(17))
    f("move", ids["B"], "intent", now=day(17))
    f("move", ids["C"], "formal", now=day(18))
    f("lose", ids["D"], "--reason", "price", now=day(18))
    f("lose", ids["E"], "--reason", "rival", "--final", now=day(19))
    f("follow", ids["A"], "2026-11-19", now=day(16))
    f("follow", ids["A"], "2026-11-24", now=day(19))
    f("follow", ids["B"], "2026-11-21", now=day(16))
    f("follow", ids["B"], "2026-11-18", now=day(17))
    ids["F"] = f.add("F", "--source", "web", "--value", "800", now=day(16))
    ids["G"] = f.add("G", now=day(19))
    return ids


def test_review_counts_every_field_by_hand(f: Funnel) -> None:
    ids = review_store(f)
    data = f.json("review", "--since", "2026-11-16")
    assert data == {
        "since": "2026-11-16",
        "new": {"total": 2, "by_source": {"web": 1, "": 1}},
        "moves": {
            # A: intent→trial then trial→intent; B trial→intent; C quasi→formal
            "forward": [
                {"from": "trial", "to": "intent", "leads": 2},
                {"from": "quasi", "to": "formal", "leads": 1},
            ],
            "back": [{"from": "intent", "to": "trial", "leads": 1}],
        },
        "won": {"leads": 1, "value": 4000},
        # D lost, E dead: both count as lost
        "lost": {"leads": 2, "value": 500, "by_reason": {"price": 1, "rival": 1}},
        # then (end of 11-15): A 1 000 × 0.4 + B 2 000 × 0.2 + C 4 000 × 0.8 + D 500 × 0.1
        # = 400 + 400 + 3 200 + 50; now: A and B in intent (0.4), F 800 × 0.1
        "weighted_pipeline": {"then": 4050, "now": 1280},
        "postponed": [ids["A"]],
    }


def test_review_defaults_to_the_last_seven_days_and_mon_means_the_last_monday(
    f: Funnel,
) -> None:
    review_store(f)
    # today is Friday 2026-11-20: the default starts on 11-13, `mon` on 11-16
    assert f.json("review", now=day(20))["since"] == "2026-11-13"
    assert f.json("review", "--since", "mon", now=day(20)) == f.json(
        "review", "--since", "2026-11-16", now=day(20)
    )
    # on the Monday itself, `mon` is a week before
    assert f.json("review", "--since", "mon", now=day(23))["since"] == "2026-11-16"
    assert "future" in f.error("review", "--since", "2026-12-01", now=day(20))


def test_review_as_text_for_mail_and_plain_for_scripts(funnel: Funnel) -> None:
    review_store(funnel)
    text = funnel("review", "--since", "2026-11-16", "-f", "text", now=day(20)).stdout
    lines = text.splitlines()
    assert lines[0] == "Review since 2026-11-16 · 2026-11-20"
    assert "won: 1 worth 4,000" in lines
    assert "lost: 2 worth 500" in lines
    assert "weighted pipeline: 4,050 → 1,280 (−2,770)" in lines
    assert "  trial → intent: 2" in lines and "  intent → trial: 1" in lines
    assert all(len(line) <= 78 for line in lines)
    plain = funnel("review", "--since", "2026-11-16", "-f", "plain", now=day(20)).stdout
    assert plain.splitlines()[:4] == [
        "since\t2026-11-16",
        "new\t2",
        "moved_forward\t3",
        "moved_back\t1",
    ]


def test_lost_and_calibrate_as_text_for_mail(funnel: Funnel) -> None:
    lost_store(funnel)
    zh = funnel.using(FUNNEL_LANG="zh")
    lines = zh("report", "lost", "--by", "stage", "-f", "text").stdout.splitlines()
    assert lines[0] == "流失客户 · 按流失阶段 · 2026-11-20"
    assert lines[2:5] == ["潜在客户", "  客户数：2", "  金额：0"]
    text = funnel("report", "calibrate", "-f", "text").stdout.splitlines()
    # potential: A, B lost there, C (intent) and D (trial) passed it: 0 won of 4
    assert text[2:7] == [
        "potential",
        "  configured: 10.0%",
        "  observed: 0.0%",
        "  decided: 4",
        "  95% interval: 0.0%–49.0%",
    ]
