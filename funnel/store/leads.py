"""Leads in the store: reading them as the contract's lead object, listing, adding,
editing and deleting. Moves and the rest of a lead's history live in ``history``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from funnel.domain import fields
from funnel.domain.choices import ACTIVE
from funnel.domain.dates import LocalTimes, local_date
from funnel.domain.fields import Kind
from funnel.domain.leads import (
    NORMALIZED,
    normalize_email,
    normalize_phone,
    normalized,
    phone_search,
)
from funnel.domain.money import to_number
from funnel.domain.stages import GateFacts, Stage, check_move
from funnel.errors import Conflict, InvalidValue
from funnel.i18n import t
from funnel.store.engine import serialise
from funnel.store.history import add_event, fetch_lead, lock_leads, move_lead, open_stay, record_win
from funnel.store.journal import event_users
from funnel.store.schema import ACTIVITY, EVENT, LEAD, ORDER, PAYMENT, STAY, TAG, new_id

# The lead object's keys, in the contract's order.
LEAD_KEYS = fields.LEAD_KEYS
# ``list --sort`` choices, in the order a refusal names them, and their columns.
SORT_KEYS = {f.key: LEAD.c[f.column] for f in fields.SORTABLE if f.column is not None}
_SEARCHED = tuple(LEAD.c[f.column] for f in fields.SEARCHED if f.column is not None)


# --- shapes -------------------------------------------------------------------


def iso_ts(moment: datetime | None) -> str | None:
    """An aware timestamp as local ISO 8601 with its offset, to the second."""
    return moment.astimezone().isoformat(timespec="seconds") if moment else None


def iso_date(day: date | None) -> str | None:
    return day.isoformat() if day else None


_STAGE_KEYS = {int(stage): stage.key for stage in Stage}


def stage_key(rank: int | None) -> str | None:
    """A stored stage rank as the stage's key."""
    return _STAGE_KEYS[rank] if rank is not None else None


def _custom(value: dict[str, Any] | None) -> dict[str, Any]:
    return dict(value or {})


# How a column's value appears in the lead object, by the field's kind (as it is if none).
_SHOWN: dict[Kind, Callable[[Any], Any]] = {
    Kind.MONEY: to_number,
    Kind.STAGE: stage_key,
    Kind.DATE: iso_date,
    Kind.TIMESTAMP: iso_ts,
    Kind.FIELDS: _custom,
}
# (key, column, shown as) per field of the lead object: worked out once, as this runs
# for every lead of a long list or an export. Tags have no column: they come apart.
_OBJECT = tuple((f.key, f.column, _SHOWN.get(f.kind)) for f in fields.OBJECT)


def lead_object(row: RowMapping, tags: Sequence[str]) -> dict[str, Any]:
    """A lead row as the contract's lead object."""
    lead: dict[str, Any] = {}
    for key, column, shown in _OBJECT:
        if column is None:
            lead[key] = list(tags)
        else:
            value = row[column]
            lead[key] = value if shown is None else shown(value)
    return lead


# --- reading ---------------------------------------------------------------------


def tags_of(conn: Connection, lead_ids: Sequence[int]) -> dict[int, list[str]]:
    """Tags per lead id, read in one query (or a few, for long lists)."""
    out: dict[int, list[str]] = {}
    if not lead_ids:
        return out
    query = sa.select(TAG.c.lead_id, TAG.c.tag).order_by(TAG.c.lead_id, TAG.c.tag)
    if len(lead_ids) <= 500:
        query = query.where(TAG.c.lead_id.in_(lead_ids))
    wanted = set(lead_ids)
    for lead_id, tag in conn.execute(query):
        if lead_id in wanted:
            out.setdefault(lead_id, []).append(tag)
    return out


def get_lead(conn: Connection, lead_id: int) -> dict[str, Any]:
    row = fetch_lead(conn, lead_id)
    return lead_object(row, tags_of(conn, [lead_id]).get(lead_id, []))


