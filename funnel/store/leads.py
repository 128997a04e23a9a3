"""Leads in the store: reading them as the contract's lead object, listing, adding,
editing and deleting. Moves and the rest of a lead's history live in ``history``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from funnel.domain import leads as rules
from funnel.domain.dates import local_date
from funnel.domain.money import to_number
from funnel.domain.stages import GateFacts, Stage, check_move
from funnel.errors import Conflict, InvalidValue
from funnel.i18n import t
from funnel.store.history import add_event, fetch_lead, move_lead, open_stay, record_win
from funnel.store.schema import ACTIVITY, EVENT, LEAD, ORDER, PAYMENT, STAY, TAG, new_id

# The lead object's keys, in the contract's order.
LEAD_KEYS = (
    "id",
    "name",
    "company",
    "phone",
    "email",
    "wechat",
    "source",
    "owner",
    "kind",
    "persona",
    "value",
    "stage",
    "state",
    "highest_stage",
    "tags",
    "fields",
    "contract_sent_on",
    "paid",
    "next_follow_up",
    "lost_reason",
    "lost_stage",
    "created_at",
    "updated_at",
)
SORT_KEYS = {
    "id": LEAD.c.id,
    "name": LEAD.c.name,
    "company": LEAD.c.company,
    "source": LEAD.c.source,
    "owner": LEAD.c.owner,
    "value": LEAD.c.value_cents,
    "paid": LEAD.c.paid_cents,
    "stage": LEAD.c.stage,
    "state": LEAD.c.state,
    "created_at": LEAD.c.created_at,
    "updated_at": LEAD.c.updated_at,
    "next_follow_up": LEAD.c.next_follow_up,
    "highest_stage": LEAD.c.highest_stage,
    "kind": LEAD.c.kind,
    "persona": LEAD.c.persona,
}


# --- shapes -------------------------------------------------------------------


def iso_ts(moment: datetime | None) -> str | None:
    """An aware timestamp as local ISO 8601 with its offset, to the second."""
    return moment.astimezone().isoformat(timespec="seconds") if moment else None


def iso_date(day: date | None) -> str | None:
    return day.isoformat() if day else None


def stage_key(rank: int | None) -> str | None:
    return Stage(rank).key if rank is not None else None


def lead_object(row: RowMapping, tags: Sequence[str]) -> dict[str, Any]:
    """A lead row as the contract's lead object."""
    return {
        "id": row["id"],
        "name": row["name"],
        "company": row["company"],
        "phone": row["phone"],
        "email": row["email"],
        "wechat": row["wechat"],
        "source": row["source"],
        "owner": row["owner"],
        "kind": row["kind"],
        "persona": row["persona"],
        "value": to_number(row["value_cents"]),
        "stage": stage_key(row["stage"]),
        "state": row["state"],
        "highest_stage": stage_key(row["highest_stage"]),
        "tags": list(tags),
        "fields": dict(row["fields"] or {}),
        "contract_sent_on": iso_date(row["contract_sent_on"]),
        "paid": to_number(row["paid_cents"]),
        "next_follow_up": iso_date(row["next_follow_up"]),
        "lost_reason": row["lost_reason"],
        "lost_stage": stage_key(row["lost_stage"]),
        "created_at": iso_ts(row["created_at"]),
        "updated_at": iso_ts(row["updated_at"]),
    }


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


def lead_detail(conn: Connection, lead_id: int) -> dict[str, Any]:
    """The lead object plus its history, activities, payments and orders."""
    lead = get_lead(conn, lead_id)
    history = conn.execute(
        sa.select(EVENT).where(EVENT.c.lead_id == lead_id).order_by(EVENT.c.at, EVENT.c.id)
    ).mappings()
    lead["history"] = [
        {
            "at": iso_ts(e["at"]),
            "event": e["kind"],
            "field": e["field"],
            "old": e["old"],
            "new": e["new"],
            "reason": e["reason"],
            "forced": bool(e["forced"]),
        }
        for e in history
    ]
    activities = conn.execute(
        sa.select(ACTIVITY)
        .where(ACTIVITY.c.lead_id == lead_id)
        .order_by(ACTIVITY.c.at.desc(), ACTIVITY.c.id.desc())
    ).mappings()
    lead["activities"] = [
        {"id": a["id"], "kind": a["kind"], "at": iso_ts(a["at"]), "summary": a["summary"]}
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
        }
        for o in orders
    ]
    return lead


@dataclass
class LeadFilter:
    """What ``list`` narrows by; empty means everything."""

    stages: list[Stage] = field(default_factory=list)
    state: str = rules.ACTIVE
    owner: str | None = None
    source: str | None = None
    tag: str | None = None
    kind: str | None = None
    persona: str | None = None
    search: str | None = None
    sort: str = "id"
    limit: int | None = None

    def where(self) -> list[Any]:
        clauses: list[Any] = []
        if self.stages:
            clauses.append(LEAD.c.stage.in_([int(s) for s in self.stages]))
        if self.state != "all":
            clauses.append(LEAD.c.state == self.state)
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
            pattern = f"%{self.search}%"
            clauses.append(
                sa.or_(
                    *(
                        col.ilike(pattern)
                        for col in (
                            LEAD.c.name,
                            LEAD.c.company,
                            LEAD.c.phone,
                            LEAD.c.email,
                            LEAD.c.wechat,
                            LEAD.c.note,
                        )
                    )
                )
            )
        return clauses


