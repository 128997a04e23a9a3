"""Many commands at once on one store, on SQLite and on PostgreSQL: no write applies
against a stale read, nobody is refused while a lock is held for less than
``lock_timeout``, and a lock held longer gives the one-line busy error.

Each process of a crew (tests/crew.py) runs real commands; afterwards every success is
found in the store exactly once, and ``db check`` is clean.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crew import Outcome, run_together
from tests.harness import PG_SERVER, Funnel, postgres_database

WRITERS = 8
WRITES = 40
SHARED = 5
PHONES = [f"1380000{k:04d}" for k in range(6)]


@pytest.fixture(params=["sqlite", "postgresql"])
def shared(request: pytest.FixtureRequest, funnel: Funnel) -> Iterator[Funnel]:
    """A runner on a store of each engine, with no pinned clock (real moments race)."""
    if request.param == "sqlite":
        yield funnel.using(FUNNEL_NOW="")
        return
    if not PG_SERVER:
        pytest.skip("FUNNEL_TEST_PG is not set")
    with postgres_database() as url:
        yield funnel.using(FUNNEL_DB=url, FUNNEL_NOW="")


def quick(funnel: Funnel, tmp_path: Path, seconds: float) -> Funnel:
    config = tmp_path / "lock.toml"
    config.write_text(f"lock_timeout = {seconds}\n", encoding="utf-8")
    return funnel.using(FUNNEL_CONFIG=str(config))


def refused_for_a_reason(outcome: Outcome) -> bool:
    """A refusal a user can cause (a gate, a lost lead, a duplicate), never the store's."""
    lines = outcome.stderr.splitlines()
    if outcome.code != 1 or len(lines) != 1 or not lines[0].startswith("error: "):
        return False
    return not any(
        word in lines[0] for word in ("busy", "unexpected", "store error", "cannot open")
    )


# --- the load ---------------------------------------------------------------------------


def writer_script(member: int, leads: list[int]) -> list[list[str]]:
    rng = random.Random(member)
    script = []
    for i in range(WRITES):
        tag = f"{member}-{i}"
        lead = str(rng.choice(leads))
        kind = rng.choice(["add", "move", "pay", "log", "edit", "follow", "lose", "reopen"])
        if kind == "add":
            step = ["add", f"new-{tag}", "--phone", rng.choice(PHONES)]
        elif kind == "move":
            stage = rng.choice(["potential", "trial", "intent", "quasi", "formal"])
            step = ["move", lead, stage, "--force", "--reason", f"m-{tag}"]
        elif kind == "pay":
            step = ["pay", lead, str(1 + member * 100 + i), "--note", f"p-{tag}"]
        elif kind == "log":
            step = ["log", lead, f"l-{tag}"]
        elif kind == "edit":
            step = ["edit", lead, "--company", f"c-{tag}"]
        elif kind == "follow":
            step = ["follow", lead, f"+{1 + i % 9}d", "--note", f"f-{tag}"]
        elif kind == "lose":
            step = ["lose", lead, "--reason", f"lo-{tag}"]
        else:
            step = ["reopen", lead]
        script.append(step)
    return script


def reader_script(leads: list[int]) -> list[list[str]]:
    reads = [
        ["report", "-f", "json"],
        ["list", "-f", "json", "--state", "all"],
        ["due", "-f", "json"],
    ]
    reads += [["show", str(lead), "-f", "json"] for lead in leads]
    return [reads[i % len(reads)] for i in range(WRITES)]


def test_eight_writers_and_a_reader_lose_and_duplicate_nothing(shared: Funnel) -> None:
    leads = [shared.add(f"shared-{n}", "--value", "100") for n in range(SHARED)]
    scripts = [writer_script(m, leads) for m in range(WRITERS)] + [reader_script(leads)]
    *writers, reader = run_together(scripts, shared.env)

    done = [o for member in writers for o in member if o.ok]
    refused = [o for member in writers for o in member if not o.ok]
    assert all(o.ok for o in reader), [o.stderr for o in reader if not o.ok]
    assert all(refused_for_a_reason(o) for o in refused), {o.stderr for o in refused}
    assert len(done) > WRITERS * WRITES // 2  # the load really wrote

    everyone = shared.json("list", "--state", "all")
    details = {lead: shared.json("show", str(lead)) for lead in leads}
    history = [e for d in details.values() for e in d["history"]]
    reasons = Counter(e["reason"] for e in history)

    def once(prefix: str, found: Counter[str]) -> None:
        """Each success marked ``prefix-…`` (its last argument) is in the store once,
        and nothing else so marked."""
        wanted = {o.args[-1] for o in done if o.args[-1].startswith(f"{prefix}-")}
        stored = {key: n for key, n in found.items() if key and key.startswith(f"{prefix}-")}
        assert stored == dict.fromkeys(wanted, 1), prefix

    once("m", reasons)
    once(
        "lo", Counter(e["reason"] for e in history if e["event"] == "state" and e["new"] == "lost")
    )
    once("p", Counter(p["note"] for d in details.values() for p in d["payments"]))
    once("l", Counter(a["summary"] for d in details.values() for a in d["activities"]))
    once("c", Counter(e["new"] for e in history if e["field"] == "company"))
    reopened = sum(1 for o in done if o.args[0] == "reopen")
    assert sum(1 for e in history if e["event"] == "state" and e["new"] == "active") == reopened

    added = {o.args[1] for o in done if o.args[0] == "add"}
    assert {lead["name"] for lead in everyone if lead["name"].startswith("new-")} == added
    phones = Counter(lead["phone"] for lead in everyone if lead["phone"])
    assert all(n == 1 for n in phones.values()), phones  # no duplicate slipped through

    for d in details.values():
        assert d["paid"] == sum(p["amount"] for p in d["payments"])
        won = [o for o in d["orders"] if o["won_deal"]]
        assert len(won) == (1 if d["highest_stage"] == "formal" else 0)
    shared("db", "check")