def void_of(row: RowMapping) -> dict[str, Any] | None:
    """A voided payment, order or activity's ``{"reason", "at", "user"}``; else None."""
    if row["void_at"] is None:
        return None
    return {"reason": row["void_reason"], "at": iso_ts(row["void_at"]), "user": row["void_user"]}


def _with_notes(key: str) -> tuple[str, ...]:
    return (key, "follow_up_note", "note") if key == "next_follow_up" else (key,)


# ``show``'s object: the lead object with its two notes where the contract lists them
# (after the next follow-up), then the arrays.
SHOW_KEYS: tuple[str, ...] = tuple(k for key in LEAD_KEYS for k in _with_notes(key))


def lead_detail(conn: Connection, lead_id: int) -> dict[str, Any]:
    """The lead object with its note and follow-up note, plus its history, activities,
    payments and orders."""
    row = fetch_lead(conn, lead_id)
    notes = {"note": row["note"], "follow_up_note": row["follow_note"]}
    found = lead_object(row, tags_of(conn, [lead_id]).get(lead_id, []))
    lead = {key: found[key] if key in found else notes[key] for key in SHOW_KEYS}
    history = conn.execute(
        sa.select(EVENT).where(EVENT.c.lead_id == lead_id).order_by(EVENT.c.at, EVENT.c.id)
    ).mappings()
    users = event_users(conn, lead_id)
    lead["history"] = [
        {
            "at": iso_ts(e["at"]),
            "event": e["kind"],
            "field": e["field"],
            "old": e["old"],
            "new": e["new"],
            "reason": e["reason"],
            "forced": bool(e["forced"]),
            "user": users.get(e["id"]),
        }
        for e in history
    ]
    activities = conn.execute(
        sa.select(ACTIVITY)
        .where(ACTIVITY.c.lead_id == lead_id)
        .order_by(ACTIVITY.c.at.desc(), ACTIVITY.c.id.desc())
    ).mappings()
    lead["activities"] = [
        {
            "id": a["id"],
            "kind": a["kind"],
            "at": iso_ts(a["at"]),
            "summary": a["summary"],
            "void": void_of(a),
        }
        for a in activities
    ]
    payments = conn.execute(
        sa.select(PAYMENT)
        .where(PAYMENT.c.lead_id == lead_id)
        .order_by(PAYMENT.c.paid_on, PAYMENT.c.id)
    ).mappings()
    lead["payments"] = [
        {
            "id": p["id"],
            "amount": to_number(p["amount_cents"]),
            "on": iso_date(p["paid_on"]),
            "note": p["note"],
            "void": void_of(p),
        }
        for p in payments
    ]
    orders = conn.execute(
        sa.select(ORDER).where(ORDER.c.lead_id == lead_id).order_by(ORDER.c.ordered_on, ORDER.c.id)
    ).mappings()
    lead["orders"] = [
        {
            "id": o["id"],
            "amount": to_number(o["amount_cents"]),
            "on": iso_date(o["ordered_on"]),
            "won_deal": bool(o["won_deal"]),
            "void": void_of(o),
        }
        for o in orders
    ]
    return lead


