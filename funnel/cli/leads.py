"""Lead commands: add, list, show, edit, move, advance, contract, pay, order, lose,
reopen, delete. Each parses options, calls the store, and hands data to render."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from funnel.cli import complete
from funnel.cli.common import FormatOpt, WideOpt, now, open_store, state
from funnel.domain import fields
from funnel.domain.dates import parse_on
from funnel.domain.ids import parse_id, parse_ids
from funnel.i18n import t

IdArg = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="Lead id.", show_default=False, autocompletion=complete.lead_ids
    ),
]
IdsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="ID...",
        help="One or more lead ids.",
        show_default=False,
        autocompletion=complete.lead_ids,
    ),
]
OnOpt = Annotated[
    str | None,
    typer.Option(
        "--on",
        metavar="DATE",
        help="When it happened (default today): YYYY-MM-DD, yesterday, -2d, mon…",
    ),
]


def _field_option(key: str) -> Any:
    """The option of a lead field, as the field's declaration describes it."""
    f = fields.BY_KEY[key]
    assert f.option is not None
    candidates = getattr(complete, f.option.complete) if f.option.complete else None
    return typer.Option(
        f.flag, metavar=f.option.metavar, help=f.option.help, autocompletion=candidates
    )


# The options of add and edit that fill one field each (tags and custom fields repeat).
_SINGLE = tuple(f for f in fields.ENTRY if f.kind not in (fields.Kind.TAGS, fields.Kind.FIELDS))


def _given(ctx: typer.Context) -> dict[str, Any]:
    """The single-field options given (and add's NAME), by the args the checks take."""
    return {f.arg: ctx.params[f.param] for f in _SINGLE if ctx.params.get(f.param) is not None}


Name = Annotated[str | None, _field_option("name")]
Company = Annotated[str | None, _field_option("company")]
Phone = Annotated[str | None, _field_option("phone")]
Email = Annotated[str | None, _field_option("email")]
Wechat = Annotated[str | None, _field_option("wechat")]
Source = Annotated[str | None, _field_option("source")]
Owner = Annotated[str | None, _field_option("owner")]
Value = Annotated[str | None, _field_option("value")]
StageOpt = Annotated[str | None, _field_option("stage")]
Kind = Annotated[str | None, _field_option("kind")]
Persona = Annotated[str | None, _field_option("persona")]
Tags = Annotated[list[str] | None, _field_option("tags")]
Note = Annotated[str | None, _field_option("note")]
FollowUp = Annotated[str | None, _field_option("next_follow_up")]
Close = Annotated[str | None, _field_option("close_on")]
Fields = Annotated[list[str] | None, _field_option("fields")]
AllowDup = Annotated[
    bool, typer.Option("--allow-duplicate", help="Add even if the phone or email is already known.")
]
Force = Annotated[bool, typer.Option("--force", help="Override stage gates (recorded in history).")]


def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The lead's name.", show_default=False)],
    company: Company = None,
    phone: Phone = None,
    email: Email = None,
    wechat: Wechat = None,
    source: Source = None,
    owner: Owner = None,
    value: Value = None,
    stage: StageOpt = None,
    kind: Kind = None,
    persona: Persona = None,
    tag: Tags = None,
    note: Note = None,
    follow_up: FollowUp = None,
    close: Close = None,
    field: Fields = None,
    allow_duplicate: AllowDup = False,
    force: Force = False,
    fmt: FormatOpt = None,
) -> None:
    """Add a lead; prints its id.

    Example: funnel add "张伟" --company 华星科技 --phone "138 0013 8000" --source referral
    """
    from funnel.domain.leads import parse_field, validate_lead
    from funnel.store.leads import add_lead, get_lead
    from funnel.views import render

    settings = state(ctx).settings()
    raw = _given(ctx)
    if tag:
        raw["tags"] = tag
    if "owner" not in raw and settings.owner:
        raw["owner"] = settings.owner
    moment = now()
    values = validate_lead(raw, today=moment.date())
    custom = dict(parse_field(f) for f in field or [])
    values["fields"] = {k: v for k, v in custom.items() if v is not None}
    with open_store(ctx, write=True) as st, st.write() as conn:
        lead_id = add_lead(conn, values, now=moment, allow_duplicate=allow_duplicate, force=force)
        lead = get_lead(conn, lead_id)
    render.show(render.View(json=lead, text=str(lead_id)), fmt)
    render.message(_added(lead_id, values, force=force))


