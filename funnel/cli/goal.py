"""``funnel goal``: sales targets — the value to win in a month, quarter or year, for
one salesperson or the team. ``funnel report goals`` shows the progress."""

from __future__ import annotations

from typing import Annotated

import typer

from funnel.cli import complete
from funnel.cli.common import FormatOpt, now, open_store, state

app = typer.Typer(
    help="Sales targets per month, quarter or year, for a salesperson or the team.",
    no_args_is_help=True,
)

Period = Annotated[
    str,
    typer.Argument(
        metavar="PERIOD",
        help="A month (2026-11), quarter (2026-Q4) or year (2026).",
        show_default=False,
        autocompletion=complete.periods,
    ),
]
Owner = Annotated[
    str | None,
    typer.Option(
        help="The salesperson whose goal it is (default: the team's).",
        autocompletion=complete.owners,
    ),
]


def _owner(owner: str | None) -> str | None:
    """The owner as a lead's owner is written (trimmed); none or blank: the team."""
    from funnel.domain.leads import validate_lead

    if owner is None:
        return None
    cleaned = validate_lead({"owner": owner}, today=now().date(), partial=True)
    return cleaned.get("owner") or None


@app.command("set")
def set_(
    ctx: typer.Context,
    period: Period,
    amount: Annotated[
        str,
        typer.Argument(metavar="AMOUNT", help="The value to win, e.g. 500000.", show_default=False),
    ],
    owner: Owner = None,
) -> None:
    """Set the target of a period (for --owner, or the team); replaces one already set.

    Example: funnel goal set 2026-Q4 500000 --owner li
    """
    from funnel.domain.forecast import parse_period
    from funnel.domain.money import parse_money
    from funnel.i18n import t
    from funnel.store import forecast
    from funnel.views import render

    span = parse_period(period)
    cents = parse_money(amount)
    who = _owner(owner)
    with open_store(ctx, write=True) as st, st.write() as conn:
        replaced = forecast.set_goal(conn, span, who, cents)
    name = who if who is not None else t("goal.team")
    key = "msg.goal_replaced" if replaced else "msg.goal_set"
    render.message(t(key, period=span.label, owner=name))


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """Every goal, in calendar order (the team's first in each period).

    Example: funnel goal list -f json
    """
    from funnel.store import forecast
    from funnel.views import forecast as views
    from funnel.views import render

    with open_store(ctx, write=False) as st, st.read() as conn:
        goals = forecast.goals(conn)
    render.show(views.goal_list(goals, currency=state(ctx).settings().currency), fmt)


@app.command("delete")
def delete(ctx: typer.Context, period: Period, owner: Owner = None) -> None:
    """Delete the goal of a period (for --owner, or the team's).

    Example: funnel goal delete 2026-Q4 --owner li
    """
    from funnel.domain.forecast import parse_period
    from funnel.i18n import t
    from funnel.store import forecast
    from funnel.views import render

    span = parse_period(period)
    who = _owner(owner)
    with open_store(ctx, write=True) as st, st.write() as conn:
        forecast.delete_goal(conn, span, who)
    name = who if who is not None else t("goal.team")
    render.message(t("msg.goal_deleted", period=span.label, owner=name))