@dataclass
class LeadFilter:
    """What ``list`` narrows by; empty means everything."""

    stages: list[Stage] = field(default_factory=list)
    state: str = ACTIVE
    owner: str | None = None
    source: str | None = None
    tag: str | None = None
    kind: str | None = None
    persona: str | None = None
    search: str | None = None
    sort: str = "id"
    limit: int | None = None

    def where(self, *, in_id_order: bool = False) -> list[Any]:
        """The conditions; ``in_id_order``: for a list sorted by id, which reads the
        leads as the table keeps them when the state is all it narrows by (the state's
        index would pick them out of order, and nothing is printed until they are all
        sorted again)."""
        clauses: list[Any] = []
        if self.stages:
            clauses.append(LEAD.c.stage.in_([int(s) for s in self.stages]))
        if self.state != "all":
            # (an expression no index covers: the planner keeps to the table's order)
            state = LEAD.c.state.concat("") if in_id_order else LEAD.c.state
            clauses.append(state == self.state)
        for column, value in (
            (LEAD.c.owner, self.owner),
            (LEAD.c.source, self.source),
            (LEAD.c.kind, self.kind),
            (LEAD.c.persona, self.persona),
        ):
            if value is not None:
                clauses.append(column == value)
        if self.tag is not None:
            clauses.append(LEAD.c.id.in_(sa.select(TAG.c.lead_id).where(TAG.c.tag == self.tag)))
        if self.search:
            # % and _ are text to look for, not wildcards: escaped, on every engine
            matches = [column.icontains(self.search, autoescape=True) for column in _SEARCHED]
            digits = phone_search(self.search)
            if digits:  # a phone number, however written: its digits within phone_norm
                matches.append(LEAD.c.phone_norm.contains(digits))
            clauses.append(sa.or_(*matches))
        return clauses


def parse_sort(text: str) -> tuple[Any, bool]:
    """``value`` ascending, ``-value`` descending."""
    descending = text.startswith("-")
    key = text.lstrip("-+").strip().lower()
    if key not in SORT_KEYS:
        raise InvalidValue(t("err.choice", field="sort", value=text, choices=", ".join(SORT_KEYS)))
    return SORT_KEYS[key], descending


def _list_query(flt: LeadFilter, columns: Sequence[Any] = ()) -> Any:
    column, descending = parse_sort(flt.sort)
    query = sa.select(*columns or [LEAD]).where(*flt.where(in_id_order=column is LEAD.c.id))
    query = query.order_by(column.desc() if descending else column.asc(), LEAD.c.id)
    if flt.limit is not None:
        query = query.limit(flt.limit)
    return query


def list_leads(conn: Connection, flt: LeadFilter) -> list[dict[str, Any]]:
    rows = conn.execute(_list_query(flt)).mappings().all()
    tags = tags_of(conn, [r["id"] for r in rows])
    return [lead_object(r, tags.get(r["id"], [])) for r in rows]


class Shaper:
    """Lead rows read as lead objects, for the thousands of a long list or an export.
    The rows are plain tuples of :attr:`columns` (a query of just them) as the driver
    gives them, without SQLAlchemy's conversions: each column's own is worked out once
    (:func:`_raw`). ``extras``: more fields after the lead object (the exports');
    ``exact``: timestamps to the microsecond, as an export gives them."""

    def __init__(self, *, extras: Sequence[str] = (), exact: bool = False) -> None:
        stamp = Stamps(exact=exact)
        chosen = (*fields.OBJECT, *(fields.BY_KEY[key] for key in extras))
        self.keys: tuple[str, ...] = tuple(f.key for f in chosen)
        self.tags_at = next(n for n, f in enumerate(chosen) if f.column is None)
        stored = [f for f in chosen if f.column is not None]
        self.columns: tuple[Any, ...] = tuple(raw_column(LEAD.c[str(f.column)]) for f in stored)
        self.id_at = next(n for n, f in enumerate(stored) if f.kind is Kind.ID)
        shown: dict[Kind, Callable[[Any], Any]] = {**_FROM_DRIVER, Kind.TIMESTAMP: stamp}
        self._convert = tuple((n, shown[f.kind]) for n, f in enumerate(stored) if f.kind in shown)

    def batch(
        self, rows: Sequence[Sequence[Any]], tags: dict[int, list[str]]
    ) -> Iterator[dict[str, Any]]:
        """``rows`` as lead objects, one at a time, with their ``tags`` (by lead id).
        Converted a column at a time, the loops run in C: a row costs one dict."""
        if not rows:
            return
        columns: list[Any] = list(zip(*rows, strict=True))
        for n, convert in self._convert:
            columns[n] = map(convert, columns[n])
        columns.insert(self.tags_at, [list(tags.get(i, ())) for i in columns[self.id_at]])
        keys = self.keys
        for values in zip(*columns, strict=True):
            yield dict(zip(keys, values, strict=True))


