"""The leads as they stood at the end of a day, rebuilt from the history, on both
engines: hand-computed scenarios (moved back and forward again, value edits, losses
and reopens, a loss made final with a new reason, leads created later, payments and
voids), and two properties over any sequence of what a salesperson does: the reports
as of a past day equal the reports taken that day, and as of today equal today's."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funnel.config import load_settings
from funnel.domain.stages import STAGES, Stage
from funnel.errors import FunnelError
from funnel.store import history, leads
from funnel.store import reports as store_reports
from funnel.store.asof import grouped_as_of, leads_as_of
from funnel.store.schema import PAYMENT
from tests.harness import at

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from funnel.store.engine import Store

SETTINGS = load_settings(Path("/nonexistent/funnel-config.toml"))  # the defaults
REPORTS = ("funnel", "sources", "owners", "lost", "forecast")


def report(
    conn: Connection,
    kind: str,
    *,
    as_of: date | None = None,
    by: str | None = None,
    today: date = date(2026, 1, 31),
) -> Any:
    from funnel.store import forecast

    ctx = store_reports.Context(
        cohort=store_reports.Cohort(),
        settings=SETTINGS,
        today=as_of or today,
        by=by or ("month" if kind == "forecast" else "reason"),
        as_of=as_of,
    )
    module = forecast if kind == "forecast" else store_reports
    return getattr(module, kind)(conn, ctx)


def rows_as_of(conn: Connection, day: date, *, paid: bool = False) -> dict[int, dict[str, Any]]:
    lead = leads_as_of(conn, day, paid=paid)
    return {r["id"]: dict(r) for r in conn.execute(sa.select(lead)).mappings()}


def add(conn: Connection, name: str, moment: datetime, **values: Any) -> int:
    return leads.add_lead(conn, {"name": name, **values}, now=moment, force=True)


# --- hand-computed ---------------------------------------------------------------------


def test_a_lead_moved_back_and_forward_again_stands_where_it_was_each_evening(
    conn: Connection,
) -> None:
    lid = add(conn, "Ann", at("2026-01-05"), source="web", owner="li")
    leads.edit_lead(conn, lid, {"value": 1000_00}, now=at("2026-01-06"))
    history.move_lead(conn, lid, Stage.INTENT, now=at("2026-01-06T10:00"))
    history.move_lead(conn, lid, Stage.TRIAL, now=at("2026-01-08"))  # back
    leads.edit_lead(conn, lid, {"value": 2500_00}, now=at("2026-01-08T11:00"))
    history.move_lead(conn, lid, Stage.INTENT, now=at("2026-01-10"))  # forward again
    later = add(conn, "Bob", at("2026-01-09"))

    def seen(day: str) -> tuple[int, int, int]:
        row = rows_as_of(conn, date.fromisoformat(day))[lid]
        return row["stage"], row["highest_stage"], row["value_cents"]

    assert seen("2026-01-05") == (0, 0, 0)
    assert seen("2026-01-06") == (2, 2, 1000_00)
    assert seen("2026-01-07") == (2, 2, 1000_00)
    # back in trial, the highest stage reached stays intent; the value edited that day
    assert seen("2026-01-08") == (1, 2, 2500_00)
    assert seen("2026-01-10") == (2, 2, 2500_00)
    # a lead created later is left out until the day it was created
    assert later not in rows_as_of(conn, date(2026, 1, 8))
    assert later in rows_as_of(conn, date(2026, 1, 9))
    # trial's stay (01-08 → 01-10, 2 days) counts only once it was left
    assert report(conn, "funnel", as_of=date(2026, 1, 9))["stages"][1]["avg_days"] is None
    assert report(conn, "funnel", as_of=date(2026, 1, 10))["stages"][1]["avg_days"] == 2.0


def test_losses_reopens_and_a_final_loss_keep_their_reason_and_stage(conn: Connection) -> None:
    lid = add(conn, "Cai", at("2026-02-01"), stage=Stage.TRIAL, value=300_00)
    history.lose_lead(conn, lid, reason="no budget", final=False, now=at("2026-02-03"))
    history.reopen_lead(conn, lid, now=at("2026-02-05"))
    history.move_lead(conn, lid, Stage.INTENT, now=at("2026-02-06"))
    history.lose_lead(conn, lid, reason="went silent", final=False, now=at("2026-02-08"))
    history.lose_lead(conn, lid, reason="chose a rival", final=True, now=at("2026-02-10"))

    def seen(day: str) -> tuple[Any, ...]:
        row = rows_as_of(conn, date.fromisoformat(day))[lid]
        return row["state"], row["stage"], row["lost_stage"], row["lost_reason"]

    assert seen("2026-02-02") == ("active", 1, None, None)
    assert seen("2026-02-03") == ("lost", 1, 1, "no budget")  # reopened later: its reason
    assert seen("2026-02-05") == ("active", 1, None, None)
    assert seen("2026-02-07") == ("active", 2, None, None)
    assert seen("2026-02-08") == ("lost", 2, 2, "went silent")  # replaced by a later reason
    assert seen("2026-02-10") == ("dead", 2, 2, "chose a rival")
    # dead counts as lost in the lost report, by the stage it was lost from
    lost = report(conn, "lost", as_of=date(2026, 2, 9), by="stage")
    assert lost == [{"key": "intent", "leads": 1, "value": 300}]
    assert report(conn, "lost", as_of=date(2026, 2, 5)) == []
    assert report(conn, "lost", as_of=date(2026, 2, 4)) == [
        {"key": "no budget", "leads": 1, "value": 300}
    ]


def test_payments_count_by_their_day_until_voided(conn: Connection) -> None:
    lid = add(conn, "Dan", at("2026-03-01"), value=900_00)
    history.add_payment(conn, lid, 100_00, on=date(2026, 3, 2), now=at("2026-03-02"))
    history.add_payment(conn, lid, 200_00, on=date(2026, 3, 4), now=at("2026-03-04"))
    payment = conn.execute(
        sa.select(sa.func.max(PAYMENT.c.id)).where(PAYMENT.c.lead_id == lid)
    ).scalar_one()
    history.void_row(conn, "payment", payment, reason="bounced", now=at("2026-03-06"), user="t")

    def paid(day: str) -> int:
        return int(rows_as_of(conn, date.fromisoformat(day), paid=True)[lid]["paid_cents"])

    assert [paid(d) for d in ("2026-03-01", "2026-03-02", "2026-03-05", "2026-03-06")] == [
        0,
        100_00,
        300_00,
        100_00,
    ]


def test_a_won_lead_reached_formal_from_that_day_on(conn: Connection) -> None:
    lid = add(conn, "Eve", at("2026-04-01"), value=500_00)
    history.set_contract(conn, lid, on=date(2026, 4, 2), now=at("2026-04-02"))
    history.add_payment(conn, lid, 500_00, on=date(2026, 4, 3), now=at("2026-04-03"))
    history.move_lead(conn, lid, Stage.QUASI, now=at("2026-04-03"))
    history.move_lead(conn, lid, Stage.FORMAL, now=at("2026-04-05"))
    history.move_lead(conn, lid, Stage.TRIAL, force=True, now=at("2026-04-07"))
    before, won, after = (rows_as_of(conn, date(2026, 4, d))[lid] for d in (4, 5, 8))
    assert (before["highest_stage"], before["won_on"]) == (3, None)
    assert (won["highest_stage"], won["won_on"]) == (4, date(2026, 4, 5))
    assert (after["stage"], after["highest_stage"]) == (1, 4)
    assert report(conn, "sources", as_of=date(2026, 4, 4))[0]["won"] == 0
    assert report(conn, "sources", as_of=date(2026, 4, 5))[0]["won"] == 1


def test_the_close_date_as_it_was_planned_then(conn: Connection) -> None:
    lid = add(conn, "Fay", at("2026-06-01"), stage=Stage.INTENT, value=1000_00)
    leads.edit_lead(conn, lid, {"close": date(2026, 6, 20)}, now=at("2026-06-02"))
    leads.edit_lead(conn, lid, {"close": date(2026, 8, 5)}, now=at("2026-06-25"))  # slipped
    assert [rows_as_of(conn, date(2026, 6, d))[lid]["close_on"] for d in (1, 2, 24, 25)] == [
        None,
        date(2026, 6, 20),
        date(2026, 6, 20),
        date(2026, 8, 5),
    ]
    june = report(conn, "forecast", as_of=date(2026, 6, 10))
    assert june["periods"][0] == {
        "period": "2026-06",
        "won": 0,
        "commit": 0,
        "best_case": 1000,
        "weighted": 400,
        "leads": 1,
    }
    late = report(conn, "forecast", as_of=date(2026, 6, 24))
    assert late["slipped"] == {"leads": 1, "value": 1000}  # 06-20 passed, not moved yet
    moved = report(conn, "forecast", as_of=date(2026, 6, 25))
    assert moved["slipped"] == {"leads": 0, "value": 0}
    assert [p["leads"] for p in moved["periods"][:3]] == [0, 0, 1]


def test_grouped_counts_equal_the_rows_rebuilt_one_by_one(conn: Connection) -> None:
    """The fast path (the table as it is, less the changed leads now, plus the same as
    they stood) gives what grouping the rebuilt rows gives."""
    a = add(conn, "A", at("2026-05-01"), value=100_00)
    b = add(conn, "B", at("2026-05-01"), stage=Stage.INTENT, value=200_00)
    add(conn, "C", at("2026-05-03"), stage=Stage.TRIAL)
    history.move_lead(conn, a, Stage.TRIAL, now=at("2026-05-02"))
    history.lose_lead(conn, b, reason="price", final=False, now=at("2026-05-04"))

    def by_state_stage(lead: Any) -> Any:
        return sa.select(
            lead.c.state, lead.c.stage, sa.func.count(), sa.func.sum(lead.c.value_cents)
        ).group_by(lead.c.state, lead.c.stage)

    for day in (date(2026, 5, 1), date(2026, 5, 2), date(2026, 5, 3), date(2026, 5, 4)):
        fast = sorted(grouped_as_of(conn, day, by_state_stage, sums=2))
        rebuilt = leads_as_of(conn, day)
        slow = sorted(tuple(r) for r in conn.execute(by_state_stage(rebuilt)))
        assert fast == [tuple(int(x) if isinstance(x, int) else x for x in r) for r in slow]
    assert sorted(grouped_as_of(conn, date(2026, 5, 2), by_state_stage, sums=2)) == [
        ("active", 1, 1, 100_00),
        ("active", 2, 1, 200_00),
    ]


# --- properties ---------------------------------------------------------------------------

START = at("2026-01-01")
ops = st.one_of(
    st.tuples(st.just("move"), st.sampled_from(STAGES)),
    st.tuples(st.just("value"), st.integers(0, 3).map(lambda n: n * 400_00)),
    st.tuples(st.just("lose"), st.booleans(), st.sampled_from(["price", "timing", "rival"])),
    st.tuples(st.just("reopen")),
    st.tuples(st.just("pay"), st.integers(1, 3).map(lambda n: n * 100_00)),
    st.tuples(st.just("close"), st.sampled_from([None, date(2026, 1, 2), date(2026, 2, 20)])),
)
days = st.lists(
    st.lists(st.tuples(st.integers(0, 3), ops), max_size=5), min_size=1, max_size=4
)  # per day: (which lead, what), new leads first


def act(conn: Connection, lid: int, op: tuple[Any, ...], moment: datetime) -> None:
    kind, *args = op
    try:
        if kind == "move":
            history.move_lead(conn, lid, args[0], now=moment, force=True)
        elif kind == "value":
            leads.edit_lead(conn, lid, {"value": args[0]}, now=moment)
        elif kind == "lose":
            history.lose_lead(conn, lid, reason=args[1], final=args[0], now=moment)
        elif kind == "close":
            leads.edit_lead(conn, lid, {"close": args[0]}, now=moment)
        elif kind == "reopen":
            history.reopen_lead(conn, lid, now=moment)
        else:
            history.add_payment(conn, lid, args[0], on=moment.date(), now=moment)
    except FunnelError:
        pass  # refused (same stage, not lost…): nothing written


def all_reports(conn: Connection, day: date, *, as_of: bool = False) -> dict[str, Any]:
    """Every as-of report as printed on ``day`` (or, with ``as_of``, rebuilt as of it)."""
    when = {"as_of": day} if as_of else {"today": day}
    out = {kind: report(conn, kind, **when) for kind in REPORTS}  # type: ignore[arg-type]
    out["lost-stage"] = report(conn, "lost", by="stage", **when)  # type: ignore[arg-type]
    return out


@settings(
    max_examples=5,  # ~0.6 s each: three rounds of five reports, two of them rebuilt
    deadline=None,
    # each example rolls its own transaction back: examples share nothing
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(days=days, past=st.integers(0, 3))
def test_as_of_today_equals_now_and_a_past_day_equals_that_days_reports(
    store: Store, days: list[list[tuple[int, tuple[Any, ...]]]], past: int
) -> None:
    with store.engine.connect() as conn:
        transaction = conn.begin()
        try:
            ids: list[int] = []
            captured: dict[date, dict[str, Any]] = {}
            for n, day_ops in enumerate(days):
                moment = START + timedelta(days=n)
                ids.append(add(conn, f"L{n}", moment, source=["web", "fair"][n % 2]))
                for i, (which, op) in enumerate(day_ops):
                    act(conn, ids[which % len(ids)], op, moment + timedelta(minutes=i + 1))
                if n == past % len(days):
                    captured[moment.date()] = all_reports(conn, moment.date())
            today = START.date() + timedelta(days=len(days) - 1)
            assert all_reports(conn, today, as_of=True) == all_reports(conn, today)
            for day, seen in captured.items():
                assert all_reports(conn, day, as_of=True) == seen, day
        finally:
            transaction.rollback()


@pytest.mark.parametrize("kind", REPORTS)
def test_as_of_before_the_first_lead_is_empty(conn: Connection, kind: str) -> None:
    add(conn, "Late", at("2026-06-10"), value=10_00)
    data = report(conn, kind, as_of=date(2026, 6, 9))
    if kind == "funnel":
        assert [s["reached"] for s in data["stages"]] == [0, 0, 0, 0, 0]
        assert data["weighted_pipeline"] == 0
    elif kind == "forecast":
        assert data["no_close_date"] == {"leads": 0, "value": 0}
        assert sum(p["leads"] for p in data["periods"]) == 0
    else:
        assert data == []
