"""``funnel demo``: a realistic sample store, separate from the user's own."""

from __future__ import annotations

import typer

from funnel.cli.common import FormatOpt, state


def demo(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """Build a sample funnel in a separate demo store and show it.

    The demo store is rebuilt on every run and never touches your own.
    Example: funnel demo; funnel --db "$(funnel db path | sed 's/funnel.db/demo.db/')" list
    """
    from funnel import crud, render, views
    from funnel.demo import build_demo
    from funnel.i18n import t
    from funnel.paths import demo_db_path
    from funnel.store import open_store as open_db

    state(ctx).settings()
    path = demo_db_path()
    for suffix in ("", "-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.unlink()
    st = open_db(str(path))
    try:
        build_demo(st)
        with st.read() as conn:
            leads = crud.list_leads(conn, crud.LeadFilter(state="all"))
    finally:
        st.close()
    render.message(t("msg.demo_store", path=path))
    render.rows(leads, fmt, columns=views.LEAD_COLUMNS, keys=crud.LEAD_KEYS)


def register(app: typer.Typer) -> None:
    app.command()(demo)