def raw_column(column: Any) -> Any:
    """A column read as the driver gives it: no conversion by SQLAlchemy."""
    return sa.type_coerce(column, sa.types.NullType()).label(column.name)


def driver_day(value: Any) -> str | None:
    """A date from the driver as ISO text: SQLite keeps it so, PostgreSQL gives a date."""
    if value.__class__ is str and len(value) == 10:
        return value  # type: ignore[no-any-return]
    return iso_date(date.fromisoformat(value) if isinstance(value, str) else value)


def _custom_from_driver(value: Any) -> dict[str, Any]:
    """Custom fields from the driver: SQLite gives the JSON text, PostgreSQL the object."""
    if value.__class__ is str:
        return {} if value == "{}" else _custom(json.loads(value))
    return _custom(value)


STAGE_OR_NONE: dict[int | None, str | None] = {int(stage): stage.key for stage in Stage}
STAGE_OR_NONE[None] = None
# How a column's value as the driver gives it appears in the lead object (timestamps
# apart: see Stamps), by the field's kind; as it is if none.
_FROM_DRIVER: dict[Kind, Callable[[Any], Any]] = {
    Kind.MONEY: to_number,
    Kind.STAGE: STAGE_OR_NONE.__getitem__,
    Kind.DATE: driver_day,
    Kind.FIELDS: _custom_from_driver,
}
_UTC = timezone.utc
_UNSET: Any = object()
_HOURS = {f"{hour:02d}": hour for hour in range(24)}


