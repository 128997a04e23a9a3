"""The customer reports rank, score and find medians in SQL; on random customers, on
both engines, they give exactly what the rules of ``domain.reports`` give when applied
in Python to every customer at once (the way the reports were first written)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from funnel.config import load_settings
from funnel.domain import reports as m
from funnel.domain.money import to_number
from funnel.domain.stages import Stage
from funnel.store import reports
from funnel.store.schema import LEAD, ORDER, new_id

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from funnel.store.engine import Store

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 10, tzinfo=timezone.utc)
REPORTS = ("abc", "rfm", "loyalty", "lifecycle", "matrix")

# Few amounts and days, so that revenues, order counts and last orders tie often; the
# days straddle the lifecycle thresholds (30, 90, 180).
amounts = st.sampled_from([100_00, 250_00, 1000_00, 1050_50, 5000_00, 12_345])
days_ago = st.sampled_from([0, 1, 29, 30, 31, 89, 90, 91, 179, 180, 181, 400])
a_customer = st.tuples(
    st.sampled_from(["a", "b"]),  # owner
    st.lists(
        st.tuples(amounts, days_ago, st.sampled_from([False, False, False, True])), max_size=5
    ),  # orders, a few voided
)
shares = st.sampled_from([(0.05, 0.15), (0.1, 0.2), (0.2, 0.3), (0.0, 0.0), (1.0, 0.0), (0.3, 0.7)])


def fill(conn: Connection, people: list[tuple[str, list[tuple[int, int, bool]]]]) -> list[dict]:
    """Leads and their orders (amount, days ago, voided); what each lead is in Python."""
    made = []
    for n, (owner, orders) in enumerate(people, start=1):
        lid = new_id(
            conn.execute(
                LEAD.insert().values(
                    name=f"c{n}",
                    owner=owner,
                    stage=int(Stage.FORMAL),
                    highest_stage=int(Stage.FORMAL),
                    fields={},
                    created_at=NOW,
                    updated_at=NOW,
                    created_on=TODAY,
                    touched_at=NOW,
                    stage_entered_at=NOW,
                )
            )
        )
        for cents, ago, void in orders:
            conn.execute(
                ORDER.insert().values(
                    lead_id=lid,
                    amount_cents=cents,
                    ordered_on=TODAY - timedelta(days=ago),
                    created_at=NOW,
                    void_at=NOW if void else None,
                )
            )
        made.append({"id": lid, "name": f"c{n}", "owner": owner, "orders": orders})
    return made


def customers_of(made: list[dict], owner: str | None) -> list[m.Customer]:
    out = []
    for lead in made:
        kept = [(cents, ago) for cents, ago, void in lead["orders"] if not void]
        if not kept or (owner is not None and lead["owner"] != owner):
            continue
        days = [TODAY - timedelta(days=ago) for _, ago in kept]
        out.append(
            m.Customer(
                lead["id"], lead["name"], sum(c for c, _ in kept), len(kept), min(days), max(days)
            )
        )
    return m.by_revenue(out)


def oracle(kind: str, custs: list[m.Customer], config: Any) -> dict[str, Any]:
    """Each report as the rules give it over the whole list, in its JSON's shape."""
    labels: dict[int, str]
    extra: dict[int, dict[str, Any]] = {c.id: {} for c in custs}
    figures: dict[str, Any] = {}
    life = config.lifecycle
    if kind == "abc":
        labels = m.abc_classes(custs, config.abc["a"], config.abc["b"])
        key, summary, names = "class", "classes", m.ABC_CLASSES
    elif kind == "rfm":
        scores = m.rfm_scores(custs, today=TODAY)
        labels = {cid: m.rfm_segment(*s) for cid, s in scores.items()}
        extra = {cid: dict(zip("rfm", s, strict=True)) for cid, s in scores.items()}
        key, summary, names = "segment", "segments", m.SEGMENTS
    elif kind == "loyalty":
        labels = {
            c.id: m.loyalty_tier(
                c.orders, (TODAY - c.last_order).days, silent_days=life["silent_days"]
            )
            for c in custs
        }
        key, summary, names = "tier", "tiers", m.TIERS
    elif kind == "lifecycle":
        labels = {
            c.id: m.lifecycle_phase(
                (TODAY - c.first_order).days, (TODAY - c.last_order).days, **life
            )
            for c in custs
        }
        key, summary, names = "phase", "phases", m.PHASES
    else:
        rev = m.median([c.revenue_cents for c in custs])
        orders = m.median([c.orders for c in custs])
        labels = {
            c.id: m.quadrant(
                c.revenue_cents, c.orders, median_revenue=rev or 0, median_orders=orders or 0
            )
            for c in custs
        }
        key, summary, names = "quadrant", "quadrants", m.QUADRANTS
        figures = {
            "median_revenue": None if rev is None else to_number(round(rev)),
            "median_orders": orders,
        }
    total = sum(c.revenue_cents for c in custs)
    groups = []
    for name in names:
        cents = sum(c.revenue_cents for c in custs if labels[c.id] == name)
        group = {
            key: name,
            "customers": sum(1 for c in custs if labels[c.id] == name),
            "revenue": to_number(cents),
            "share": m.ratio(cents, total),
        }
        if kind == "matrix":
            group["relationship"] = m.RELATIONSHIP[name]
        groups.append(group)
    rows = [
        {
            **m.customer_record(
                c.id, c.name, c.revenue_cents, c.orders, c.first_order, c.last_order
            ),
            **extra[c.id],
            key: labels[c.id],
        }
        for c in custs
    ]
    return {"customers": rows, summary: groups, **figures}


