"""Long lists and exports are streamed: read a batch at a time, each line printed as
its lead is read, and the text is the very text the whole list gave."""

from __future__ import annotations

import io
import json
import os
import random
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy.engine import Connection

from funnel.domain.dates import LocalTimes
from funnel.domain.stages import Stage
from funnel.store import history, leads
from funnel.transfer.children import iso_full
from funnel.views import render
from tests.harness import at

NOW = at("2026-11-20")


def _fill(conn: Connection, count: int) -> None:
    """``count`` leads unlike each other: tags, custom fields, amounts with cents,
    stages, lost ones, follow-ups, and times to the microsecond."""
    for n in range(1, count + 1):
        moment = NOW - timedelta(days=n * 37, seconds=n * 4111, microseconds=n * 7 % 3 * 1234)
        values: dict[str, Any] = {
            "name": f"客户{n}" if n % 4 == 0 else f"Lead {n}\tx" if n % 9 == 0 else f"Lead {n}",
            "company": None if n % 3 else f"Firm {n % 5}",
            "value": (n * 7919) % 500_000 + (n % 3) * 50,
            "tags": ["vip", "重点"][: n % 3],
            "fields": {"industry": "retail", "区": str(n % 4)} if n % 5 == 0 else {},
            "follow_up": moment.date() if n % 6 == 0 else None,
            "stage": Stage(n % 3),
            "owner": "王芳" if n % 2 else "alice",
        }
        lead_id = leads.add_lead(conn, values, now=moment, allow_duplicate=True, force=True)
        if n % 7 == 0:
            history.lose_lead(conn, lead_id, reason="price", final=n % 14 == 0, now=NOW)


FILTERS = [
    leads.LeadFilter(),
    leads.LeadFilter(state="all"),
    leads.LeadFilter(state="all", sort="-id"),
    leads.LeadFilter(state="all", sort="-value"),
    leads.LeadFilter(sort="name"),
    leads.LeadFilter(state="lost", sort="created_at"),
    leads.LeadFilter(tag="vip"),
    leads.LeadFilter(owner="王芳", limit=9),
]


def test_a_streamed_list_is_the_list_read_whole(conn: Connection) -> None:
    """On every engine: read 7 at a time, the leads are the ones read whole, the same
    objects in the same order, whatever the filter and the sort."""
    _fill(conn, 60)
    for flt in FILTERS:
        whole = leads.list_leads(conn, flt)
        streamed = list(leads.iter_leads(conn, flt, batch=7))
        assert streamed == whole, flt
        assert render.to_json(streamed) == render.to_json(whole)
    everyone = leads.list_leads(conn, leads.LeadFilter(state="all"))
    assert len(everyone) == 60
    assert sum(1 for lead in everyone if lead["tags"] == ["vip"]) == 20  # n % 3 == 1
    assert sum(1 for lead in everyone if lead["fields"]) == 12  # n % 5 == 0
    assert sum(1 for lead in everyone if lead["state"] != "active") == 8  # n % 7 == 0


class _Watched(io.StringIO):
    """An output that notes how many batches of leads had been read at its first write."""

    def __init__(self, read: list[int]) -> None:
        super().__init__()
        self.read = read
        self.at_first: int | None = None

    def write(self, text: str) -> int:
        if self.at_first is None:
            self.at_first = self.read[0]
        return super().write(text)


