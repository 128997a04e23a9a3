"""Generate a large funnel store for timing reports: leads with the history crud would write.

    python bench/generate.py --leads 1000000 --out bench/data/funnel-1m.db

The schema comes from funnel's own migrations; rows go in through sqlite3
``executemany`` in big transactions (indexes rebuilt at the end; no ANALYZE,
like a real store), shaped like
what ``funnel.store.leads`` writes for each command: a ``created`` event and first
stay, a ``move`` event and a closed stay per move (forward or backward), the
value edit, contract and payments before the gates, the won deal as the first
order when a lead reaches formal, repeat orders, and ``state`` events for
lost/dead leads. Deterministic for a given ``--seed``.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = ("potential", "trial", "intent", "quasi", "formal")
OWNERS = [f"rep{i:02d}" for i in range(20)]
SOURCES = ["referral", "web", "trade fair", "cold call", "partner", "ads", "event", "inbound"]
REASONS = [
    "chose a competitor",
    "no budget this year",
    "project cancelled",
    "price too high",
    "went silent",
    "bad timing",
]
END = datetime(2026, 11, 20, 10, tzinfo=timezone.utc)
SPAN_DAYS = 3 * 365
BATCH = 50_000


def ts(moment: datetime) -> str:
    """How SQLAlchemy stores a UTC datetime in SQLite."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


INSERTS = {
    "lead": "INSERT INTO lead (id, name, company, phone, phone_norm, source, owner, kind, "
    "value_cents, paid_cents, stage, highest_stage, state, contract_sent_on, "
    "lost_reason, lost_stage, fields, created_at, created_on, updated_at, touched_at, "
    "stage_entered_at, won_on, lost_on, close_on) VALUES "
    "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "event": "INSERT INTO event (lead_id, at, kind, field, old, new, reason, forced) "
    "VALUES (?,?,?,?,?,?,?,?)",
    "stay": "INSERT INTO stay (lead_id, stage, entered_at, entered_on, left_at, left_on, days, "
    "forward, lead_created_on) VALUES (?,?,?,?,?,?,?,?,?)",
    "orders": "INSERT INTO orders (lead_id, amount_cents, ordered_on, won_deal, created_at) "
    "VALUES (?,?,?,?,?)",
    "payment": "INSERT INTO payment (lead_id, amount_cents, paid_on, note, created_at) "
    "VALUES (?,?,?,?,?)",
}


