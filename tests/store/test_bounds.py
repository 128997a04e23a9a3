"""Bounds the store keeps on every engine: a search is text, not a pattern; a lead's
payments and a customer's orders sum below 10^13."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.engine import Connection

from funnel.domain.fields import FIELD_NAME_MAX, NAME_MAX, NOTE_MAX, TEXT_MAX
from funnel.domain.stages import Stage
from funnel.errors import InvalidValue
from funnel.store import history, leads
from tests.harness import at

NOW = at("2026-11-20")
LIMIT = 10**15  # cents


def _add(conn: Connection, name: str, **values: Any) -> int:
    return leads.add_lead(conn, {"name": name, **values}, now=NOW, allow_duplicate=True)


@pytest.mark.parametrize(
    "search,found",
    [
        ("%", ["100% sure"]),
        ("_", ["snake_case"]),
        ("0%", ["100% sure"]),
        ("e_c", ["snake_case"]),
        ("/", ["a/b"]),
        ("\\", ["back\\slash"]),
        ("'", ["O'Brien"]),
        ("SURE", ["100% sure"]),
        ("a", ["snake_case", "a/b", "back\\slash", "plain"]),
    ],
)
def test_search_takes_wildcards_literally(conn: Connection, search: str, found: list[str]) -> None:
    for name in ("100% sure", "snake_case", "a/b", "back\\slash", "O'Brien", "plain"):
        _add(conn, name)
    listed = leads.list_leads(conn, leads.LeadFilter(search=search))
    assert [lead["name"] for lead in listed] == found


def test_payments_sum_below_the_limit(conn: Connection) -> None:
    lid = _add(conn, "Big", value=LIMIT - 1)
    history.add_payment(conn, lid, LIMIT - 2, on=date(2026, 11, 20), now=NOW)
    with pytest.raises(InvalidValue) as caught:
        history.add_payment(conn, lid, 2, on=date(2026, 11, 20), now=NOW)
    assert "payments would sum to 10000000000000" in caught.value.message
    history.add_payment(conn, lid, 1, on=date(2026, 11, 20), now=NOW)
    assert history.fetch_lead(conn, lid)["paid_cents"] == LIMIT - 1


def test_orders_sum_below_the_limit(conn: Connection) -> None:
    lid = _add(conn, "Big", value=LIMIT // 2)
    history.move_lead(conn, lid, Stage.FORMAL, now=NOW, force=True)  # the won deal: half
    history.add_order(conn, lid, LIMIT // 2 - 1, on=date(2026, 11, 20), now=NOW)
    with pytest.raises(InvalidValue) as caught:
        history.add_order(conn, lid, 1, on=date(2026, 11, 20), now=NOW)
    assert "orders would sum to 10000000000000" in caught.value.message


def test_the_longest_texts_fit_their_columns(conn: Connection) -> None:
    """What the checks let through fits every column, on every engine (PostgreSQL's
    varchar columns refuse what is longer)."""
    key, text = "k" * FIELD_NAME_MAX, "t" * TEXT_MAX
    lid = _add(
        conn, "n" * NAME_MAX, company=text, tags=[text], fields={key: text}, note="x" * NOTE_MAX
    )
    leads.edit_lead(conn, lid, {"owner": text}, now=NOW, set_fields={key: text[:-1] + "u"})
    history.move_lead(conn, lid, Stage.TRIAL, now=NOW, reason=text)
    history.lose_lead(conn, lid, reason=text, final=False, now=NOW)
    lead = leads.lead_detail(conn, lid)
    assert lead["fields"] == {key: text[:-1] + "u"} and lead["lost_reason"] == text
    assert [e["field"] for e in lead["history"] if e["event"] == "edit"] == [
        "owner",
        f"fields.{key}",
    ]