def _added(lead_id: int, values: dict[str, Any], *, force: bool) -> str:
    """add's confirmation; a lead added at a stage whose gates --force overrode says so."""
    from funnel.domain.stages import GateFacts, Stage, overridden

    stage = values.get("stage", Stage.POTENTIAL)
    facts = GateFacts(value_cents=values.get("value", 0), contract_sent=False, paid_cents=0)
    need = overridden(Stage.POTENTIAL, stage, facts) if force else None
    if need is None:
        return t("msg.added", id=lead_id)
    return t("msg.added_forced", id=lead_id, stage=stage.label, need=need)


def list_(
    ctx: typer.Context,
    stage: Annotated[
        list[str] | None,
        typer.Option(
            "--stage",
            metavar="STAGE",
            help="Only this stage (repeatable).",
            autocompletion=complete.stages,
        ),
    ] = None,
    state_: Annotated[
        str,
        typer.Option(
            "--state",
            metavar="STATE",
            help="active (default), lost, dead or all.",
            autocompletion=complete.states,
        ),
    ] = "active",
    owner: Owner = None,
    mine: Annotated[
        bool, typer.Option("--mine", help="Only leads of the default owner (config).")
    ] = False,
    source: Source = None,
    tag: Annotated[
        str | None, typer.Option(help="Only leads with this tag.", autocompletion=complete.tags)
    ] = None,
    kind: Kind = None,
    persona: Persona = None,
    search: Annotated[
        str | None,
        typer.Option(
            help="Text in name, company, phone, email, WeChat or note; 5 or more digits "
            "also find a phone however written (+86, spaces, dashes)."
        ),
    ] = None,
    sort: Annotated[
        str, typer.Option(help="Sort by a field; -field for descending (e.g. -value).")
    ] = "id",
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many leads.")] = None,
    wide: WideOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """List leads (active ones unless --state says otherwise).

    Example: funnel list --stage intent --stage quasi --sort -value -f json
    """
    from funnel.domain.choices import KIND, LIST_STATE, PERSONA
    from funnel.domain.leads import check_text
    from funnel.domain.stages import parse_stage
    from funnel.errors import InvalidValue
    from funnel.store import leads as crud
    from funnel.views import leads as views
    from funnel.views import render

    settings = state(ctx).settings()
    LIST_STATE.parse(state_)
    for flag, text in (("--owner", owner), ("--source", source), ("--tag", tag)):
        check_text(text, field=flag)
    check_text(search, field="--search", limit=fields.NOTE_MAX)
    flt = crud.LeadFilter(
        stages=[parse_stage(s) for s in stage or []],
        state=state_,
        owner=settings.owner if mine and owner is None else owner,
        source=source,
        tag=tag,
        kind=KIND.parse(kind) if kind else None,
        persona=PERSONA.parse(persona) if persona else None,
        search=search,
        sort=sort,
        limit=limit,
    )
    if mine and owner is None and settings.owner is None:
        raise InvalidValue(t("err.no_owner", path=settings.path))
    crud.parse_sort(sort)
    columns = views.lead_columns(settings.currency)
    chosen = render.resolve(fmt)
    with open_store(ctx, write=False) as st, st.read() as conn:
        if chosen in (render.Format.plain, render.Format.csv, render.Format.json):
            # Printed as the leads are read, a batch at a time, however many.
            view = render.listing(crud.iter_leads(conn, flt), columns=columns, keys=crud.LEAD_KEYS)
            render.show(view, fmt)
            return
        if chosen is render.Format.table and not wide:
            # A table is printed as the leads are read, a chunk at a time.
            bounds = crud.list_bounds(conn, flt)
            if bounds["id"] != [None]:
                view = render.listing(
                    crud.iter_leads(conn, flt),
                    columns=columns,
                    document=(),
                    hints=views.list_hints(bounds),
                )
                render.show(view, fmt)
                return
        leads = crud.list_leads(conn, flt)
    view = render.listing(
        leads, columns=columns, keys=crud.LEAD_KEYS, empty=t("msg.no_leads"), wide=wide
    )
    render.show(view, fmt)


def show(ctx: typer.Context, lead_id: IdArg, fmt: FormatOpt = None) -> None:
    """Show a lead: profile card, history, activities, money, next step, persona approach.

    Example: funnel show 12 -f json | jq .history
    """
    from funnel.store import leads as crud
    from funnel.views import leads as views
    from funnel.views import render
    from funnel.views.text import lead_lines

    settings = state(ctx).settings()
    lid = parse_id(lead_id)
    with open_store(ctx, write=False) as st, st.read() as conn:
        lead = crud.lead_detail(conn, lid)
    view = render.record(
        lead,
        keys=crud.SHOW_KEYS,
        human=lambda: views.lead_card(lead, currency=settings.currency),
        mail=lambda: lead_lines(lead, keys=crud.SHOW_KEYS, currency=settings.currency),
    )
    render.show(view, fmt)


def edit(
    ctx: typer.Context,
    lead_id: IdArg,
    name: Name = None,
    company: Company = None,
    phone: Phone = None,
    email: Email = None,
    wechat: Wechat = None,
    source: Source = None,
    owner: Owner = None,
    value: Value = None,
    stage: StageOpt = None,
    kind: Kind = None,
    persona: Persona = None,
    tag: Tags = None,
    untag: Annotated[
        list[str] | None,
        typer.Option(
            "--untag",
            metavar="TAG",
            help="Remove a tag (repeatable).",
            autocompletion=complete.tags,
        ),
    ] = None,
    note: Note = None,
    follow_up: FollowUp = None,
    close: Close = None,
    field: Fields = None,
    allow_duplicate: AllowDup = False,
    force: Force = False,
) -> None:
    """Change a lead's fields; every change is kept in its history.

    An empty value ("") clears a field; --tag adds a tag, --untag removes one.

    Example: funnel edit 12 --value 48000 --tag vip --field industry=retail
    """
    from funnel.domain.leads import parse_field, parse_tag, validate_lead
    from funnel.domain.stages import Stage, overridden
    from funnel.errors import InvalidValue
    from funnel.store import history
    from funnel.store.leads import edit_lead
    from funnel.views import render

    lid = parse_id(lead_id)
    raw = _given(ctx)
    if raw.get("value") == "":
        raw["value"] = "0"
    moment = now()
    values = validate_lead(raw, today=moment.date(), partial=True)
    add_tags = [parse_tag(x) for x in tag or []]
    remove_tags = [parse_tag(x) for x in untag or []]
    custom = dict(parse_field(f) for f in field or [])
    if not (values or add_tags or remove_tags or custom):
        raise InvalidValue(t("err.nothing_to_edit"))
    need = None
    with open_store(ctx, write=True) as st, st.write() as conn:
        moving = force and "stage" in values
        before = Stage(history.fetch_lead(conn, lid)["stage"]) if moving else None
        changed = edit_lead(
            conn,
            lid,
            values,
            now=moment,
            add_tags=add_tags,
            remove_tags=remove_tags,
            set_fields=custom,
            allow_duplicate=allow_duplicate,
            force=force,
        )
        if before is not None:  # the stage was set with --force: say if a gate was overridden
            row = history.fetch_lead(conn, lid)
            need = overridden(before, Stage(row["stage"]), history.gate_facts(row))
    if need is not None:
        render.message(t("msg.edited_forced", id=lid, count=changed, need=need))
    else:
        render.message(t("msg.edited", id=lid, count=changed))


def _move_many(
    ctx: typer.Context,
    ids: list[int],
    targets: Any,
    *,
    reason: str | None,
    force: bool,
    on: str | None,
) -> None:
    """Move several leads in one transaction: all of them, or none."""
    from funnel.domain.dates import at_date
    from funnel.domain.fields import TEXT_MAX
    from funnel.domain.leads import clean_text
    from funnel.store import history
    from funnel.views import render

    reason = clean_text(reason, field="--reason", limit=TEXT_MAX)
    moment = now()
    day = parse_on(on)
    when = at_date(day, moment=moment)
    results = []
    with open_store(ctx, write=True) as st, st.write() as conn:
        history.lock_leads(conn, ids)
        for lid in ids:
            target = targets(conn, lid)
            results.append(
                history.move_lead(
                    conn, lid, target, now=moment, at=when, force=force, reason=reason
                )
            )
    for res in results:
        if res.on < res.entered_on:
            render.warn(
                t(
                    "msg.on_before_entry",
                    id=res.lead_id,
                    stage=res.old.label,
                    entered=res.entered_on.isoformat(),
                    on=res.on.isoformat(),
                )
            )
        render.message(_moved(res))


def _moved(res: Any) -> str:
    """A move's confirmation; a forced move says so, and which gate it overrode."""
    if res.forced:
        return t(
            "msg.moved_forced", id=res.lead_id, old=res.old.label, new=res.new.label, need=res.need
        )
    return t("msg.moved", id=res.lead_id, old=res.old.label, new=res.new.label)


def move(
    ctx: typer.Context,
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="ID... STAGE",
            help="Lead ids, then the stage to move them to.",
            show_default=False,
            autocompletion=complete.ids_then_stage,
        ),
    ],
    reason: Annotated[str | None, typer.Option(help="Why (kept in history).")] = None,
    force: Force = False,
    on: OnOpt = None,
) -> None:
    """Move leads to a stage (forward moves must meet every gate on the way).

    See `funnel stages` for the gates.
    Several ids move all together or not at all.
    --force overrides a gate; the history records that it did.

    Example: funnel move 12 15 intent --reason "price agreed"
    """
    from funnel.domain.stages import parse_stage
    from funnel.errors import InvalidValue

    if len(args) < 2:
        raise InvalidValue(t("err.move_args"))
    target = parse_stage(args[-1])
    ids = parse_ids(args[:-1])
    _move_many(ctx, ids, lambda _conn, _lid: target, reason=reason, force=force, on=on)


