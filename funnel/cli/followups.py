"""Follow-up commands: log, follow, due, stale, calendar. Each parses options, calls
the store, and hands data to its view."""

from __future__ import annotations

from typing import Annotated

import typer

from funnel.cli import complete
from funnel.cli.common import FormatOpt, WideOpt, now, open_store, state
from funnel.cli.leads import IdArg, Owner
from funnel.i18n import t

NextOpt = Annotated[
    str | None,
    typer.Option(
        "--next",
        metavar="DATE",
        help="Schedule the next follow-up in the same step: YYYY-MM-DD, +3d, fri, 明天…",
    ),
]


def _usage(ctx: typer.Context, message: str) -> None:
    """A usage mistake: the command's usage line, the message, exit status 2."""
    typer.echo(ctx.get_usage(), err=True)
    typer.echo(f"Try '{ctx.command_path} --help' for help.\n", err=True)
    from funnel.domain.text import one_line

    typer.echo(f"error: {one_line(message)}", err=True)
    raise typer.Exit(2)


def log(
    ctx: typer.Context,
    lead_id: IdArg,
    text: Annotated[
        str,
        typer.Argument(metavar="TEXT", help="What happened, in a sentence.", show_default=False),
    ],
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="KIND",
            autocompletion=complete.activity_kinds,
            help="call (default), visit, email, message, meeting or other (or 电话, 拜访, 邮件, "
            "消息, 会议, 其他).",
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATETIME",
            help="When it happened (default now): a DATE such as yesterday or -2d, or an ISO "
            "datetime such as 2026-11-20T14:30.",
        ),
    ] = None,
    next_: NextOpt = None,
) -> None:
    """Log an interaction with a lead (it counts as touching the lead); --next
    schedules the next follow-up at the same time. Without --next the current
    follow-up stays as it is.

    Example: funnel log 12 "demoed the reporting module, wants a quote" --kind visit --next +3d
    """
    from funnel.domain.dates import parse_date, parse_moment
    from funnel.domain.fields import NOTE_MAX
    from funnel.domain.followups import activity_label, parse_activity_kind
    from funnel.domain.ids import parse_id
    from funnel.domain.leads import clean_text
    from funnel.errors import InvalidValue
    from funnel.store import followups as store_followups
    from funnel.store import history as store_history
    from funnel.views import render

    state(ctx).settings()
    lid = parse_id(lead_id)
    summary = clean_text(text, field="TEXT", limit=NOTE_MAX, lines=True)
    if summary is None:
        raise InvalidValue(t("err.summary"))
    activity_kind = parse_activity_kind(kind)
    moment = now()
    at = parse_moment(on, now=moment)
    next_day = parse_date(next_, today=moment.date()) if next_ is not None else None
    with open_store(ctx, write=True) as st, st.write() as conn:
        store_followups.log_activity(
            conn, lid, kind=activity_kind, summary=summary, at=at, now=moment, next_day=next_day
        )
        pending = store_history.fetch_lead(conn, lid)["next_follow_up"]
    render.message(t("msg.logged", id=lid, kind=activity_label(activity_kind)))
    if next_day is not None:
        render.message(t("msg.follow_set", id=lid, day=next_day.isoformat()))
    elif pending is not None and pending <= moment.date():
        render.message(t("msg.still_due", id=lid, day=pending.isoformat()))


def follow(
    ctx: typer.Context,
    lead_id: IdArg,
    day: Annotated[
        str | None,
        typer.Argument(
            metavar="DATE",
            help="Next follow-up: YYYY-MM-DD, today, +3d, fri, 明天…",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            help='What the follow-up is for (kept when only the date changes; "" removes it).'
        ),
    ] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="Remove the follow-up and its note.")
    ] = False,
) -> None:
    """Schedule the next follow-up with a lead, or clear it. Every change is kept in
    the lead's history.

    Example: funnel follow 15 fri --note "send contract draft"; funnel follow 15 --clear
    """
    from funnel.domain.dates import parse_date
    from funnel.domain.fields import NOTE_MAX
    from funnel.domain.ids import parse_id
    from funnel.domain.leads import clean_text
    from funnel.store import followups as store_followups
    from funnel.views import render

    if clear == (day is not None):
        _usage(ctx, t("err.follow_args"))
    if clear and note is not None:
        _usage(ctx, t("err.clear_note"))
    state(ctx).settings()
    lid = parse_id(lead_id)
    moment = now()
    when = parse_date(day, today=moment.date()) if day is not None else None
    note_value = (
        store_followups.KEEP
        if note is None
        else clean_text(note, field="--note", limit=NOTE_MAX, lines=True)
    )
    with open_store(ctx, write=True) as st, st.write() as conn:
        changed = store_followups.set_follow_up(conn, lid, day=when, note=note_value, now=moment)
    if not changed:
        render.message(t("msg.follow_unchanged", id=lid))
    elif when is None:
        render.message(t("msg.follow_cleared", id=lid))
    else:
        render.message(t("msg.follow_set", id=lid, day=when.isoformat()))