class Rows:
    """Rows waiting to be written, a list per table, flushed in one transaction."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.pending: dict[str, list[tuple]] = {name: [] for name in INSERTS}
        self.counts = dict.fromkeys(INSERTS, 0)

    def flush(self) -> None:
        for name, rows in self.pending.items():
            self.con.executemany(INSERTS[name], rows)
        self.con.commit()
        for name, rows in self.pending.items():
            self.counts[name] += len(rows)
            rows.clear()


class Walk:
    """One lead's life: created, moved along its path (skips, steps back), maybe lost,
    maybe ordering again; every row it leaves goes to ``rows``."""

    def __init__(self, rng: random.Random, lead_id: int, rows: Rows) -> None:
        self.rng, self.lead_id, self.rows = rng, lead_id, rows.pending
        self.created = END - timedelta(days=rng.randint(0, SPAN_DAYS), hours=rng.randint(0, 9))
        self.at = self.created
        self.created_on = self.created.date().isoformat()
        self.target = rng.choices(range(5), weights=[38, 24, 16, 9, 13])[0]
        self.value = rng.choice([8_000, 12_800, 25_000, 48_000, 90_000, 150_000]) * 100
        self.stage = self.highest = self.paid = 0
        self.contract_on: date | None = None
        self.won_on: date | None = None
        self.events = [(lead_id, ts(self.at), "created", None, None, "potential", None, 0)]
        self.stay_start = self.at

    def move(self, to: int, *, forced: bool = False) -> None:
        rng, lead_id = self.rng, self.lead_id
        self.at = min(self.at + timedelta(days=rng.randint(1, 25), hours=rng.randint(0, 5)), END)
        at, start = self.at, self.stay_start
        days = (at.date() - start.date()).days
        self.rows["stay"].append(
            (
                lead_id,
                self.stage,
                ts(start),
                start.date().isoformat(),
                ts(at),
                at.date().isoformat(),
                days,
                int(to > self.stage),
                self.created_on,
            )
        )
        self.events.append(
            (lead_id, ts(at), "move", "stage", STAGES[self.stage], STAGES[to], None, int(forced))
        )
        if to == 4 and self.highest < 4:
            self.won_on = at.date()
            self.rows["orders"].append((lead_id, self.value, self.won_on.isoformat(), 1, ts(at)))
        self.stage, self.highest, self.stay_start = to, max(self.highest, to), at

    def step(self, to: int, valued: bool) -> bool:
        """Enter stage ``to`` with what its gate needs; returns whether a value was set."""
        lead_id, at, value = self.lead_id, self.at, self.value
        if to >= 2 and not valued:
            valued = True
            self.events.append((lead_id, ts(at), "edit", "value", "0", str(value // 100), None, 0))
        if to == 3:
            self.contract_on = at.date()
            self.paid = value // 3
            self.rows["payment"].append(
                (lead_id, self.paid, at.date().isoformat(), "deposit", ts(at))
            )
            self.events.append(
                (lead_id, ts(at), "payment", "paid", "0", str(self.paid // 100), None, 0)
            )
        if to == 4:
            self.rows["payment"].append(
                (lead_id, value - self.paid, at.date().isoformat(), "balance", ts(at))
            )
            self.paid = value
        self.move(to, forced=to == 4 and self.contract_on is None)
        if self.rng.random() < 0.04 and self.stage > 0:  # a step back, then forward again
            back = self.stage - 1
            self.move(back)
            self.move(back + 1)
        return valued

    def walk(self) -> None:
        rng = self.rng
        path = list(range(1, self.target + 1))
        if len(path) >= 2 and rng.random() < 0.3:
            path.pop(rng.randrange(len(path) - 1))  # a skip
        valued = False
        for to in path:
            valued = self.step(to, valued)

    def lose(self) -> tuple[str, str | None, int | None, str | None]:
        rng = self.rng
        if not (self.target < 4 and rng.random() < 0.3):
            return "active", None, None, None
        state = "dead" if rng.random() < 0.2 else "lost"
        reason = rng.choice(REASONS)
        self.at = min(self.at + timedelta(days=rng.randint(1, 20)), END)
        self.events.append(
            (self.lead_id, ts(self.at), "state", "state", "active", state, reason, 0)
        )
        return state, reason, self.stage, self.at.date().isoformat()

    def reorder(self) -> None:
        rng = self.rng
        if self.target != 4:
            return
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 5])):
            day = (self.at + timedelta(days=rng.randint(10, 200))).date()
            if day <= END.date():
                amount = rng.choice([3_000, 6_500, 12_800]) * 100
                self.rows["orders"].append((self.lead_id, amount, day.isoformat(), 0, ts(END)))

    def run(self) -> None:
        self.walk()
        state, lost_reason, lost_stage, lost_on = self.lose()
        self.reorder()
        start = self.stay_start
        self.rows["stay"].append(
            (self.lead_id, self.stage, ts(start), start.date().isoformat())
            + (None, None, None, None, self.created_on)
        )
        self.rows["event"].extend(self.events)
        last = min(self.at, END)
        rng, lead_id, created = self.rng, self.lead_id, self.created
        self.rows["lead"].append(
            (
                lead_id,
                f"Lead {lead_id}",
                f"Company {lead_id % 50_000}",
                None,
                None,
                rng.choice(SOURCES),
                rng.choice(OWNERS),
                "business",
                self.value if self.target >= 2 else 0,
                self.paid,
                self.stage,
                self.highest,
                state,
                self.contract_on.isoformat() if self.contract_on else None,
                lost_reason,
                lost_stage,
                "{}",
                ts(created),
                created.date().isoformat(),
                ts(last),
                ts(last),
                ts(start),
                self.won_on.isoformat() if self.won_on else None,
                lost_on,
                self.close_on(state),
            )
        )

    def close_on(self, state: str) -> str | None:
        """Four in five open leads expect to close between 40 days ago (slipped) and
        160 days ahead; from the id, so the random stream (and all else) is as before."""
        if state != "active" or self.stage >= 4 or self.lead_id % 5 == 0:
            return None
        return (END.date() + timedelta(days=self.lead_id * 7919 % 200 - 40)).isoformat()


def build(path: Path, leads: int, seed: int) -> dict[str, int]:
    from funnel.store.engine import open_store

    if path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    open_store(str(path)).close()  # schema at head, through the migrations

    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    for name, _sql in indexes:
        con.execute(f'DROP INDEX "{name}"')

    rng = random.Random(seed)
    rows = Rows(con)
    for lead_id in range(1, leads + 1):
        Walk(rng, lead_id, rows).run()
        if len(rows.pending["lead"]) >= BATCH:
            rows.flush()
    rows.flush()
    for _name, sql in indexes:
        con.execute(sql)
    con.commit()
    con.execute("PRAGMA journal_mode = WAL")
    con.close()
    return rows.counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "data" / "funnel-1m.db")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    counts = build(args.out, args.leads, args.seed)
    took = time.perf_counter() - started
    print(
        f"{args.out}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()) + f" in {took:.0f} s"
    )


if __name__ == "__main__":
    main()