def advance(
    ctx: typer.Context,
    lead_ids: IdsArg,
    reason: Annotated[str | None, typer.Option(help="Why (kept in history).")] = None,
    force: Force = False,
    on: OnOpt = None,
) -> None:
    """Move leads one stage forward (gates apply).

    Example: funnel advance 12
    """
    from funnel.domain.stages import Stage
    from funnel.errors import InvalidValue
    from funnel.store import history

    def next_stage(conn: Any, lid: int) -> Stage:
        current = Stage(history.fetch_lead(conn, lid)["stage"])
        nxt = current.next()
        if nxt is None:
            raise InvalidValue(t("err.last_stage", lead=lid))
        return nxt

    _move_many(ctx, parse_ids(lead_ids), next_stage, reason=reason, force=force, on=on)


def contract(ctx: typer.Context, lead_id: IdArg, on: OnOpt = None) -> None:
    """Mark the contract as sent (part of the gate to quasi).

    Example: funnel contract 12 --on yesterday
    """
    from funnel.store import history
    from funnel.views import render

    lid = parse_id(lead_id)
    day = parse_on(on)
    with open_store(ctx, write=True) as st, st.write() as conn:
        history.set_contract(conn, lid, on=day, now=now())
    render.message(t("msg.contract", id=lid, day=day.isoformat()))


