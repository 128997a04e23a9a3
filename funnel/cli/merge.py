"""``dupes`` finds leads that are probably one person; ``merge`` makes two (or more)
leads that are one person one."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from funnel.cli import complete
from funnel.cli.common import FormatOpt, now, open_store
from funnel.i18n import t


def merge(
    ctx: typer.Context,
    keep: Annotated[
        str,
        typer.Argument(
            metavar="KEEP",
            help="The lead that stays.",
            show_default=False,
            autocompletion=complete.lead_ids,
        ),
    ],
    others: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="OTHER...",
            help="The leads merged into KEEP, then moved to the trash.",
            show_default=False,
            autocompletion=complete.lead_ids,
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Merge leads that are one person into KEEP (one change: `funnel undo` takes it back).

    OTHER's history, activities, payments, orders and tags move to KEEP.
    KEEP takes the fields it lacks; where both differ, KEEP's stay (listed).
    OTHER goes to the trash.
    Asks first unless --yes; refuses without --yes when stdin is not a terminal.

    Example: funnel merge 12 47 --yes
    """
    from funnel.domain.ids import parse_id, parse_ids
    from funnel.domain.merging import shown
    from funnel.errors import FunnelError, InvalidValue
    from funnel.store import history
    from funnel.store.leads import names_of
    from funnel.store.merging import check_ids, merge_leads
    from funnel.views import render

    kid = parse_id(keep)
    ids = parse_ids(others or [])
    check_ids(kid, ids)
    with open_store(ctx, write=True) as st:
        with st.read() as conn:
            for lid in (kid, *ids):
                history.fetch_lead(conn, lid)
            names = names_of(conn, [kid, *ids])
        if not yes:
            if not sys.stdin.isatty():
                raise InvalidValue(t("err.merge_needs_yes"))
            question = t("msg.confirm_merge", keep=names[0], others=", ".join(names[1:]))
            if not typer.confirm(question, default=False, err=True):
                raise FunnelError(t("err.merge_aborted"))
        with st.write() as conn:
            merged = merge_leads(conn, kid, ids, now=now())
    for c in merged.conflicts:
        label = t(f"h.{c.field}") if "." not in c.field else c.field
        render.warn(
            t(
                "msg.merge_conflict",
                keep=kid,
                field=label,
                value=shown(c.field, c.keep),
                other=c.other,
                theirs=shown(c.field, c.theirs),
            )
        )
    render.message(
        t(
            "msg.merged",
            keep=kid,
            others=", ".join(map(str, merged.others)),
            fields=", ".join(merged.copied) or t("msg.none"),
        )
    )


def dupes(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """Groups of leads that are probably one person, each saying why.

    Same phone (digits, without +86), email or WeChat, or the same name and company
    (case and width ignored; a Chinese name without its spaces).
    Trashed leads are left out. `funnel merge KEEP OTHER` makes a group one lead.

    Example: funnel dupes -f json | jq '.[0][].id'
    """
    from funnel.store.dupes import find_dupes
    from funnel.views import render
    from funnel.views.dupes import dupes_view

    with open_store(ctx, write=False) as st, st.read() as conn:
        found = find_dupes(conn)
    render.show(dupes_view(found), fmt)


def register(app: typer.Typer) -> None:
    app.command()(merge)
    app.command()(dupes)
