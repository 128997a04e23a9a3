"""Bare ``funnel`` (no command): today's summary, or how to start in an empty store."""

from __future__ import annotations

import typer

from funnel.cli.common import now, open_store, state, store_target


def today(ctx: typer.Context) -> None:
    """Follow-ups due (the most urgent few), stale leads and the pipeline by stage."""
    from funnel.domain.dates import today as today_date
    from funnel.domain.followups import stale_thresholds
    from funnel.paths import hide_passwords
    from funnel.store import followups as store_followups
    from funnel.store import reports as store_reports
    from funnel.views import render
    from funnel.views.today import today_view

    settings = state(ctx).settings()
    day = today_date()
    thresholds = stale_thresholds(settings.stale_days)
    with open_store(ctx, write=False) as st, st.read() as conn:
        due = store_followups.due_items(conn, today=day)
        stale = store_followups.stale_items(conn, now=now(), thresholds=thresholds)
        slipped = store_followups.slipped_count(conn, today=day)
        report = store_reports.funnel(
            conn, store_reports.Context(cohort=store_reports.Cohort(), settings=settings, today=day)
        )
    target = store_target(ctx)[0]
    stages = report["stages"]
    view = today_view(
        day=day.isoformat(),
        due=due,
        stale=len(stale),
        slipped=slipped,
        stages=stages,
        leads=stages[0]["reached"] if stages else 0,
        store=hide_passwords(target, target),
        currency=settings.currency,
    )
    render.show(view, render.Format.text)
