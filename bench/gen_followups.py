"""Generate a store for timing `funnel due`: 10 000 leads, 2 000 of them due.

    python bench/gen_followups.py [--leads 10000] [--due 2000] [--out bench/data/followups.db]

Leads are bulk-inserted with SQLAlchemy Core in one transaction (with their tags,
first stay and 'created' event, as `funnel add` would leave them). The clock is
pinned to BENCH_NOW below; time the commands with the same FUNNEL_NOW:

    FUNNEL_NOW=2026-11-20T08:00 FUNNEL_DB=bench/data/followups.db funnel due -f plain

Of the leads, ``--due`` active ones have a follow-up overdue (up to 30 days) or
today; the rest have one ahead (1…60 days), none at all, or are lost with an
overdue one (which `due` must skip). Deterministic: the same seed gives the same store.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from funnel.domain import leads as rules

BENCH_NOW = "2026-11-20T08:00"
OWNERS = ["li", "wang", "maria", "tom", "chen"]
SOURCES = ["referral", "web", "trade fair", "cold call", "partner"]
PERSONAS = [*rules.PERSONAS, None]
TAGS = ["vip", "q4", "upsell", "east", "export"]


def build(path: Path, *, leads: int, due: int, seed: int = 1) -> None:
    import os

    from funnel.domain.stages import Stage
    from funnel.store import schema
    from funnel.store.engine import open_store

    os.environ["FUNNEL_NOW"] = BENCH_NOW
    from funnel.domain.dates import now as clock_now

    for suffix in ("", "-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.unlink()
    rng = random.Random(seed)
    now = clock_now()
    today = now.date()
    st = open_store(str(path))
    due_ids = set(rng.sample(range(1, leads + 1), due))
    rows, tags, stays, events = [], [], [], []
    for lead_id in range(1, leads + 1):
        created = now - timedelta(days=rng.randint(1, 365), minutes=rng.randint(0, 600))
        stage = rng.choices(range(5), weights=[35, 25, 20, 12, 8])[0]
        value = rng.choice([0, 800_000, 1_280_000, 2_500_000, 4_800_000]) if stage else 0
        state = "active"
        if lead_id in due_ids:
            follow = today - timedelta(days=rng.randint(0, 30))
        else:
            roll = rng.random()
            if roll < 0.5:
                follow = today + timedelta(days=rng.randint(1, 60))
            elif roll < 0.85:
                follow = None
            else:  # lost, with a follow-up that `due` must never show
                follow, state = today - timedelta(days=rng.randint(0, 30)), "lost"
        touched = created + timedelta(days=rng.randint(0, max((now - created).days, 0)))
        rows.append(
            {
                "id": lead_id,
                "name": f"Lead {lead_id:05d}",
                "company": f"Company {lead_id % 997}",
                "phone": f"138{lead_id:08d}",
                "phone_norm": f"138{lead_id:08d}",
                "email": None,
                "email_norm": None,
                "wechat": None,
                "source": rng.choice(SOURCES),
                "owner": rng.choice(OWNERS),
                "kind": "business",
                "persona": rng.choice(PERSONAS),
                "value_cents": value,
                "paid_cents": 0,
                "stage": stage,
                "highest_stage": stage,
                "state": state,
                "contract_sent_on": None,
                "next_follow_up": follow,
                "follow_note": "send the quote" if rng.random() < 0.3 else None,
                "lost_reason": "went silent" if state == "lost" else None,
                "lost_stage": stage if state == "lost" else None,
                "note": None,
                "fields": {},
                "created_at": created,
                "created_on": created.date(),
                "updated_at": touched,
                "touched_at": touched,
                "stage_entered_at": created,
                "won_on": None,
            }
        )
        for tag in rng.sample(TAGS, k=rng.randint(0, 2)):
            tags.append({"lead_id": lead_id, "tag": tag})
        stays.append(
            {
                "lead_id": lead_id,
                "stage": stage,
                "entered_at": created,
                "entered_on": created.date(),
            }
        )
        events.append(
            {
                "lead_id": lead_id,
                "at": created,
                "kind": "created",
                "new": Stage(stage).key,
                "forced": False,
            }
        )
    with st.write() as conn:
        conn.execute(schema.LEAD.insert(), rows)
        conn.execute(schema.TAG.insert(), tags)
        conn.execute(schema.STAY.insert(), stays)
        conn.execute(schema.EVENT.insert(), events)
    st.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument("--due", type=int, default=2_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "data" / "followups.db")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    build(args.out, leads=args.leads, due=args.due)
    print(args.out)


if __name__ == "__main__":
    main()
