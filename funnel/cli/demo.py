"""``funnel demo``: a realistic sample store, separate from the user's own."""

from __future__ import annotations

import shlex

import typer

from funnel.cli.common import FormatOpt, state


def demo(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """Build a sample funnel in a separate demo store and show its funnel report.

    The demo store is rebuilt on every run and never touches your own.
    It ends by saying how to explore it (the --db to pass).
    Example: funnel demo; funnel --db "$(funnel db path | sed 's/funnel.db/demo.db/')" list
    """
    from funnel.cli.report import DEFAULT, REPORTS
    from funnel.domain.dates import today
    from funnel.i18n import t
    from funnel.paths import demo_db_path
    from funnel.store import reports as store_reports
    from funnel.store.demo import build_demo
    from funnel.store.engine import open_store as open_db
    from funnel.views import render

    settings = state(ctx).settings()
    path = demo_db_path()
    for suffix in ("", "-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.unlink()
    st = open_db(str(path), parents=True)
    report = REPORTS[DEFAULT]
    context = store_reports.Context(cohort=store_reports.Cohort(), settings=settings, today=today())
    try:
        build_demo(st)
        with st.read() as conn:
            data = report.run(conn, context)
    finally:
        st.close()
    render.message(t("msg.demo_store", path=path))
    render.show(report.view.of(data, currency=settings.currency), fmt)
    render.warn(t("msg.demo_explore", db=shlex.quote(str(path))))


def register(app: typer.Typer) -> None:
    app.command()(demo)