class Stamps:
    """Timestamps as the lead object shows them, local ISO 8601 to the second (or
    ``exact``), from what the driver gives: SQLite's UTC text as SQLAlchemy writes it
    (``2026-05-24 07:00:00.000000``), or a datetime (PostgreSQL). A text's day is
    worked out once, and its hour: its moments keep their minutes and seconds as they
    are (a zone whose offset is not whole hours, or a day on which the clocks change,
    goes through datetime instead)."""

    def __init__(self, *, exact: bool) -> None:
        self.exact = exact
        self.times = LocalTimes()
        self.hours: dict[str, tuple[str, str] | None] = {}
        self.days: dict[str, tuple[int, tuple[str, str, str], str] | None] = {}

    def __call__(self, value: Any) -> str | None:
        if value is None:
            return None
        if value.__class__ is str:
            if len(value) == 26:
                hour = self.hours.get(value[:13], _UNSET)
                if hour is _UNSET:
                    hour = self._hour(value[:13])
                if hour is not None:
                    if self.exact and value[20:] != "000000":
                        return hour[0] + value[13:] + hour[1]
                    return hour[0] + value[13:19] + hour[1]
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:  # stored without a zone: UTC
            value = value.replace(tzinfo=_UTC)
        local = self.times.local(value)
        return local.isoformat() if self.exact else local.isoformat(timespec="seconds")

    def _hour(self, text: str) -> tuple[str, str] | None:
        """A UTC hour (``2026-05-24 07``) as its local date and hour
        (``2026-05-24T15``), and the offset (``+08:00``)."""
        if len(self.hours) > 50_000:
            self.hours.clear()
        day = self.days.get(text[:10], _UNSET)
        if day is _UNSET:
            day = self._day(text[:10])
        found = None
        if day is not None and text[10] == " " and text[11:13] in _HOURS:
            shift, names, offset = day
            hour = _HOURS[text[11:13]] + shift
            found = (f"{names[hour // 24 + 1]}T{hour % 24:02d}", offset)
        self.hours[text] = found
        return found

    def _day(self, text: str) -> tuple[int, tuple[str, str, str], str] | None:
        """A UTC day's local offset in whole hours, the days before, of and after it,
        and the offset as ISO 8601 writes it; None when it is not whole hours all day."""
        if len(self.days) > 10_000:
            self.days.clear()
        found = None
        try:
            start = datetime.fromisoformat(text).replace(tzinfo=_UTC)
            zone = self.times.day_zone(start.timestamp() // 86400)
            offset = zone.utcoffset(None) if zone is not None else None
            whole = offset is not None and not offset % timedelta(hours=1)
            if whole and offset is not None and start.isoformat()[:10] == text:
                days = [(start + timedelta(days=n)).date().isoformat() for n in (-1, 0, 1)]
                suffix = start.astimezone(zone).isoformat()[19:]
                found = (offset // timedelta(hours=1), (days[0], days[1], days[2]), suffix)
        except (ValueError, OverflowError):  # not a day, or the first or last there is
            pass
        self.days[text] = found
        return found


def iter_leads(conn: Connection, flt: LeadFilter, *, batch: int = 500) -> Iterator[dict[str, Any]]:
    """The leads :func:`list_leads` gives, read ``batch`` at a time as they are used:
    a big list in flat memory, its first lead out before the last is read."""
    shape = Shaper()
    query = _list_query(flt, shape.columns)
    by_id = parse_sort(flt.sort)[0] is LEAD.c.id
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
    at = shape.id_at
    for rows in result.partitions(batch):
        ids = [r[at] for r in rows]
        tags = tags_between(conn, min(ids), max(ids)) if by_id else tags_of(conn, ids)
        yield from shape.batch(rows, tags)


def tags_between(conn: Connection, low: int, high: int) -> dict[int, list[str]]:
    """Tags per lead id of the leads from id ``low`` to ``high``: a batch of a list in
    id order, read by a range of the key (leads the list leaves out are looked at too,
    but each batch looks at its own range, so a whole list looks at a tag at most once)."""
    out: dict[int, list[str]] = {}
    query = (
        sa.select(TAG.c.lead_id, TAG.c.tag)
        .where(TAG.c.lead_id.between(low, high))
        .order_by(TAG.c.lead_id, TAG.c.tag)
    )
    for lead_id, tag in conn.execute(query):
        out.setdefault(lead_id, []).append(tag)
    return out


def list_bounds(conn: Connection, flt: LeadFilter) -> dict[str, Any]:
    """The widest numbers a list can hold, known without reading it: the highest id
    and the largest and smallest amounts of the leads ``flt`` picks, per key."""
    money = [(f.key, f.column) for f in fields.OBJECT if f.kind is Kind.MONEY and f.column]
    cols: list[Any] = [sa.func.max(LEAD.c.id)]
    for _key, column in money:
        cols += [sa.func.max(LEAD.c[column]), sa.func.min(LEAD.c[column])]
    got = conn.execute(sa.select(*cols).where(*flt.where())).one()
    out: dict[str, Any] = {"id": [got[0]]}
    for n, (key, _column) in enumerate(money):
        out[key] = [to_number(v) for v in got[1 + 2 * n : 3 + 2 * n] if v is not None]
    return out


# --- writing ------------------------------------------------------------------


def find_duplicate(
    conn: Connection, *, phone: str | None, email: str | None, exclude: int | None = None
) -> tuple[RowMapping, str] | None:
    """An existing lead with the same normalised phone or email, and which field."""
    for column, value, label in (
        (LEAD.c.phone_norm, normalize_phone(phone), "phone"),
        (LEAD.c.email_norm, normalize_email(email), "email"),
    ):
        if value:
            query = sa.select(LEAD.c.id, LEAD.c.name).where(column == value)
            if exclude is not None:
                query = query.where(LEAD.c.id != exclude)
            row = conn.execute(query.limit(1)).mappings().first()
            if row is not None:
                return row, label
    return None


def _check_duplicate(conn: Connection, values: dict[str, Any], exclude: int | None = None) -> None:
    # No row lock covers "nobody else has this phone": commands that add or change a
    # phone or email take their turn, so two of them cannot both find it free.
    serialise(conn)
    dup = find_duplicate(
        conn, phone=values.get("phone"), email=values.get("email"), exclude=exclude
    )
    if dup is not None:
        row, label = dup
        raise Conflict(t("err.duplicate", id=row["id"], name=row["name"], field=t(f"h.{label}")))


def _set_tags(conn: Connection, lead_id: int, tags: Iterable[str]) -> None:
    rows = [{"lead_id": lead_id, "tag": tag} for tag in tags]
    if rows:
        conn.execute(TAG.insert(), rows)


# What ``add`` takes into the lead's columns: (arg, column, when none is given). The
# stage, by contrast, is a move from nowhere: checked, with its first stay and event.
_ADDED = tuple(
    (f.arg, f.column, 0 if f.kind is Kind.MONEY else None)
    for f in fields.ENTRY
    if f.column is not None and f.kind is not Kind.STAGE
)


def add_lead(
    conn: Connection,
    values: dict[str, Any],
    *,
    now: datetime,
    allow_duplicate: bool = False,
    force: bool = False,
) -> int:
    """Insert a lead with its first stay and a 'created' event; returns its id."""
    if not allow_duplicate:
        _check_duplicate(conn, values)
    stage: Stage = values.get("stage", Stage.POTENTIAL)
    facts = GateFacts(value_cents=values.get("value", 0), contract_sent=False, paid_cents=0)
    forced = check_move(Stage.POTENTIAL, stage, facts, force=force, lead=values["name"])
    row = {column: values.get(arg, default) for arg, column, default in _ADDED}
    row.update(
        normalized(values),
        paid_cents=0,
        stage=int(stage),
        highest_stage=int(stage),
        state=ACTIVE,
        fields=values.get("fields") or {},
        created_at=now,
        created_on=local_date(now),
        updated_at=now,
        touched_at=now,
        stage_entered_at=now,
    )
    lead_id = new_id(conn.execute(LEAD.insert().values(**row)))
    _set_tags(conn, lead_id, values.get("tags") or [])
    open_stay(conn, lead_id, stage, now, created_on=local_date(now))
    add_event(conn, lead_id, at=now, kind="created", new=stage.key, forced=forced)
    if stage is Stage.FORMAL:
        record_win(conn, lead_id, values.get("value", 0), now)
    return int(lead_id)


# What ``edit`` changes in place: (arg, column, the field its event names, the event's
# kind, money), in the order the history records the changes.
_EDITS = tuple(
    (f.arg, f.column, f.key, f.event, f.kind is Kind.MONEY)
    for f in fields.FIELDS
    if f.editable and f.column is not None
)
_NORMALIZED_AS = {arg: (column, normalize) for arg, column, normalize in NORMALIZED}


def _display(value: Any, *, money: bool) -> Any:
    """A value as the history keeps it."""
    if value is None:
        return None
    if money:
        return to_number(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def edit_lead(
    conn: Connection,
    lead_id: int,
    values: dict[str, Any],
    *,
    now: datetime,
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
    set_fields: dict[str, str | None] | None = None,
    allow_duplicate: bool = False,
    force: bool = False,
    reason: str | None = None,
) -> int:
    """Change fields; each change is an 'edit' event. Returns how many changed."""
    row = fetch_lead(conn, lead_id)
    if not allow_duplicate and ("phone" in values or "email" in values):
        probe = {k: values[k] for k in ("phone", "email") if values.get(k)}
        _check_duplicate(conn, probe, exclude=lead_id)
    changes: dict[str, Any] = {}
    count = _edit_columns(conn, row, values, changes, now=now)
    count += _edit_tags(conn, lead_id, add_tags, remove_tags, now=now)
    if set_fields:
        changes["fields"] = custom = dict(row["fields"] or {})
        count += _edit_custom(conn, lead_id, custom, set_fields, now=now)
    if changes or count:
        changes.update(updated_at=now, touched_at=now)
        conn.execute(LEAD.update().where(LEAD.c.id == lead_id).values(**changes))
    if "stage" in values and values["stage"] != Stage(row["stage"]):
        move_lead(conn, lead_id, values["stage"], now=now, force=force, reason=reason)
        count += 1
    return count


def _edit_columns(
    conn: Connection,
    row: RowMapping,
    values: dict[str, Any],
    changes: dict[str, Any],
    *,
    now: datetime,
) -> int:
    """The changed columns into ``changes``, each an event; returns how many."""
    count = 0
    for arg, column, key, event, money in _EDITS:
        if arg not in values:
            continue
        old, new = row[column], values[arg]
        if old == new:
            continue
        changes[column] = new
        if arg in _NORMALIZED_AS:
            norm_column, normalize = _NORMALIZED_AS[arg]
            changes[norm_column] = normalize(new)
        add_event(
            conn,
            row["id"],
            at=now,
            kind=event,
            field=key,
            old=_display(old, money=money),
            new=_display(new, money=money),
        )
        count += 1
    return count


def _edit_tags(
    conn: Connection,
    lead_id: int,
    add_tags: Sequence[str],
    remove_tags: Sequence[str],
    *,
    now: datetime,
) -> int:
    count = 0
    current_tags = tags_of(conn, [lead_id]).get(lead_id, [])
    for tag in add_tags:
        if tag not in current_tags:
            conn.execute(TAG.insert().values(lead_id=lead_id, tag=tag))
            add_event(conn, lead_id, at=now, kind="edit", field="tags", new=tag)
            current_tags.append(tag)
            count += 1
    for tag in remove_tags:
        if tag in current_tags:
            conn.execute(TAG.delete().where(TAG.c.lead_id == lead_id, TAG.c.tag == tag))
            add_event(conn, lead_id, at=now, kind="edit", field="tags", old=tag)
            current_tags.remove(tag)
            count += 1
    return count


def _edit_custom(
    conn: Connection,
    lead_id: int,
    custom: dict[str, Any],
    set_fields: dict[str, str | None],
    *,
    now: datetime,
) -> int:
    """Custom fields set (or with None removed) in ``custom``, each an event."""
    count = 0
    for key, value in set_fields.items():
        old = custom.get(key)
        if old == value:
            continue
        if value is None:
            custom.pop(key, None)
        else:
            custom[key] = value
        add_event(conn, lead_id, at=now, kind="edit", field=f"fields.{key}", old=old, new=value)
        count += 1
    return count


def delete_leads(conn: Connection, lead_ids: Sequence[int]) -> int:
    lock_leads(conn, lead_ids)
    for lead_id in lead_ids:
        fetch_lead(conn, lead_id)
    # Children go first so the delete holds on stores without ON DELETE CASCADE.
    for table in (TAG, EVENT, STAY, PAYMENT, ORDER, ACTIVITY):
        conn.execute(table.delete().where(table.c.lead_id.in_(lead_ids)))
    return conn.execute(LEAD.delete().where(LEAD.c.id.in_(lead_ids))).rowcount


def names_of(conn: Connection, lead_ids: Sequence[int]) -> list[str]:
    rows = conn.execute(sa.select(LEAD.c.id, LEAD.c.name).where(LEAD.c.id.in_(lead_ids))).all()
    by_id = {r.id: r.name for r in rows}
    return [f"{i} {by_id[i]}" if i in by_id else str(i) for i in lead_ids]


def custom_field_names(conn: Connection) -> list[str]:
    """Every custom field's name in the store, in the order leads first use them (by
    lead id, then by place in the lead's fields): the columns a spreadsheet gets."""
    if conn.dialect.name == "postgresql":
        keys = sa.text(
            "SELECT j.key FROM lead CROSS JOIN LATERAL "
            "json_object_keys(lead.fields) WITH ORDINALITY AS j(key, n) "
            "GROUP BY j.key ORDER BY min(lead.id), min(j.n)"
        )
    else:
        keys = sa.text(
            "SELECT j.key FROM lead, json_each(lead.fields) AS j "
            "GROUP BY j.key ORDER BY min(lead.id), min(j.id)"
        )
    return [name for (name,) in conn.execute(keys)]
