"""``dupes``: groups of leads that are probably one person (rules in
``funnel.domain.dupes``). Phone, email and WeChat are grouped in SQL (GROUP BY the
normalised key, the same on SQLite and PostgreSQL); name + company in Python, since
folding width (ＡＣＭＥ = ACME) and the case of non-ASCII letters is not portable SQL.
Trashed leads are not in ``lead``: never in a group."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from funnel.domain.dupes import groups, name_key
from funnel.store.leads import lead_object, tags_of
from funnel.store.schema import LEAD

_BATCH = 500


def _same(conn: Connection, key: Any, match: str) -> Iterator[tuple[str, list[int]]]:
    """The ids sharing each value of ``key`` (a column or an expression on ``lead``)."""
    shared = (
        sa.select(key.label("k"))
        .where(key.is_not(None), key != "")
        .group_by(key)
        .having(sa.func.count() > 1)
        .subquery()
    )
    query = (
        sa.select(key.label("k"), LEAD.c.id)
        .where(key.in_(sa.select(shared.c.k)))
        .order_by(key, LEAD.c.id)
    )
    current: Any = None
    ids: list[int] = []
    for value, lead_id in conn.execute(query):
        if value != current and ids:
            yield match, ids
            ids = []
        current = value
        ids.append(lead_id)
    if ids:
        yield match, ids


def _same_name(conn: Connection) -> Iterator[tuple[str, list[int]]]:
    by_key: dict[tuple[str, str], list[int]] = {}
    query = (
        sa.select(LEAD.c.id, LEAD.c.name, LEAD.c.company)
        .where(LEAD.c.company.is_not(None))
        .order_by(LEAD.c.id)
    )
    for lead_id, name, company in conn.execute(query.execution_options(yield_per=2000)):
        key = name_key(name, company)
        if key is not None:
            by_key.setdefault(key, []).append(lead_id)
    for ids in by_key.values():
        if len(ids) > 1:
            yield "name", ids


def find_dupes(conn: Connection) -> list[list[dict[str, Any]]]:
    """Each group's lead objects, ids ascending, each with ``match``: the rules that
    found the group (phone, email, wechat, name)."""
    found = [
        *_same(conn, LEAD.c.phone_norm, "phone"),
        *_same(conn, LEAD.c.email_norm, "email"),
        *_same(conn, sa.func.lower(sa.func.trim(LEAD.c.wechat)), "wechat"),
        *_same_name(conn),
    ]
    grouped = groups(found)
    wanted = sorted({i for _, ids in grouped for i in ids})
    rows: dict[int, Any] = {}
    for start in range(0, len(wanted), _BATCH):
        chunk = wanted[start : start + _BATCH]
        for row in conn.execute(sa.select(LEAD).where(LEAD.c.id.in_(chunk))).mappings():
            rows[row["id"]] = row
    tags = tags_of(conn, wanted)
    return [
        [{**lead_object(rows[i], tags.get(i, [])), "match": matches} for i in ids]
        for matches, ids in grouped
    ]