@pytest.mark.parametrize("fmt", ["plain", "csv", "json"])
def test_the_first_line_is_out_before_the_second_batch_is_read(
    conn: Connection, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """A list of 30 leads read 4 at a time (8 batches): its first line is written when
    one batch has been read, and every lead is written once."""
    _fill(conn, 30)
    read = [0]
    between = leads.tags_between

    def counted(*args: Any) -> Any:
        read[0] += 1  # one call a batch
        return between(*args)

    monkeypatch.setattr(leads, "tags_between", counted)
    out = _Watched(read)
    view = render.listing(
        leads.iter_leads(conn, leads.LeadFilter(state="all"), batch=4),
        columns=[render.Column(k) for k in leads.LEAD_KEYS],
    )
    monkeypatch.setattr("sys.stdout", out)
    render.show(view, render.Format(fmt))
    assert out.at_first in (0, 1)  # a header may come first, before any is read
    assert read[0] == 8
    text = out.getvalue()
    if fmt == "json":
        assert [lead["id"] for lead in json.loads(text)] == list(range(1, 31))
    else:
        body = text.splitlines()[1:] if fmt == "csv" else text.splitlines()
        assert [line.split("\t" if fmt == "plain" else ",")[0] for line in body] == [
            str(n) for n in range(1, 31)
        ]


def test_an_empty_streamed_list_prints_what_an_empty_list_did(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    columns = [render.Column(k) for k in ("id", "name")]
    for fmt, expected in (("json", "[]\n"), ("plain", ""), ("csv", "id,name\n")):
        out = io.StringIO()
        monkeypatch.setattr("sys.stdout", out)
        render.show(render.listing(iter(()), columns=columns), render.Format(fmt))
        assert out.getvalue() == expected, fmt
        out = io.StringIO()
        monkeypatch.setattr("sys.stdout", out)
        render.show(render.listing([], columns=columns), render.Format(fmt))
        assert out.getvalue() == expected, fmt


def _tricky(rng: random.Random, depth: int = 0) -> Any:
    """A JSON value whose text holds what the array writer looks for: quotes, colons,
    brackets, braces, backslashes, newlines."""
    word = "".join(
        rng.choice(['"', ":", " ", "[", "]", "{", "}", "\\", "\n", "a", "中"]) for _ in range(6)
    )
    pick = rng.random()
    if depth < 2 and pick < 0.2:
        return [_tricky(rng, depth + 1) for _ in range(rng.randrange(3))]
    if depth < 2 and pick < 0.4:
        return {word + str(n): _tricky(rng, depth + 1) for n in range(rng.randrange(3))}
    return rng.choice([None, True, 0, -12, 2.5, word])


def test_a_json_array_written_item_by_item_is_the_whole_lists_text() -> None:
    rng = random.Random(13)
    for _ in range(500):
        items = [
            {f"k{n}": _tricky(rng) for n in range(rng.randrange(5))}
            if rng.random() < 0.7
            else _tricky(rng)
            for _ in range(rng.randrange(4))
        ]
        out = io.StringIO()
        render.write_json_array(iter(items), out)
        assert out.getvalue() == render.to_json(items) + "\n", items


@pytest.fixture
def zone() -> Iterator[Any]:
    """Sets the local zone (TZ) for the test; puts the old one back after."""
    old = os.environ.get("TZ")

    def use(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield use
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.mark.parametrize(
    "name",
    [
        "Asia/Shanghai",
        "America/New_York",
        "Australia/Lord_Howe",
        "America/St_Johns",
        "Asia/Kolkata",
    ],
)
def test_local_times_are_what_astimezone_gives(zone: Any, name: str) -> None:
    """The per-day and per-hour shortcuts give what ``astimezone()`` does, around the
    clocks' changes too (Lord Howe moves them by half an hour), from SQLite's text and
    from datetimes, to the second and exactly."""
    zone(name)
    rng = random.Random(name)
    times, seconds, exact = LocalTimes(), leads.Stamps(exact=False), leads.Stamps(exact=True)
    start = datetime(2019, 1, 1, tzinfo=timezone.utc)
    # every 140 minutes for a year (the clocks' changes fall on many of them), then
    # moments anywhere in 30 years
    moments = [start + timedelta(minutes=20 * n) for n in range(0, 3 * 24 * 365, 7)]
    moments += [
        start + timedelta(seconds=rng.randrange(10**9), microseconds=rng.randrange(10**6))
        for _ in range(1000)
    ]
    for moment in moments:
        text = moment.strftime("%Y-%m-%d %H:%M:%S.%f")
        assert times.local(moment).isoformat() == moment.astimezone().isoformat()
        assert seconds(text) == seconds(moment) == leads.iso_ts(moment), text
        assert exact(text) == exact(moment.replace(tzinfo=None)) == iso_full(moment), text
    assert seconds(None) is None
