"""``funnel db``: where the store is, its schema version, upgrades, backups and checks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from funnel.cli.common import FormatOpt, open_store, state, store_target
from funnel.i18n import t

if TYPE_CHECKING:
    from funnel.store.engine import Store

app = typer.Typer(
    help="The store itself: path, schema version, upgrade, backup, check.", no_args_is_help=True
)


@app.command("path")
def path(ctx: typer.Context) -> None:
    """Print the store's path (or its URL, the password hidden); opens nothing.

    Example: ls -l "$(funnel db path)"
    """
    from funnel.paths import shown_store

    target, file, _default = store_target(ctx)
    typer.echo(str(file) if file else shown_store(target))


@contextmanager
def _unchanged(ctx: typer.Context) -> Iterator[Store | None]:
    """The store as it is: never migrated, and ``None`` (never created) when it is the
    default store and not created yet; any other missing store is an error."""
    state(ctx).settings()
    _target, file, default = store_target(ctx)
    if default and file is not None and not file.exists():
        yield None
        return
    with open_store(ctx, write=False, migrate=False) as st:
        yield st


@app.command("current")
def current(ctx: typer.Context) -> None:
    """Print the store's schema revision; only reads, never creates or upgrades.

    The default store, not created yet, prints an empty line; any other missing store
    is an error.

    Example: funnel db current
    """
    with _unchanged(ctx) as st:
        typer.echo((st.revision() if st else None) or "")


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Apply pending schema migrations (funnel also does this on first use).

    Prints the schema revision the store is at afterwards; on a terminal, also what
    was done.

    Example: funnel --db team.db db upgrade
    """
    from funnel.store import engine as store_engine
    from funnel.store.migrations import HEAD
    from funnel.views import render

    with open_store(ctx, write=True, migrate=False) as st:
        before = st.revision()
        if before != HEAD:
            store_engine.upgrade(st, current=before)
        after = st.revision()
    typer.echo(after or "")
    if before == after:
        render.message(t("msg.db_up_to_date", rev=after))
    elif before is None:
        render.message(t("msg.db_created", rev=after))
    else:
        render.message(t("msg.db_upgraded", old=before, new=after))


@app.command("backup")
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Where to write the copy.")],
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace FILE even if it is not a funnel store (never a link)."
        ),
    ] = False,
) -> None:
    """Write a consistent copy of a SQLite store, safe while funnel is in use.

    The copy is one file, private (0600), written whole or not at all. An existing FILE
    is replaced only if it is a funnel store (an earlier backup), or with --force; a
    symbolic link, a directory or a device is never replaced. For PostgreSQL use pg_dump.

    Example: funnel db backup ~/backups/funnel-$(date +%F).db
    """
    from funnel.errors import StoreError
    from funnel.store import engine as store_engine

    state(ctx).settings()
    _target, sqlite_file, _default = store_target(ctx)
    if sqlite_file is None:  # refused before connecting: nothing to migrate or wait for
        raise StoreError(t("err.backup_sqlite"))
    from funnel.views.render import message

    with open_store(ctx, write=False) as st:
        store_engine.backup(st, file, force=force)
    message(t("msg.backup", path=file))


@app.command("check")
def check(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """Check the store: schema version, SQLite integrity, references, stage summaries.

    Example: funnel db check && echo fine; funnel db check -f json
    """
    from funnel.errors import StoreError
    from funnel.store import engine as store_engine
    from funnel.views import render
    from funnel.views.render import Column

    with open_store(ctx, write=False) as st:
        results = store_engine.check(st)
    rows = [{"check": c, "result": r} for c, r in results]
    columns = (
        Column("check", "h.check", show=_check_name),
        Column("result", "h.result", show=_check_result),
    )
    render.show(render.listing(rows, columns=columns), fmt)
    bad = [c for c, r in results if r != "ok"]
    if bad:
        raise StoreError(t("err.check_failed", checks=", ".join(map(_check_name, bad))))


def _check_name(name: str) -> str:
    """A check's name for people (JSON keeps the English name scripts look for)."""
    from funnel.i18n import MESSAGES

    key = "check." + name.replace(" ", "_")
    return t(key) if key in MESSAGES else name


def _check_result(result: str) -> str:
    """A check's result for people: ``ok``, the leads concerned, the schema found."""
    import re

    if result == "ok":
        return t("check.ok")
    if found := re.fullmatch(r"1 lead: (.*)", result):
        return t("check.one_lead", ids=found[1])
    if found := re.fullmatch(r"(\d+) leads: (.*)", result):
        return t("check.leads", n=found[1], ids=found[2])
    if found := re.fullmatch(r"at (\S+), expected (\S+)", result):
        return t("check.schema_at", rev=found[1], head=found[2])
    if found := re.fullmatch(r"(\d+) broken references", result):
        return t("check.broken", n=found[1])
    return result  # SQLite's own words (integrity_check)