def pay(
    ctx: typer.Context,
    lead_id: IdArg,
    amount: Annotated[
        str, typer.Argument(metavar="AMOUNT", help="Amount received.", show_default=False)
    ],
    on: OnOpt = None,
    note: Annotated[str | None, typer.Option(help="A note, e.g. the invoice number.")] = None,
) -> None:
    """Record a payment received.

    Example: funnel pay 12 10000 --note "deposit, invoice 2026-031"
    """
    from funnel.domain.fields import NOTE_MAX
    from funnel.domain.leads import clean_text
    from funnel.domain.money import money_text, parse_money, to_number
    from funnel.store import history
    from funnel.views import render

    currency = state(ctx).settings().currency
    lid = parse_id(lead_id)
    cents = parse_money(amount)
    day = parse_on(on)
    text = clean_text(note, field="--note", limit=NOTE_MAX, lines=True)
    with open_store(ctx, write=True) as st, st.write() as conn:
        history.add_payment(conn, lid, cents, on=day, now=now(), note=text)
        paid = history.fetch_lead(conn, lid)["paid_cents"]
    render.message(
        t(
            "msg.paid",
            id=lid,
            amount=currency + money_text(to_number(cents)),
            paid=currency + money_text(to_number(paid)),
        )
    )


def order(
    ctx: typer.Context,
    lead_id: IdArg,
    amount: Annotated[
        str, typer.Argument(metavar="AMOUNT", help="Order amount.", show_default=False)
    ],
    on: OnOpt = None,
) -> None:
    """Record a purchase by a formal customer (the won deal is their first order).

    Example: funnel order 31 12800 --on 2026-10-02
    """
    from funnel.domain.money import money_text, parse_money, to_number
    from funnel.store import history
    from funnel.views import render

    currency = state(ctx).settings().currency
    lid = parse_id(lead_id)
    cents = parse_money(amount)
    day = parse_on(on)
    with open_store(ctx, write=True) as st, st.write() as conn:
        order_id = history.add_order(conn, lid, cents, on=day, now=now())
    amount_text = currency + money_text(to_number(cents))
    render.message(t("msg.ordered", id=lid, order=order_id, amount=amount_text))


