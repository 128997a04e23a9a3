"""Reports, driven through the CLI on small stores whose every number is worked out here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from funnel.cli.report import REPORTS
from tests.harness import Funnel, build_story

STAGE_KEYS = ["stage", "active", "value", "reached", "conversion", "avg_days"]


def build_funnel_store(funnel: Funnel) -> dict[str, int]:
    """Six leads: a full walk, a skip with a backward move, a forced move then lost,
    an untouched lead, a dead one, and a trial with a value."""
    a = funnel.add("A", "--source", "web", "--owner", "li", now="2026-01-01T09:00")
    funnel("move", a, "trial", "--on", "2026-01-05")  # potential: 4 days
    funnel("edit", a, "--value", "1000")
    funnel("move", a, "intent", "--on", "2026-01-15")  # trial: 10 days
    funnel("contract", a, "--on", "2026-01-16")
    funnel("pay", a, "400", "--on", "2026-01-16")
    funnel("move", a, "quasi", "--on", "2026-01-20")  # intent: 5 days
    funnel("pay", a, "600", "--on", "2026-01-30")
    funnel("move", a, "formal", "--on", "2026-02-01")  # quasi: 12 days; won
    funnel("order", a, "500", "--on", "2026-03-01")

    b = funnel.add(
        "B", "--source", "web", "--owner", "wang", "--value", "2000", now="2026-01-10T09:00"
    )
    funnel("move", b, "intent", "--on", "2026-01-12")  # potential: 2 days (skip)
    funnel("move", b, "trial", "--on", "2026-01-20")  # intent: backward, not counted
    funnel("move", b, "intent", "--on", "2026-01-22")  # trial: 2 days

    c = funnel.add("C", "--source", "fair", "--owner", "li", now="2026-02-01T09:00")
    funnel("move", c, "quasi", "--force", "--on", "2026-02-03")  # potential: 2 days (forced)
    funnel("lose", c, "--reason", "price too high", now="2026-02-10T12:00")

    d = funnel.add(
        "D", "--source", "fair", "--owner", "li", "--value", "500", now="2026-03-01T09:00"
    )

    e = funnel.add("E", "--owner", "wang", now="2026-03-05T09:00")
    funnel("move", e, "trial", "--on", "2026-03-06")  # potential: 1 day
    funnel("lose", e, "--reason", "no budget", "--final", now="2026-03-07T12:00")

    f = funnel.add(
        "F", "--source", "web", "--owner", "li", "--value", "300", now="2026-04-01T09:00"
    )
    funnel("move", f, "trial", "--on", "2026-04-11")  # potential: 10 days
    return {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f}


def column(report: dict, key: str) -> list:
    return [s[key] for s in report["stages"]]


def test_funnel_report_numbers(funnel: Funnel, from_template) -> None:
    from_template(build_funnel_store)
    report = funnel.json("report")
    assert list(report) == ["stages", "win_rate", "weighted_pipeline", "lost"]
    assert [list(s) for s in report["stages"]] == [STAGE_KEYS] * 5
    assert column(report, "stage") == ["potential", "trial", "intent", "quasi", "formal"]
    # highest stage: A formal, B intent, C quasi (forced), D potential, E trial, F trial
    assert column(report, "reached") == [6, 5, 3, 2, 1]
    assert column(report, "conversion") == [5 / 6, 3 / 5, 2 / 3, 1 / 2, None]
    # active now: D potential (500), F trial (300), B intent (2000), A formal (1000)
    assert column(report, "active") == [1, 1, 1, 0, 1]
    assert column(report, "value") == [500, 300, 2000, 0, 1000]
    # forward stays: potential A4 B2 C2 E1 F10; trial A10 B2; intent A5; quasi A12
    assert column(report, "avg_days") == [19 / 5, 12 / 2, 5.0, 12.0, None]
    assert report["win_rate"] == 1 / 6
    assert report["weighted_pipeline"] == 500 * 0.1 + 300 * 0.2 + 2000 * 0.4  # 910
    assert report["lost"] == {
        "total": 2,
        "by_stage": {"potential": 0, "trial": 1, "intent": 0, "quasi": 1, "formal": 0},
        "by_reason": {"no budget": 1, "price too high": 1},
    }


def test_weighted_pipeline_follows_the_config(funnel: Funnel, from_template, env: dict) -> None:
    from_template(build_funnel_store)
    Path(env["FUNNEL_CONFIG"]).write_text(
        "[probabilities]\npotential = 0.5\nintent = 0.25\n", encoding="utf-8"
    )
    report = funnel.json("report")
    assert report["weighted_pipeline"] == 500 * 0.5 + 300 * 0.2 + 2000 * 0.25  # 810


def test_cohort_by_owner_dates_and_source(funnel: Funnel, from_template) -> None:
    from_template(build_funnel_store)
    li = funnel.json("report", "--owner", "li")  # A, C, D, F
    assert column(li, "reached") == [4, 3, 2, 2, 1]
    assert column(li, "conversion") == [3 / 4, 2 / 3, 1.0, 1 / 2, None]
    assert li["win_rate"] == 1 / 4
    assert column(li, "avg_days") == [(4 + 2 + 10) / 3, 10.0, 5.0, 12.0, None]
    assert li["lost"]["by_reason"] == {"price too high": 1}

    spring = funnel.json("report", "--since", "2026-02-01", "--until", "2026-03-05")  # C D E
    assert column(spring, "reached") == [3, 2, 1, 1, 0]
    assert spring["win_rate"] == 0.0
    assert column(spring, "avg_days") == [1.5, None, None, None, None]
    assert spring["lost"]["total"] == 2
    assert spring["weighted_pipeline"] == 50

    fair_li = funnel.json("report", "--source", "fair", "--owner", "li")  # C, D
    assert column(fair_li, "reached") == [2, 1, 1, 1, 0]
    assert column(fair_li, "active") == [1, 0, 0, 0, 0]
    assert column(fair_li, "avg_days") == [2.0, None, None, None, None]  # C's forced move
    web_since = funnel.json("report", "--source", "web", "--since", "2026-01-05")  # B, F
    assert column(web_since, "avg_days") == [(2 + 10) / 2, 2.0, None, None, None]

    nobody = funnel.json("report", "--since", "2027-01-01")
    assert column(nobody, "reached") == [0] * 5 and nobody["win_rate"] is None


def test_since_after_until_is_an_error(funnel: Funnel) -> None:
    err = funnel.error("report", "--since", "2026-05-01", "--until", "2026-04-01")
    assert "--since 2026-05-01 is after --until 2026-04-01" in err


def test_reopened_lead_is_no_longer_lost(funnel: Funnel, from_template) -> None:
    ids = from_template(build_funnel_store)
    funnel("reopen", ids["C"])
    report = funnel.json("report")
    assert report["lost"]["total"] == 1
    assert column(report, "active")[3] == 1  # C is back in quasi


def test_sources_and_owners(funnel: Funnel, from_template) -> None:
    from_template(build_funnel_store)
    assert funnel.json("report", "sources") == [
        {"source": "web", "leads": 3, "won": 1, "win_rate": 1 / 3, "value": 1000},
        {"source": "fair", "leads": 2, "won": 0, "win_rate": 0.0, "value": 0},
        {"source": None, "leads": 1, "won": 0, "win_rate": 0.0, "value": 0},
    ]
    assert funnel.json("report", "owners") == [
        {"owner": "li", "leads": 4, "won": 1, "win_rate": 0.25, "value": 1000},
        {"owner": "wang", "leads": 2, "won": 0, "win_rate": 0.0, "value": 0},
    ]
    csv_out = funnel("report", "owners", "-f", "csv").stdout.splitlines()
    assert csv_out == ["owner,leads,won,win_rate,value", "li,4,1,0.25,1000", "wang,2,0,0.0,0"]


def test_trend_by_month_quarter_and_week(funnel: Funnel, from_template) -> None:
    from_template(build_funnel_store)
    assert funnel.json("report", "trend") == [
        {"period": "2026-01", "new": 2, "won": 0, "lost": 0},
        {"period": "2026-02", "new": 1, "won": 1, "lost": 1},  # C created, A won, C lost
        {"period": "2026-03", "new": 2, "won": 0, "lost": 1},  # D, E created; E dead
        {"period": "2026-04", "new": 1, "won": 0, "lost": 0},
        # up to today (2026-11-20): the months without new leads show as zeros
        *({"period": f"2026-{m:02d}", "new": 0, "won": 0, "lost": 0} for m in range(5, 12)),
    ]
    assert funnel.json("report", "trend", "--by", "quarter") == [
        {"period": "2026-Q1", "new": 5, "won": 1, "lost": 2},
        {"period": "2026-Q2", "new": 1, "won": 0, "lost": 0},
        {"period": "2026-Q3", "new": 0, "won": 0, "lost": 0},
        {"period": "2026-Q4", "new": 0, "won": 0, "lost": 0},
    ]
    weeks = funnel.json("report", "trend", "--by", "week", "--until", "2026-04-05")
    # 2026-01-01 is a Thursday, so ISO week 1; --until 2026-04-05 ends week 14; gaps kept.
    assert [w["period"] for w in weeks] == [f"2026-W{i:02d}" for i in range(1, 15)]
    assert weeks[0] == {"period": "2026-W01", "new": 1, "won": 0, "lost": 0}
    assert weeks[1] == {"period": "2026-W02", "new": 1, "won": 0, "lost": 0}
    assert sum(w["new"] for w in weeks) == 6
    table = funnel("report", "trend", "-f", "table").stdout
    assert "2026-03" in table and "█" in table


def test_empty_store_gives_zeros_and_nulls(funnel: Funnel) -> None:
    funnel("db", "upgrade")  # an empty store
    report = funnel.json("report")
    assert column(report, "reached") == [0] * 5
    assert column(report, "conversion") == [None] * 5
    assert column(report, "avg_days") == [None] * 5
    assert report["win_rate"] is None and report["weighted_pipeline"] == 0
    assert report["lost"]["total"] == 0 and report["lost"]["by_reason"] == {}
    for kind in ("sources", "owners", "trend"):
        assert funnel.json("report", kind) == []
    abc = funnel.json("report", "abc")
    assert abc == {
        "customers": [],
        "classes": [{"class": k, "customers": 0, "revenue": 0, "share": None} for k in "ABC"],
    }
    for kind, summary in (
        ("rfm", "segments"),
        ("loyalty", "tiers"),
        ("lifecycle", "phases"),
        ("matrix", "quadrants"),
    ):
        data = funnel.json("report", kind)
        assert data["customers"] == [] and all(g["customers"] == 0 for g in data[summary])
    for kind in REPORTS:
        assert funnel("report", kind, "-f", "table").stdout


def test_plain_and_csv_of_the_funnel(funnel: Funnel, from_template) -> None:
    from_template(build_funnel_store)
    csv_lines = funnel("report", "-f", "csv").stdout.splitlines()
    assert csv_lines[0] == "stage,active,value,reached,conversion,avg_days"
    assert csv_lines[5] == "formal,1,1000,1,,"
    plain = funnel("report", "-f", "plain").stdout.splitlines()
    assert plain[0] == "potential\t1\t500\t6\t" + str(5 / 6) + "\t3.8"
    assert plain[5:] == [f"win_rate\t{1 / 6}", "weighted_pipeline\t910", "lost\t2"]


def test_table_shows_the_funnel_chart(funnel: Funnel, from_template) -> None:
    from_template(build_funnel_store)
    out = funnel("report", "-f", "table").stdout
    assert "Sales funnel" in out and "↓ 83.3%" in out and "↓ 60.0%" in out
    bars = [line.count("█") for line in out.splitlines() if "█" in line]
    assert bars == sorted(bars, reverse=True) and bars[0] == 40  # narrowing stage by stage
    assert "win rate" in out and "16.7%" in out and "price too high" in out
    assert "How to act on it" in out


def test_report_in_chinese(funnel: Funnel, from_template, env: dict) -> None:
    from_template(build_funnel_store)
    Path(env["FUNNEL_CONFIG"]).write_text('language = "zh"\n', encoding="utf-8")
    out = funnel("report", "-f", "table").stdout
    assert "销售漏斗" in out and "成交率" in out and "如何行动" in out
    assert funnel.json("report")["win_rate"] == 1 / 6  # JSON keys stay English


@pytest.mark.parametrize("suffix,marker", [(".html", "<html"), (".svg", "<svg"), (".txt", "")])
def test_output_file(
    funnel: Funnel, from_template, tmp_path: Path, suffix: str, marker: str
) -> None:
    from_template(build_funnel_store)
    path = tmp_path / f"funnel{suffix}"
    result = funnel("report", "-o", str(path))
    assert result.stdout == ""
    text = path.read_text(encoding="utf-8")
    assert marker in text and "potential" in text
    if suffix == ".txt":
        assert "Sales funnel" in text and "\x1b[" not in text


def test_output_file_as_json(funnel: Funnel, from_template, tmp_path: Path) -> None:
    from_template(build_funnel_store)
    path = tmp_path / "funnel.json"
    funnel("report", "-o", str(path), "-f", "json")
    assert json.loads(path.read_text(encoding="utf-8"))["win_rate"] == 1 / 6


# --- customers ---------------------------------------------------------------------------


def customer(funnel: Funnel, name: str, value: str, won: str, *orders: tuple[str, str]) -> int:
    """A formal customer won on ``won`` for ``value``, with repeat orders (amount, day)."""
    lid = funnel.add(name, "--value", value, "--stage", "formal", "--force", now=f"{won}T09:00")
    for amount, day in orders:
        funnel("order", lid, amount, "--on", day)
    return lid


def build_customers(funnel: Funnel) -> dict[str, int]:
    return {
        "P1": customer(
            funnel, "P1", "5000", "2026-11-10", ("1000", "2026-11-15"), ("1000", "2026-11-18")
        ),
        "P2": customer(funnel, "P2", "3000", "2026-10-01", ("1000", "2026-10-20")),
        "P3": customer(
            funnel,
            "P3",
            "9000",
            "2026-06-01",
            ("300", "2026-06-10"),
            ("300", "2026-06-20"),
            ("300", "2026-07-01"),
        ),
        "P4": customer(funnel, "P4", "200", "2026-11-19"),
        "P5": customer(funnel, "P5", "100", "2026-01-15"),
    }


def by_name(data: dict, key: str) -> dict:
    return {c["name"]: c[key] for c in data["customers"]}


def test_rfm_on_a_known_set(funnel: Funnel, from_template) -> None:
    from_template(build_customers)
    data = funnel.json("report", "rfm")
    # today 2026-11-20. Recency (days): P4 1, P1 2, P2 31, P3 142, P5 309 → 5 4 3 2 1.
    # Orders: P3 4, P1 3, P2 2, P4 1, P5 1 → 5 4 3, and the tied pair 1 + floor(5 × 1/5) = 2.
    # Revenue: P3 9900, P1 7000, P2 4000, P4 200, P5 100 → 5 4 3 2 1.
    scores = {c["name"]: (c["r"], c["f"], c["m"]) for c in data["customers"]}
    assert scores == {
        "P1": (4, 4, 4),
        "P2": (3, 3, 3),
        "P3": (2, 5, 5),
        "P4": (5, 2, 2),
        "P5": (1, 2, 1),
    }
    assert by_name(data, "segment") == {
        "P1": "champions",
        "P2": "needs attention",
        "P3": "at risk",
        "P4": "promising",
        "P5": "lost",
    }
    first = data["customers"][0]
    assert first == {
        "id": 3,
        "name": "P3",
        "revenue": 9900,
        "orders": 4,
        "first_order": "2026-06-01",
        "last_order": "2026-07-01",
        "r": 2,
        "f": 5,
        "m": 5,
        "segment": "at risk",
    }
    segments = {s["segment"]: (s["customers"], s["revenue"]) for s in data["segments"]}
    assert segments["at risk"] == (1, 9900) and segments["loyal"] == (0, 0)


def test_loyalty_lifecycle_and_matrix(funnel: Funnel, from_template) -> None:
    from_template(build_customers)
    loyalty = funnel.json("report", "loyalty")
    # loyal = 3+ orders and the last within 90 days: P1; P3 has 4 but last 142 days ago.
    assert by_name(loyalty, "tier") == {
        "P1": "loyal",
        "P2": "repeat",
        "P3": "repeat",
        "P4": "first-time",
        "P5": "first-time",
    }
    assert [(t["tier"], t["customers"], t["revenue"]) for t in loyalty["tiers"]] == [
        ("first-time", 2, 300),
        ("repeat", 2, 13900),
        ("loyal", 1, 7000),
    ]
    life = funnel.json("report", "lifecycle")
    # new: first order ≤ 30 days ago; silent: last > 90; lost: last > 180.
    assert by_name(life, "phase") == {
        "P1": "new",
        "P2": "active",
        "P3": "silent",
        "P4": "new",
        "P5": "lost",
    }
    matrix = funnel.json("report", "matrix")
    # medians: revenue 4000, orders 2; high means strictly above.
    assert matrix["median_revenue"] == 4000 and matrix["median_orders"] == 2.0
    assert by_name(matrix, "quadrant") == {
        "P1": "strategic",
        "P2": "vendor",
        "P3": "strategic",
        "P4": "vendor",
        "P5": "vendor",
    }
    assert [(q["quadrant"], q["relationship"], q["customers"]) for q in matrix["quadrants"]] == [
        ("strategic", "partner", 2),
        ("purchase", "relationship", 0),
        ("emotional", "relationship", 0),
        ("vendor", "relationship", 3),
    ]


def test_lifecycle_thresholds_follow_the_config(funnel: Funnel, from_template, env: dict) -> None:
    from_template(build_customers)
    Path(env["FUNNEL_CONFIG"]).write_text(
        "[lifecycle]\nnew_days = 5\nsilent_days = 30\nlost_days = 100\n", encoding="utf-8"
    )
    life = funnel.json("report", "lifecycle")
    assert by_name(life, "phase") == {
        "P1": "active",
        "P2": "silent",
        "P3": "lost",
        "P4": "new",
        "P5": "lost",
    }


def test_customer_cohort_and_table(funnel: Funnel, from_template) -> None:
    from_template(build_customers)
    recent = funnel.json("report", "abc", "--since", "2026-10-01")
    assert [c["name"] for c in recent["customers"]] == ["P1", "P2", "P4"]
    out = funnel("report", "rfm", "-f", "table").stdout
    assert "at risk" in out and "Call the at-risk customers first" in out
    abc = funnel("report", "abc", "-f", "table").stdout
    assert "Grading has traps" in abc and "A█" in abc
    assert funnel("report", "abc", "-f", "csv").stdout.splitlines()[0] == (
        "id,name,revenue,orders,first_order,last_order,class"
    )


def abc_store(funnel: Funnel, revenues: list[int]) -> dict:
    for i, revenue in enumerate(revenues, start=1):
        funnel("add", f"C{i:02d}", "--value", str(revenue), "--stage", "formal", "--force")
    return funnel.json("report", "abc")


def classes(data: dict) -> list[tuple[str, int, int]]:
    return [(c["class"], c["customers"], c["revenue"]) for c in data["classes"]]


def test_abc_one_customer(funnel: Funnel) -> None:
    data = abc_store(funnel, [700])
    assert [c["class"] for c in data["customers"]] == ["A"]  # ceil(0.05 × 1) = 1
    assert data["classes"][0]["share"] == 1.0 and data["classes"][2]["share"] == 0.0


def test_abc_two_customers(funnel: Funnel) -> None:
    data = abc_store(funnel, [100, 300])
    # A: rank ≤ ceil(0.1) = 1; B: rank ≤ ceil(0.4) = 1; C: the rest.
    assert [(c["name"], c["class"]) for c in data["customers"]] == [("C02", "A"), ("C01", "C")]
    assert classes(data) == [("A", 1, 300), ("B", 0, 0), ("C", 1, 100)]
    assert [c["share"] for c in data["classes"]] == [0.75, 0.0, 0.25]


def test_abc_ten_customers(funnel: Funnel) -> None:
    data = abc_store(funnel, [100 * i for i in range(1, 11)])
    # A: ceil(0.5) = 1 customer; B: ceil(2.0) = 2 → one more; C: 8.
    assert classes(data) == [("A", 1, 1000), ("B", 1, 900), ("C", 8, 3600)]
    assert [c["share"] for c in data["classes"]] == [1000 / 5500, 900 / 5500, 3600 / 5500]


def test_abc_shares_from_the_config_without_float_drift(funnel: Funnel, env: dict) -> None:
    Path(env["FUNNEL_CONFIG"]).write_text("[abc]\na = 0.1\nb = 0.2\n", encoding="utf-8")
    data = abc_store(funnel, [100 * i for i in range(1, 11)])
    # ceil(0.1 × 10) = 1 and ceil(0.3 × 10) = 3 (not 4, as 0.1 + 0.2 in floats would give).
    assert classes(data) == [("A", 1, 1000), ("B", 2, 1700), ("C", 7, 2800)]


def test_abc_twenty_one_customers_with_ties(funnel: Funnel) -> None:
    revenues = [5000, 4000, 4000, 3000, 3000, 3000] + [1000] * 15
    data = abc_store(funnel, revenues)
    # A: rank ≤ ceil(1.05) = 2 → 5000 (rank 1) and both 4000s (rank 2).
    # B: rank ≤ ceil(4.2) = 5 → the three 3000s (rank 4). C: the fifteen 1000s (rank 7).
    assert classes(data) == [("A", 3, 13000), ("B", 3, 9000), ("C", 15, 15000)]
    assert [c["share"] for c in data["classes"]] == [13000 / 37000, 9000 / 37000, 15000 / 37000]
    assert [c["name"] for c in data["customers"][:3]] == ["C01", "C02", "C03"]


def test_order_is_for_formal_customers_and_counts_in_revenue(funnel: Funnel) -> None:
    lead = funnel.add("Prospect")
    assert "not an active formal customer" in funnel.error("order", lead, "100")
    won = funnel.add("Won", "--value", "800", "--stage", "formal", "--force")
    funnel("order", won, "12800", "--on", "2026-10-02")
    shown = funnel.json("show", won)
    # by date: the repeat order is dated before the won deal of today
    assert [(o["amount"], o["won_deal"]) for o in shown["orders"]] == [(12800, False), (800, True)]
    data = funnel.json("report", "abc")
    assert data["customers"][0]["revenue"] == 13600 and data["customers"][0]["orders"] == 2
    assert data["customers"][0]["first_order"] == "2026-10-02"


def test_each_report_is_declared_once_with_its_keys(funnel: Funnel) -> None:
    """Every report of the registry is a choice of `report`; its JSON records have
    exactly the keys its plain and csv rows print, in that order."""
    build_story(funnel)
    funnel("goal", "set", "2026", "1000")  # the goals report lists goals
    for name, report in REPORTS.items():
        data = funnel.json("report", name)
        records = report.view.records(data)
        assert records, name
        assert all(list(record) == list(report.view.keys) for record in records), name
        header = funnel("report", name, "-f", "csv").stdout.splitlines()[0]
        assert header == ",".join(report.view.keys), name
        plain = funnel("report", name, "-f", "plain").stdout.splitlines()
        assert len(plain) == len(records) + len(report.view.tail(data)), name
    bad = funnel("report", "nonsense", ok=None)
    assert bad.exit_code == 2 and "nonsense" in bad.output