def parse_sort(text: str) -> tuple[Any, bool]:
    """``value`` ascending, ``-value`` descending."""
    descending = text.startswith("-")
    key = text.lstrip("-+").strip().lower()
    if key not in SORT_KEYS:
        raise InvalidValue(t("err.choice", field="sort", value=text, choices=", ".join(SORT_KEYS)))
    return SORT_KEYS[key], descending


def list_leads(conn: Connection, flt: LeadFilter) -> list[dict[str, Any]]:
    column, descending = parse_sort(flt.sort)
    query = sa.select(LEAD).where(*flt.where())
    query = query.order_by(column.desc() if descending else column.asc(), LEAD.c.id)
    if flt.limit is not None:
        query = query.limit(flt.limit)
    rows = conn.execute(query).mappings().all()
    tags = tags_of(conn, [r["id"] for r in rows])
    return [lead_object(r, tags.get(r["id"], [])) for r in rows]


# --- writing ------------------------------------------------------------------


def find_duplicate(
    conn: Connection, *, phone: str | None, email: str | None, exclude: int | None = None
) -> tuple[RowMapping, str] | None:
    """An existing lead with the same normalised phone or email, and which field."""
    for column, value, label in (
        (LEAD.c.phone_norm, rules.normalize_phone(phone), "phone"),
        (LEAD.c.email_norm, rules.normalize_email(email), "email"),
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
    lead_id = new_id(
        conn.execute(
            LEAD.insert().values(
                name=values["name"],
                company=values.get("company"),
                phone=values.get("phone"),
                phone_norm=rules.normalize_phone(values.get("phone")),
                email=values.get("email"),
                email_norm=rules.normalize_email(values.get("email")),
                wechat=values.get("wechat"),
                source=values.get("source"),
                owner=values.get("owner"),
                kind=values.get("kind"),
                persona=values.get("persona"),
                value_cents=values.get("value", 0),
                paid_cents=0,
                stage=int(stage),
                highest_stage=int(stage),
                state=rules.ACTIVE,
                next_follow_up=values.get("follow_up"),
                note=values.get("note"),
                fields=values.get("fields") or {},
                created_at=now,
                created_on=local_date(now),
                updated_at=now,
                touched_at=now,
                stage_entered_at=now,
            )
        )
    )
    _set_tags(conn, lead_id, values.get("tags") or [])
    open_stay(conn, lead_id, stage, now, created_on=local_date(now))
    add_event(conn, lead_id, at=now, kind="created", new=stage.key, forced=forced)
    if stage is Stage.FORMAL:
        record_win(conn, lead_id, values.get("value", 0), now)
    return int(lead_id)


EDITABLE = (
    "name",
    "company",
    "phone",
    "email",
    "wechat",
    "source",
    "owner",
    "kind",
    "persona",
    "value",
    "note",
    "follow_up",
    "follow_note",
)
# Follow-up changes are 'follow' events; everything else is an 'edit'.
FOLLOW_FIELDS = ("follow_up", "follow_note")
_COLUMN_OF = {"value": "value_cents", "follow_up": "next_follow_up"}


def _display(field_name: str, value: Any) -> Any:
    if value is None:
        return None
    if field_name == "value":
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
    count = 0
    for name in EDITABLE:
        if name not in values:
            continue
        column = _COLUMN_OF.get(name, name)
        old, new = row[column], values[name]
        if old == new:
            continue
        changes[column] = new
        if name == "phone":
            changes["phone_norm"] = rules.normalize_phone(new)
        if name == "email":
            changes["email_norm"] = rules.normalize_email(new)
        field_label = "next_follow_up" if name == "follow_up" else name
        add_event(
            conn,
            lead_id,
            at=now,
            kind="follow" if name in FOLLOW_FIELDS else "edit",
            field=field_label,
            old=_display(name, old),
            new=_display(name, new),
        )
        count += 1
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
    if set_fields:
        fields = dict(row["fields"] or {})
        for key, value in set_fields.items():
            old = fields.get(key)
            if old == value:
                continue
            if value is None:
                fields.pop(key, None)
            else:
                fields[key] = value
            add_event(conn, lead_id, at=now, kind="edit", field=f"fields.{key}", old=old, new=value)
            count += 1
        changes["fields"] = fields
    if changes or count:
        changes.update(updated_at=now, touched_at=now)
        conn.execute(LEAD.update().where(LEAD.c.id == lead_id).values(**changes))
    if "stage" in values and values["stage"] != Stage(row["stage"]):
        move_lead(conn, lead_id, values["stage"], now=now, force=force, reason=reason)
        count += 1
    return count


def delete_leads(conn: Connection, lead_ids: Sequence[int]) -> int:
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
