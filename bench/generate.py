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
from datetime import datetime, timedelta, timezone
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
    counts = {"lead": 0, "event": 0, "stay": 0, "orders": 0, "payment": 0}
    lead_rows: list[tuple] = []
    event_rows: list[tuple] = []
    stay_rows: list[tuple] = []
    order_rows: list[tuple] = []
    pay_rows: list[tuple] = []

    def flush() -> None:
        con.executemany(
            "INSERT INTO lead (id, name, company, phone, phone_norm, source, owner, kind, "
            "value_cents, paid_cents, stage, highest_stage, state, contract_sent_on, "
            "lost_reason, lost_stage, fields, created_at, created_on, updated_at, touched_at, "
            "stage_entered_at, won_on, lost_on) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            lead_rows,
        )
        con.executemany(
            "INSERT INTO event (lead_id, at, kind, field, old, new, reason, forced) "
            "VALUES (?,?,?,?,?,?,?,?)",
            event_rows,
        )
        con.executemany(
            "INSERT INTO stay (lead_id, stage, entered_at, entered_on, left_at, left_on, days, "
            "forward, lead_created_on) VALUES (?,?,?,?,?,?,?,?,?)",
            stay_rows,
        )
        con.executemany(
            "INSERT INTO orders (lead_id, amount_cents, ordered_on, won_deal, created_at) "
            "VALUES (?,?,?,?,?)",
            order_rows,
        )
        con.executemany(
            "INSERT INTO payment (lead_id, amount_cents, paid_on, note, created_at) "
            "VALUES (?,?,?,?,?)",
            pay_rows,
        )
        con.commit()
        for name, rows in (
            ("lead", lead_rows),
            ("event", event_rows),
            ("stay", stay_rows),
            ("orders", order_rows),
            ("payment", pay_rows),
        ):
            counts[name] += len(rows)
            rows.clear()

    for lead_id in range(1, leads + 1):
        created = END - timedelta(days=rng.randint(0, SPAN_DAYS), hours=rng.randint(0, 9))
        at = created
        created_on = created.date().isoformat()
        target = rng.choices(range(5), weights=[38, 24, 16, 9, 13])[0]
        value = rng.choice([8_000, 12_800, 25_000, 48_000, 90_000, 150_000]) * 100
        stage, highest, paid, contract_on, won_on = 0, 0, 0, None, None
        events = [(lead_id, ts(at), "created", None, None, "potential", None, 0)]
        stay_start = at

        def move(to: int, *, forced: bool = False) -> None:
            nonlocal stage, highest, stay_start, at, won_on
            at = min(at + timedelta(days=rng.randint(1, 25), hours=rng.randint(0, 5)), END)
            days = (at.date() - stay_start.date()).days
            stay_rows.append(
                (
                    lead_id,
                    stage,
                    ts(stay_start),
                    stay_start.date().isoformat(),
                    ts(at),
                    at.date().isoformat(),
                    days,
                    int(to > stage),
                    created_on,
                )
            )
            events.append(
                (lead_id, ts(at), "move", "stage", STAGES[stage], STAGES[to], None, int(forced))
            )
            if to == 4 and highest < 4:
                won_on = at.date()
                order_rows.append((lead_id, value, won_on.isoformat(), 1, ts(at)))
            stage, highest, stay_start = to, max(highest, to), at

        path_ = list(range(1, target + 1))
        if len(path_) >= 2 and rng.random() < 0.3:
            path_.pop(rng.randrange(len(path_) - 1))  # a skip
        valued = False
        for to in path_:
            if to >= 2 and not valued:
                valued = True
                events.append((lead_id, ts(at), "edit", "value", "0", str(value // 100), None, 0))
            if to == 3:
                contract_on = at.date()
                paid = value // 3
                pay_rows.append((lead_id, paid, at.date().isoformat(), "deposit", ts(at)))
                events.append((lead_id, ts(at), "payment", "paid", "0", str(paid // 100), None, 0))
            if to == 4:
                pay_rows.append((lead_id, value - paid, at.date().isoformat(), "balance", ts(at)))
                paid = value
            move(to, forced=to == 4 and contract_on is None)
            if rng.random() < 0.04 and stage > 0:  # a step back, then forward again
                back = stage - 1
                move(back)
                move(back + 1)
        state, lost_reason, lost_stage, lost_on = "active", None, None, None
        if target < 4 and rng.random() < 0.3:
            state = "dead" if rng.random() < 0.2 else "lost"
            lost_reason, lost_stage = rng.choice(REASONS), stage
            at = min(at + timedelta(days=rng.randint(1, 20)), END)
            lost_on = at.date().isoformat()
            events.append((lead_id, ts(at), "state", "state", "active", state, lost_reason, 0))
        if target == 4:
            for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 5])):
                day = (at + timedelta(days=rng.randint(10, 200))).date()
                if day <= END.date():
                    order_rows.append(
                        (
                            lead_id,
                            rng.choice([3_000, 6_500, 12_800]) * 100,
                            day.isoformat(),
                            0,
                            ts(END),
                        )
                    )
        stay_rows.append(
            (
                lead_id,
                stage,
                ts(stay_start),
                stay_start.date().isoformat(),
                None,
                None,
                None,
                None,
                created_on,
            )
        )
        event_rows.extend(events)
        last = min(at, END)
        lead_rows.append(
            (
                lead_id,
                f"Lead {lead_id}",
                f"Company {lead_id % 50_000}",
                None,
                None,
                rng.choice(SOURCES),
                rng.choice(OWNERS),
                "business",
                value if target >= 2 else 0,
                paid,
                stage,
                highest,
                state,
                contract_on.isoformat() if contract_on else None,
                lost_reason,
                lost_stage,
                "{}",
                ts(created),
                created.date().isoformat(),
                ts(last),
                ts(last),
                ts(stay_start),
                won_on.isoformat() if won_on else None,
                lost_on,
            )
        )
        if len(lead_rows) >= BATCH:
            flush()
    flush()
    for _name, sql in indexes:
        con.execute(sql)
    con.commit()
    con.execute("PRAGMA journal_mode = WAL")
    con.close()
    return counts


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
