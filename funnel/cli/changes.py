"""The journal from the command line: ``changes`` lists it, ``undo`` takes a change back."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from funnel.cli import complete
from funnel.cli.common import FormatOpt, open_store
from funnel.i18n import t
from funnel.views.leads import when
from funnel.views.render import Column

COLUMNS = (
    Column("id", "h.change_no", justify="right", token=True),
    Column("at", "h.at", show=when, token=True),
    Column("user", "h.user", token=False, priority=2),
    Column("command", "h.command", token=False),
    Column("leads", "h.lead_ids", show=lambda ids: _few(ids), token=False, priority=1),
    Column("undone_by", "h.undone_by", show=lambda c: "" if c is None else str(c), token=True),
)


def _few(ids: list[int], shown: int = 10) -> str:
    """Lead ids for a line people read: the first few, then how many more."""
    text = ", ".join(map(str, ids[:shown])) or "—"
    return text + (f", … (+{len(ids) - shown})" if len(ids) > shown else "")


def _effect(rows: list[tuple[str, str, int]]) -> str:
    """What a change wrote, table by table: ``leads: 1 changed; payments: 1 added``."""
    tables: dict[str, list[str]] = {}
    for table, op, n in rows:
        tables.setdefault(table, []).append(t(f"effect.{op}", n=n))
    parts = [
        t("effect.table", table=t(f"tbl.{table}"), ops=t("effect.and").join(ops))
        for table, ops in tables.items()
    ]
    return t("effect.sep").join(parts) or t("effect.none")


def changes(
    ctx: typer.Context,
    lead: Annotated[
        str | None,
        typer.Option(
            "--lead",
            metavar="ID",
            help="Only changes that touched this lead.",
            autocompletion=complete.lead_ids,
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many.")] = None,
    fmt: FormatOpt = None,
) -> None:
    """The journal of changes, newest first: who did what, to which leads.

    Example: funnel changes --lead 12 --limit 5
    """
    from funnel.domain.ids import parse_id
    from funnel.store import journal
    from funnel.views import render

    lid = parse_id(lead) if lead is not None else None
    with open_store(ctx, write=False) as st, st.read() as conn:
        rows = journal.changes(conn, lead=lid, limit=limit)
    render.show(render.listing(rows, columns=COLUMNS), fmt)


def undo(
    ctx: typer.Context,
    change: Annotated[
        str | None,
        typer.Argument(
            metavar="CHANGE",
            help="The change to reverse (default: the latest).",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be reverted; change nothing.")
    ] = False,
) -> None:
    """Take back the latest change (or change CHANGE): the store holds exactly what it
    held before it. An undo is a change too, so undoing it redoes.

    Refused while a later change in effect touched the same leads (undo it first).
    Asks first on a terminal; without --yes refuses when stdin is not a terminal.
    `funnel changes` lists the changes and their numbers.

    Example: funnel pay 12 100000; funnel undo        (meant 10000)
    Example: funnel undo 481 --dry-run
    """
    from funnel.errors import FunnelError, InvalidValue
    from funnel.store import journal

    wanted = None
    if change is not None:
        if not (change.strip().isascii() and change.strip().isdigit()):
            raise InvalidValue(t("err.change_id", value=change))
        wanted = int(change.strip())
    with open_store(ctx, write=True) as st:
        with st.read() as conn:
            number = wanted if wanted is not None else journal.latest(conn)
            found = journal.describe(conn, number)
            later = journal.blocking(conn, number)
        what = t(
            "msg.change",
            id=number,
            command=found["command"],
            effect=_effect(found["rows"]),
            leads=_few(found["leads"]),
        )
        if later:
            raise InvalidValue(t("err.change_blocked", id=number, later=", ".join(map(str, later))))
        if dry_run:
            typer.echo(t("msg.would_undo", what=what))
            return
        if not yes:
            if not sys.stdin.isatty():
                raise InvalidValue(t("err.undo_needs_yes"))
            if not typer.confirm(t("msg.confirm_undo", what=what), default=False, err=True):
                raise FunnelError(t("err.undo_aborted"))
        with st.write() as conn:
            journal.undo(conn, number, by=conn.info["change"])
    typer.echo(t("msg.undone", what=what), err=sys.stdout.isatty())


TRASH_COLUMNS = (
    Column("id", "h.id", justify="right"),
    Column("name", "h.name"),
    Column("deleted_at", "h.deleted_at", show=when, token=True),
    Column("change", "h.change_no", justify="right"),
)

trash_app = typer.Typer(
    help="Deleted leads: list them; `funnel restore ID` brings one back.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@trash_app.callback()
def trash(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """The leads in the trash, last deleted first.

    Example: funnel trash; funnel restore 9
    """
    if ctx.invoked_subcommand is not None:
        return
    from funnel.store import journal
    from funnel.views import render

    with open_store(ctx, write=False) as st, st.read() as conn:
        rows = journal.trash(conn)
    render.show(render.listing(rows, columns=TRASH_COLUMNS), fmt)


@trash_app.command("purge")
def trash_purge(
    ctx: typer.Context,
    older_than: Annotated[
        int | None,
        typer.Option("--older-than", metavar="DAYS", min=0, help="Only leads deleted longer ago."),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Required: this cannot be undone.")
    ] = False,
) -> None:
    """Erase leads in the trash for good, with their history and every trace in the
    journal (what a request to erase personal data needs). Cannot be undone.

    Example: funnel trash purge --older-than 30 --yes
    """
    from datetime import timedelta

    from funnel.cli.common import now
    from funnel.errors import InvalidValue
    from funnel.store import journal
    from funnel.store.engine import compact
    from funnel.views import render

    if not yes:
        raise InvalidValue(t("err.purge_needs_yes"))
    before = now() - timedelta(days=older_than) if older_than is not None else None
    with open_store(ctx, write=True) as st:
        with st.write() as conn:
            ids = journal.trashed_before(conn, before)
            journal.purge(conn, ids)
        compact(st)
    render.message(t("msg.purged", count=len(ids)))


def restore(
    ctx: typer.Context,
    lead_ids: Annotated[
        list[str], typer.Argument(metavar="ID...", help="Leads in the trash.", show_default=False)
    ],
) -> None:
    """Bring leads back from the trash exactly as they were deleted.

    Example: funnel delete 9 --yes; funnel restore 9
    """
    from funnel.domain.ids import parse_ids
    from funnel.store import journal
    from funnel.views import render

    ids = parse_ids(lead_ids)
    with open_store(ctx, write=True) as st, st.write() as conn:
        journal.restore(conn, ids)
    render.message(t("msg.restored", count=len(ids)))


VOID_KINDS = ("payment", "order", "activity")


def void(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            metavar="payment|order|activity",
            help="What to void.",
            show_default=False,
            autocompletion=lambda incomplete: [k for k in VOID_KINDS if k.startswith(incomplete)],
        ),
    ],
    row_id: Annotated[
        str,
        typer.Argument(
            metavar="ROW_ID", help="Its id (`funnel show ID -f json`).", show_default=False
        ),
    ],
    reason: Annotated[
        str, typer.Option("--reason", metavar="TEXT", help="Why it was wrong (required).")
    ],
) -> None:
    """Void a payment, order or interaction recorded by mistake: it stays in the lead's
    history marked void with the reason, and no longer counts anywhere (a void payment
    leaves `paid`, a void order leaves revenue). Warns when the lead's stage no longer
    meets its gate. `funnel undo` takes a void back.

    Example: funnel void payment 77 --reason "cheque bounced"
    """
    from funnel.cli.common import now
    from funnel.domain.fields import NOTE_MAX
    from funnel.domain.ids import parse_id
    from funnel.domain.leads import clean_text
    from funnel.errors import InvalidValue
    from funnel.store import history
    from funnel.views import render

    what = kind.strip().lower()
    if what not in VOID_KINDS:
        raise InvalidValue(t("err.choice", field="kind", value=kind, choices=", ".join(VOID_KINDS)))
    rid = parse_id(row_id)
    text = clean_text(reason, field="--reason", limit=NOTE_MAX, lines=True)
    if not text:
        raise InvalidValue(t("err.void_reason"))
    with open_store(ctx, write=True) as st, st.write() as conn:
        res = history.void_row(conn, what, rid, reason=text, now=now(), user=None)
    if res.failed:
        gate = res.failed[0]
        render.warn(
            t(
                "msg.void_gate",
                id=res.lead_id,
                stage=res.stage.label,
                gate=gate.label,
                need=res.need,
            )
        )
    render.message(t("msg.voided", what=t(f"void.{what}"), id=rid, lead=res.lead_id))


def register(app: typer.Typer) -> None:
    app.command()(undo)
    app.command()(void)
    app.command()(changes)
    app.command()(restore)
    app.add_typer(trash_app, name="trash")