def due(
    ctx: typer.Context,
    within: Annotated[
        int,
        typer.Option(
            min=0,
            max=100_000,
            metavar="DAYS",
            help="Also the follow-ups of the next DAYS days (default 0: overdue and today).",
        ),
    ] = 0,
    owner: Owner = None,
    tips: Annotated[
        bool, typer.Option("--tips", help="The next step and persona hint under every line.")
    ] = False,
    wide: WideOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Follow-ups overdue or due today (or within DAYS) for active leads, most urgent
    first: most days overdue, then the later stage, then the higher value. Each comes
    with the stage's next-step tip and a persona hint. Prints nothing at all when
    nothing is due, so cron mails only real reminders.

    Example: funnel due --within 7 -f json; in a crontab: 0 8 * * 1-5  funnel due -f text
    """
    from funnel.domain.dates import today
    from funnel.domain.leads import check_text
    from funnel.store import followups as store_followups
    from funnel.views import followups as views_followups
    from funnel.views import render

    settings = state(ctx).settings()
    check_text(owner, field="--owner")
    with open_store(ctx, write=False) as st, st.read() as conn:
        items = store_followups.due_items(conn, today=today(), within=within, owner=owner)
    if not items:
        return
    view = views_followups.due(items, currency=settings.currency, wide=wide, tips=tips)
    render.show(view, fmt)


def stale(
    ctx: typer.Context,
    days: Annotated[
        int | None,
        typer.Option(
            min=0,
            max=100_000,
            metavar="N",
            help="Idle for more than N days, whatever the stage (formal customers included). "
            "Default: each stage's own limit from the config ([stale_days]).",
        ),
    ] = None,
    owner: Owner = None,
    wide: WideOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Active leads nobody touched (no interaction, move or edit) for longer than
    their stage allows — potential 30 days, trial 14, intent 7, quasi 3 unless the
    config says otherwise — with the days idle and the last thing that happened.
    Formal customers are checked only with --days (the customer reports watch them).

    Example: funnel stale; funnel stale --days 60 -f csv > cold.csv
    """
    from funnel.domain.followups import stale_thresholds
    from funnel.domain.leads import check_text
    from funnel.store import followups as store_followups
    from funnel.views import followups as views_followups
    from funnel.views import render

    settings = state(ctx).settings()
    check_text(owner, field="--owner")
    thresholds = stale_thresholds(settings.stale_days, days=days)
    with open_store(ctx, write=False) as st, st.read() as conn:
        items = store_followups.stale_items(conn, now=now(), thresholds=thresholds, owner=owner)
        last = store_followups.last_things(conn, [item["id"] for item in items])
    view = views_followups.stale(items, last, currency=settings.currency, wide=wide)
    render.show(view, fmt)


def calendar(
    ctx: typer.Context,
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE.ics",
            help="Where to write the calendar (replaced whole each time; - for stdout).",
            show_default=False,
        ),
    ],
    owner: Owner = None,
) -> None:
    """Write the scheduled follow-ups of active leads as an iCalendar file: one
    all-day event per lead with a stable UID, so a calendar app subscribed to the
    file updates events instead of duplicating them.

    Example: funnel calendar -o ~/funnel.ics   (e.g. hourly from cron)
    """
    from funnel.domain.leads import check_text
    from funnel.files import store_files
    from funnel.store import followups as store_followups
    from funnel.views import render
    from funnel.views.calendar import calendar_bytes

    state(ctx).settings()
    check_text(owner, field="--owner")
    moment = now()
    with open_store(ctx, write=False) as st, st.read() as conn:
        items = store_followups.scheduled(conn, owner=owner)
    render.write_file(output, calendar_bytes(items, now=moment), protect=store_files(st.path))
    if output != "-":
        render.message(t("msg.calendar", count=len(items), path=output))


def register(app: typer.Typer) -> None:
    app.command()(log)
    # "funnel follow 12 -2d" reaches the date parser instead of being taken for an option.
    app.command(context_settings={"ignore_unknown_options": True})(follow)
    app.command()(due)
    app.command()(stale)
    app.command()(calendar)
