"""The Typer application: thin commands grouped by noun, one error handler.

Nothing here imports SQLModel or SQLAlchemy at import time, so ``--help`` and
Tab completion stay fast; commands import the store when they run.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Annotated, Any, NoReturn

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from funnel import __version__
from funnel.cli.common import AppState
from funnel.cli.helpzh import Chinese, chinese, in_chinese, wants_help
from funnel.errors import FunnelError
from funnel.i18n import set_language, t


class FunnelGroup(TyperGroup):
    """Turns every error a user can cause into one ``error:`` line and exit 1."""

    def make_context(self, info_name: Any, args: Any, parent: Any = None, **extra: Any) -> Any:
        typed = list(args)  # the journal keeps the command line as typed
        if parent is None:  # a new command line: no language from an earlier one's file
            set_language(None)
        try:
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except UsageError as exc:
            _usage_error(None, exc)
        ctx.meta.setdefault("funnel.argv", typed)
        return ctx

    def format_help(self, ctx: Any, formatter: Any) -> None:
        if not isinstance(self, Chinese) and in_chinese(ctx):
            chinese(self).format_help(ctx, formatter)
            return
        super().format_help(ctx, formatter)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """The command asked for; in Chinese mode, drawn in Chinese when its help is asked."""
        name, command, rest = super().resolve_command(ctx, args)
        if (
            command is not None
            and not isinstance(self, Chinese)
            and wants_help(ctx, command, rest)
            and in_chinese(ctx)
        ):
            command = chinese(command)
        return name, command, rest

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except FunnelError as exc:
            _say_error(ctx, exc.message)
            raise typer.Exit(exc.exit_code) from None
        except UsageError as exc:
            _usage_error(ctx, exc)
        except (typer.Exit, typer.Abort, KeyboardInterrupt, EOFError):
            raise
        except Exception as exc:  # never a traceback for anything a user can type
            if type(exc).__module__.startswith("typer"):
                raise
            if os.environ.get("FUNNEL_DEBUG"):
                raise
            if isinstance(exc, BrokenPipeError):
                raise typer.Exit(1) from None
            if isinstance(exc, OSError):
                why = (
                    f"{exc.strerror}: {exc.filename}"
                    if exc.filename
                    else (exc.strerror or str(exc))
                )
                _say_error(ctx, why)
            else:
                why = str(exc).splitlines()[0] if str(exc) else ""
                _say_error(ctx, t("err.internal", kind=type(exc).__name__, why=why))
            raise typer.Exit(1) from None


def _usage_error(ctx: Any, exc: UsageError) -> NoReturn:
    """A usage mistake: one ``error:`` line in the interface language, exit 2. A group
    called without its command still shows its help."""
    if isinstance(exc, NoArgsIsHelpError):
        raise exc
    from funnel.cli.usage import message
    from funnel.config import ConfigError

    # a mistake in the command name or a global option comes before the root callback
    # has read `language` from the config file: read it here (a broken file is for the
    # command to report, not the usage mistake)
    with contextlib.suppress(ConfigError, OSError, ValueError):
        (ctx.obj if ctx is not None and isinstance(ctx.obj, AppState) else AppState()).settings()
    _say_error(ctx, message(exc))
    raise typer.Exit(exc.exit_code) from None


def _say_error(ctx: Any, message: str) -> None:
    """``error: message`` on stderr, the last guard of two promises whatever raised it:
    one line (line breaks and control characters in it shown escaped), and never the
    password of the store asked for (``--db`` or ``FUNNEL_DB``)."""
    from funnel.errors import one_line
    from funnel.paths import hide_passwords

    db = ctx.obj.db if ctx is not None and isinstance(ctx.obj, AppState) else None
    for target in (db, os.environ.get("FUNNEL_DB")):
        if target:
            message = hide_passwords(message, target.strip())
    typer.echo(f"error: {one_line(message)}", err=True)


app = typer.Typer(
    cls=FunnelGroup,
    name="funnel",
    help=(
        "Track every lead through five stages — potential → trial → intent → quasi → "
        "formal — and see where they stall, what converts and what the pipeline is worth.\n\n"
        'Example: id=$(funnel add "张伟" --company 华星科技 --source referral); funnel move $id trial'
        "\n\nWithout a command: today's summary (follow-ups due, stale leads, the pipeline)."
    ),
    no_args_is_help=False,  # bare `funnel` prints today's summary
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=True,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"funnel {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH_OR_URL",
            help="Store: a SQLite file or a SQLAlchemy URL (default: $FUNNEL_DB, "
            "then funnel.db in your data folder).",
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Never page the output (default: a pager on a terminal when the output is "
            "taller than the screen: $FUNNEL_PAGER, $PAGER or less -FRX).",
        ),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Track leads through the sales funnel from the terminal, scripts and cron.

    Without a command: today's summary (follow-ups due, stale leads, the pipeline)."""
    from funnel.views import pager

    pager.set_enabled(not no_pager)
    ctx.obj = AppState(db=db)
    if ctx.invoked_subcommand != "config":
        # `language = "zh"` speaks from the first message on; a broken file is reported
        # by the command that needs its settings (`config path` still works to fix it).
        from funnel.config import ConfigError

        with contextlib.suppress(ConfigError):
            ctx.obj.settings()
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        from funnel.cli.today import today

        today(ctx)


def _register() -> None:
    from funnel.cli import (
        changes,
        dbcmd,
        demo,
        followups,
        goal,
        leads,
        merge,
        reference,
        report,
        review,
        settings,
        transfer,
    )

    leads.register(app)
    followups.register(app)
    reference.register(app)
    demo.register(app)
    report.register(app)
    review.register(app)
    transfer.register(app)
    changes.register(app)
    merge.register(app)
    app.add_typer(dbcmd.app, name="db")
    app.add_typer(settings.app, name="config")
    app.add_typer(goal.app, name="goal")


_register()


def run() -> None:  # pragma: no cover - console entry used by tests via python -m
    app(prog_name="funnel", args=sys.argv[1:])