def lose(
    ctx: typer.Context,
    lead_ids: IdsArg,
    reason: Annotated[
        str,
        typer.Option(
            help="Why the lead was lost (required; one of [lost_reasons] when the config "
            "lists them).",
            show_default=False,
            autocompletion=complete.lost_reasons,
        ),
    ],
    final: Annotated[bool, typer.Option("--final", help="Lost for good: state dead.")] = False,
    other: Annotated[
        bool,
        typer.Option("--other", help="A reason that is not in the config's [lost_reasons]."),
    ] = False,
) -> None:
    """Mark leads as lost (or dead with --final); they remember the stage and reason.

    Example: funnel lose 12 --reason "chose a competitor"
    """
    from funnel.domain.fields import TEXT_MAX
    from funnel.domain.leads import clean_text
    from funnel.errors import InvalidValue
    from funnel.store import history
    from funnel.views import render

    text = clean_text(reason, field="--reason", limit=TEXT_MAX)
    if text is None:
        raise InvalidValue(t("err.reason"))
    listed = state(ctx).settings().lost_reasons
    if listed and not other:
        # The listed spelling, whatever the case typed, so reports group them as one.
        match = next((r for r in listed if r.casefold() == text.casefold()), None)
        if match is None:
            raise InvalidValue(t("err.reason_not_listed", reason=text, reasons=" | ".join(listed)))
        text = match
    ids = parse_ids(lead_ids)
    moment = now()
    with open_store(ctx, write=True) as st, st.write() as conn:
        history.lock_leads(conn, ids)
        for lid in ids:
            history.lose_lead(conn, lid, reason=text, final=final, now=moment)
    for lid in ids:
        render.message(t("msg.dead" if final else "msg.lost", id=lid, reason=text))


def reopen(
    ctx: typer.Context,
    lead_ids: IdsArg,
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage",
            metavar="STAGE",
            help="Stage to resume at (default: where it was lost).",
            autocompletion=complete.stages,
        ),
    ] = None,
) -> None:
    """Win back lost leads: active again at the stage they were lost from.

    Example: funnel reopen 12
    """
    from funnel.domain.stages import Stage, parse_stage
    from funnel.store import history
    from funnel.views import render

    target = parse_stage(stage) if stage else None
    ids = parse_ids(lead_ids)
    moment = now()
    stages: list[Stage] = []
    with open_store(ctx, write=True) as st, st.write() as conn:
        history.lock_leads(conn, ids)
        for lid in ids:
            history.reopen_lead(conn, lid, now=moment, stage=target)
            stages.append(Stage(history.fetch_lead(conn, lid)["stage"]))
    for lid, now_at in zip(ids, stages, strict=True):
        render.message(t("msg.reopened", id=lid, stage=now_at.label))


def delete(
    ctx: typer.Context,
    lead_ids: IdsArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    purge: Annotated[
        bool,
        typer.Option("--purge", help="Erase for good, history and journal too: cannot be undone."),
    ] = False,
) -> None:
    """Move leads to the trash (`funnel restore` brings them back as they were).

    With --purge they are erased for good, with their history and journal entries:
    the one write that cannot be undone.
    Asks first unless --yes; refuses without --yes when stdin is not a terminal.

    Example: funnel delete 12 13 --yes
    """
    from funnel.errors import FunnelError, InvalidValue
    from funnel.store import history
    from funnel.store.leads import delete_leads, names_of
    from funnel.views import render

    ids = parse_ids(lead_ids)
    with open_store(ctx, write=True) as st:
        with st.read() as conn:
            for lid in ids:
                history.fetch_lead(conn, lid)
            names = names_of(conn, ids)
        if not yes:
            if not sys.stdin.isatty():
                raise InvalidValue(t("err.delete_needs_yes"))
            question = t("msg.confirm_delete", count=len(ids), names=", ".join(names))
            if not typer.confirm(question, default=False, err=True):
                raise FunnelError(t("err.aborted"))
        with st.write() as conn:
            count = delete_leads(conn, ids)
            if purge:
                from funnel.store import journal

                journal.purge(conn, ids)
        if purge:
            from funnel.store.engine import compact

            compact(st)
    render.message(t("msg.purged" if purge else "msg.deleted", count=count))


def register(app: typer.Typer) -> None:
    app.command()(add)
    app.command("list")(list_)
    app.command()(show)
    app.command()(edit)
    app.command()(move)
    app.command()(advance)
    app.command()(contract)
    # "funnel pay 12 -100" reaches the amount parser (a clear error) instead of
    # being taken for an unknown option.
    negative_ok = {"ignore_unknown_options": True}
    app.command(context_settings=negative_ok)(pay)
    app.command(context_settings=negative_ok)(order)
    app.command()(lose)
    app.command()(reopen)
    app.command()(delete)