# --- two at once, many times ------------------------------------------------------------


def test_two_payments_at_once_always_sum(shared: Funnel) -> None:
    lead = str(shared.add("Ann"))
    rounds = 10
    scripts = [[["pay", lead, "100"]] * rounds, [["pay", lead, "250.50"]] * rounds]
    results = run_together(scripts, shared.env, together=True)
    assert all(o.ok for member in results for o in member)
    shown = shared.json("show", lead)
    assert len(shown["payments"]) == 2 * rounds
    assert shown["paid"] == pytest.approx(rounds * 350.5)
    shared("db", "check")


def test_two_moves_to_formal_at_once_win_one_deal(shared: Funnel) -> None:
    leads = [str(shared.add(f"L{n}", "--value", "900")) for n in range(10)]
    script = [["move", lead, "formal", "--force"] for lead in leads]
    first, second = run_together([script, script], shared.env, together=True)
    for one, other in zip(first, second, strict=True):
        assert sorted([one.ok, other.ok]) == [False, True], (one.stderr, other.stderr)
        assert "already" in (one.stderr or other.stderr)  # the loser saw the winner's move
    for lead in leads:
        orders = shared.json("show", lead)["orders"]
        assert [o["won_deal"] for o in orders] == [True]
    shared("db", "check")


def test_several_processes_opening_a_new_store_migrate_it_once(
    shared: Funnel, tmp_path: Path
) -> None:
    if "://" not in shared.env["FUNNEL_DB"]:
        shared = shared.using(FUNNEL_DB=str(tmp_path / "brand-new.db"))
    scripts = [[["add", f"first-{n}"]] for n in range(6)]
    results = run_together(scripts, shared.env, together=True)
    assert [o.stderr for member in results for o in member] == [""] * 6
    assert len(shared.json("list")) == 6
    shared("db", "check")


# --- a lock held by someone else ---------------------------------------------------------


class Holder:
    """Holds the write lock a ``pay`` on ``lead`` needs, from another connection, for
    ``seconds``: SQLite's immediate transaction, PostgreSQL's lead row."""

    def __init__(self, target: str, lead: int, seconds: float) -> None:
        self.target, self.lead, self.seconds = target, lead, seconds
        self.held = threading.Event()

    def __enter__(self) -> Holder:  # noqa: PYI034
        self.thread = threading.Thread(target=self._hold)
        self.thread.start()
        assert self.held.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.thread.join()

    def _hold(self) -> None:
        if "://" in self.target:
            import sqlalchemy as sa

            engine = sa.create_engine(self.target)
            with engine.connect() as conn, conn.begin():
                conn.execute(sa.text(f"SELECT id FROM lead WHERE id = {self.lead} FOR UPDATE"))
                self.held.set()
                time.sleep(self.seconds)
            engine.dispose()
        else:
            import sqlite3

            con = sqlite3.connect(self.target, isolation_level=None)
            con.execute("BEGIN IMMEDIATE")
            self.held.set()
            time.sleep(self.seconds)
            con.execute("ROLLBACK")
            con.close()


def test_a_lock_held_two_seconds_delays_a_write_instead_of_refusing_it(
    shared: Funnel, tmp_path: Path
) -> None:
    lead = shared.add("Ann")
    patient = quick(shared, tmp_path, 5)
    with Holder(shared.env["FUNNEL_DB"], lead, 2):
        start = time.perf_counter()
        patient("pay", str(lead), "100")
        waited = time.perf_counter() - start
    assert waited > 1.5
    assert shared.json("show", str(lead))["paid"] == 100


def test_a_lock_held_past_lock_timeout_is_the_one_line_busy_error(
    shared: Funnel, tmp_path: Path
) -> None:
    lead = shared.add("Ann")
    hasty = quick(shared, tmp_path, 0.5)
    with Holder(shared.env["FUNNEL_DB"], lead, 1.5):
        start = time.perf_counter()
        message = hasty.error("pay", str(lead), "100")
        waited = time.perf_counter() - start
    assert message.startswith("error: the store is busy") and message.count("\n") == 1
    assert 0.4 < waited < 1.4
    assert shared.json("show", str(lead))["paid"] == 0


def test_lock_timeout_zero_means_do_not_wait_on_both_engines(
    shared: Funnel, tmp_path: Path
) -> None:
    """To PostgreSQL a lock_timeout of 0 means "wait forever"; to funnel, "don't wait"."""
    lead = shared.add("Ann")
    impatient = quick(shared, tmp_path, 0)
    with Holder(shared.env["FUNNEL_DB"], lead, 1.0):
        start = time.perf_counter()
        assert impatient.error("pay", str(lead), "100").startswith("error: the store is busy")
        assert time.perf_counter() - start < 0.9


def test_a_server_that_never_answers_is_an_error_not_a_hang(funnel: Funnel, tmp_path: Path) -> None:
    import socket

    silent = socket.socket()  # accepts connections (the kernel does) and never says a word
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        port = silent.getsockname()[1]
        url = f"postgresql+psycopg://bob:s3cret@127.0.0.1:{port}/funnel"
        start = time.perf_counter()
        message = quick(funnel, tmp_path, 0).using(FUNNEL_DB=url).error("list")
        assert time.perf_counter() - start < 10
        assert "timeout" in message and "s3cret" not in message
    finally:
        silent.close()
