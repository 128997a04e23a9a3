"""``funnel review``: the Monday meeting — what changed since a day."""

from __future__ import annotations

from typing import Annotated

import typer

from funnel.cli.common import FormatOpt, now, open_store, state

REVIEW_DAYS = 7  # the default --since: a week ago


def review(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="From the start of DATE (default: 7 days ago)."),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """What changed since DATE: new leads by source, moves forward and back, won, lost
    (by reason), the weighted pipeline then and now, follow-ups postponed twice or more.

    Example: funnel review --since mon -f text | mail -s "Monday review" team@example.com
    """
    from datetime import timedelta

    from funnel.domain.dates import parse_date
    from funnel.errors import InvalidValue
    from funnel.i18n import t
    from funnel.store.review import review as gather
    from funnel.views import render
    from funnel.views.review import review_view

    settings = state(ctx).settings()
    moment = now()
    day0 = moment.date()
    start = parse_date(since, today=day0) if since else day0 - timedelta(days=REVIEW_DAYS)
    if since and start > day0 and (parse_date(since, today=start) - start).days == 7:
        # A weekday (mon, 周一) means the next one; a review looks back: the latest
        # such day before today ("--since mon" on a Monday is a week ago).
        start -= timedelta(days=7 * ((start - day0).days // 7 + 1))
    if start > day0:
        raise InvalidValue(t("err.review_future", since=start.isoformat()))
    with open_store(ctx, write=False) as st, st.read() as conn:
        data = gather(conn, since=start, now=moment, probabilities=settings.probabilities)
    render.show(review_view(data, currency=settings.currency), fmt)


def register(app: typer.Typer) -> None:
    app.command()(review)
