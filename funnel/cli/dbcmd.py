"""``funnel db``: where the store is, its schema version, upgrades, backups and checks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from funnel.cli.common import FormatOpt, open_store, state
from funnel.i18n import t

app = typer.Typer(
    help="The store itself: path, schema version, upgrade, backup, check.", no_args_is_help=True
)


@app.command("path")
def path(ctx: typer.Context) -> None:
    """Print the store's path (or URL).

    Example: ls -l "$(funnel db path)"
    """
    from funnel.paths import db_target
    from funnel.store.engine import to_url

    target = db_target(state(ctx).db)
    _url, file = to_url(target)
    typer.echo(str(file) if file else target)


@app.command("current")
def current(ctx: typer.Context) -> None:
    """Print the store's schema revision (creating an empty store if there is none).

    Example: funnel db current
    """
    with open_store(ctx) as st:
        typer.echo(st.revision() or "")


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Apply pending schema migrations (funnel also does this on first use).

    Example: funnel --db team.db db upgrade
    """
    with open_store(ctx) as st:
        typer.echo(st.revision() or "")


@app.command("backup")
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Where to write the copy.")],
) -> None:
    """Write a consistent copy of a SQLite store, safe while funnel is in use.

    Example: funnel db backup ~/backups/funnel-$(date +%F).db
    """
    from funnel.errors import StoreError
    from funnel.store import engine as store_mod

    with open_store(ctx) as st:
        if not st.is_sqlite or st.path is None:
            raise StoreError(t("err.backup_sqlite"))
        store_mod.backup(st, file)


@app.command("check")
def check(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """Check the store: schema version, SQLite integrity, references, stage summaries.

    Example: funnel db check && echo fine; funnel db check -f json
    """
    from funnel.errors import StoreError
    from funnel.store import engine as store_engine
    from funnel.views import render
    from funnel.views.render import Column

    with open_store(ctx) as st:
        results = store_engine.check(st)
    rows = [{"check": c, "result": r} for c, r in results]
    columns = (Column("check", "h.event"), Column("result", "h.summary"))
    render.show(render.listing(rows, columns=columns), fmt)
    bad = [c for c, r in results if r != "ok"]
    if bad:
        raise StoreError(t("err.check_failed", checks=", ".join(bad)))
