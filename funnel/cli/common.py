"""What every command shares: the global state, the store, the clock, options."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from funnel.views.render import Format

if TYPE_CHECKING:
    from funnel.config import Settings
    from funnel.store.engine import Store


@dataclass
class AppState:
    """Set by the root callback: the ``--db`` option and lazily loaded settings."""

    db: str | None = None
    _settings: Any = field(default=None, repr=False)

    def settings(self) -> Settings:
        if self._settings is None:
            from funnel.config import load_settings
            from funnel.i18n import set_language

            self._settings = load_settings()
            set_language(self._settings.language)
        return self._settings


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
    return root.obj


@contextmanager
def open_store(ctx: typer.Context, *, write: bool, migrate: bool = True) -> Iterator[Store]:
    """The store for this command (``--db``, ``FUNNEL_DB`` or the default), closed after.

    A store file that does not exist is created by a command that may ``write`` (its
    folder must exist) and refused by one that only reads: a mistyped path in a crontab
    is an error, never a new empty store. The default store is created on first use,
    folders and all, whatever the command."""
    from funnel.store import engine as store_mod

    settings = state(ctx).settings()
    now()  # a bad FUNNEL_NOW is an error before anything is read or written
    target, _file, default = store_target(ctx)
    st = store_mod.open_store(
        target,
        migrate=migrate,
        create=write or default,
        parents=default,
        lock_timeout=settings.lock_timeout,
    )
    if write:
        st.actor = actor(ctx, target)
    try:
        yield st
    finally:
        st.close()


def actor(ctx: typer.Context, target: str) -> Any:
    """Who is writing (``FUNNEL_USER``, else the login name) and what they typed, with
    the store's password removed: what the journal keeps with each change."""
    import getpass
    import os
    import shlex

    from funnel.paths import hide_passwords
    from funnel.store.journal import Actor

    user = os.environ.get("FUNNEL_USER", "").strip()
    if not user:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = ""
    argv = ctx.meta.get("funnel.argv", [])
    return Actor(user=user[:200], command=hide_passwords(shlex.join(["funnel", *argv]), target))


def store_target(ctx: typer.Context) -> tuple[str, Path | None, bool]:
    """The store asked for, its SQLite file if it is one, and whether that file is the
    default store (the data folder's)."""
    from funnel.paths import db_target, default_db_path
    from funnel.store.engine import to_url

    target = db_target(state(ctx).db)
    _url, file = to_url(target)
    return target, file, file is not None and file == default_db_path().expanduser().resolve()


def now() -> datetime:
    from funnel.domain.dates import now as _now

    return _now()


def format_option(
    *only: Format,
    help: str = "table (default on a terminal), text (for mail), plain (default in a pipe), "
    "csv or json.",
) -> Any:
    """``--format/-f``: every :class:`Format`, or ``only`` some of them (``export`` writes
    csv or json), still given to the command as a ``Format``."""
    if not only:
        return typer.Option("--format", "-f", case_sensitive=False, help=help)
    names = [f.value for f in only]

    def parse(text: str | Format) -> Format:
        value = text.value if isinstance(text, Format) else str(text).lower()
        if value not in names:
            raise ValueError(f"{text!r} is not one of {', '.join(map(repr, names))}.")
        return Format(value)

    return typer.Option(
        "--format",
        "-f",
        parser=parse,
        metavar=f"<{'|'.join(names)}>",
        autocompletion=lambda: names,
        help=help,
    )


FormatOpt = Annotated[Format | None, format_option()]
WideOpt = Annotated[
    bool,
    typer.Option("--wide", help="Show every column, wrapped, however narrow the terminal."),
]