@settings(
    max_examples=8,
    deadline=None,
    # each example rolls its rows back: sharing the test's store shares nothing
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# Ten customers, two tied second lowest by revenue: 2·below + equal = 4, and 5 × 4 is
# exactly 2 × 1 × 10, the edge between m = 1 and m = 2 (they score 2).
@example(
    people=[
        ("a", [(cents * 100_00, n, False)])
        for n, cents in enumerate([1, 2, 2, 3, 4, 5, 6, 7, 8, 9])
    ],
    shares=(0.05, 0.15),
    owner=None,
)
# Twenty-one customers: A is rank ≤ ceil(1.05) = 2, and the two tied for second are both A.
@example(
    people=[("a", [(cents * 100_00, 0, False)]) for cents in [50, 40, 40, 30, 30, 30] + [10] * 15],
    shares=(0.05, 0.15),
    owner=None,
)
@given(
    people=st.lists(a_customer, max_size=20),
    shares=shares,
    owner=st.sampled_from([None, "a"]),
)
def test_sql_reports_match_the_rules(
    store: Store, people: list, shares: tuple[float, float], owner: str | None
) -> None:
    config = load_settings(Path("/nonexistent/funnel.toml"))
    config.values["abc"] = {"a": shares[0], "b": shares[1]}
    ctx = reports.Context(cohort=reports.Cohort(owner=owner), settings=config, today=TODAY)
    with store.engine.connect() as conn:
        transaction = conn.begin()
        try:
            made = fill(conn, people)
            custs = customers_of(made, owner)
            assert reports.customers(conn, ctx) == custs
            for kind in REPORTS:
                expected = oracle(kind, custs, config)
                report = getattr(reports, kind)(conn, ctx)
                got = dict(report.json())
                got["customers"] = list(got["customers"])
                assert got == expected, kind
                assert list(expected) == list(got), kind  # the JSON's keys, in order
                # the summary alone (a table asks for it first) counts the customers itself
                fresh = getattr(reports, kind)(conn, ctx)
                assert (fresh.groups(), fresh.count()) == (expected[report.summary], len(custs))
        finally:
            transaction.rollback()


@pytest.mark.parametrize("kind", REPORTS)
def test_no_customers(store: Store, kind: str) -> None:
    config = load_settings(Path("/nonexistent/funnel.toml"))
    ctx = reports.Context(cohort=reports.Cohort(), settings=config, today=TODAY)
    with store.read() as conn:
        got = dict(getattr(reports, kind)(conn, ctx).json())
        got["customers"] = list(got["customers"])
    assert got == oracle(kind, [], config)
