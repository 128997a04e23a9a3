"""A realistic sample funnel for ``funnel demo``: deterministic, dated in the past."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from funnel.domain import leads as rules
from funnel.domain.dates import now as clock_now
from funnel.domain.stages import Stage
from funnel.store import history, schema
from funnel.store import leads as crud

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from funnel.store.engine import Store

PEOPLE = [
    ("张伟", "华星科技"),
    ("王芳", "东方物流"),
    ("李娜", "锦程教育"),
    ("刘洋", "海川食品"),
    ("陈静", "云帆软件"),
    ("杨磊", "北辰建材"),
    ("赵敏", "青禾农业"),
    ("黄勇", "金桥贸易"),
    ("周杰", "星河传媒"),
    ("吴霞", "德润医疗"),
    ("徐涛", "恒通汽配"),
    ("孙丽", "瑞丰家居"),
    ("马超", "天际航空服务"),
    ("朱琳", "明远咨询"),
    ("胡斌", "嘉禾酒店"),
    ("郭婷", "新航电商"),
    ("Maria Rossi", "Rossi Ceramiche"),
    ("John Carter", "Carter & Sons"),
    ("Anna Schmidt", "Schmidt Logistik"),
    ("Lucas Martin", "Atelier Martin"),
    ("Sofia García", "García Foods"),
    ("Kenji Watanabe", "Watanabe Trading"),
    ("Emma Dubois", "Dubois Design"),
    ("Oliver Brown", "Brown Analytics"),
    ("Priya Nair", "Nair Textiles"),
    ("Lars Nilsson", "Nordic Outfitters"),
    ("Fatima Haddad", "Haddad Pharma"),
    ("Tomás Silva", "Silva Engenharia"),
    ("林晓", "晓风文创"),
    ("何平", "平安物业"),
    ("高远", "远见投资"),
    ("罗敏", "敏捷印务"),
    ("梁静", "静心茶业"),
    ("宋佳", "佳美服饰"),
    ("唐宁", "宁远能源"),
    ("韩雪", "雪域户外"),
    ("冯刚", "刚正机械"),
    ("曹颖", "颖创设计"),
    ("彭辉", "辉煌照明"),
    ("邓琪", "琪乐玩具"),
]
OWNERS = ["li", "wang", "maria", "tom"]
SOURCES = ["referral", "web", "trade fair", "cold call", "partner"]
KINDS = ["business", "business", "business", "consumer", "dealer", "public"]
PERSONAS = list(rules.PERSONAS)
LOSS_REASONS = [
    "chose a competitor",
    "no budget this year",
    "project cancelled",
    "price too high",
    "went silent",
]
ACTIVITY_TEXTS = [
    ("call", "intro call, asked about current supplier"),
    ("visit", "on-site demo for the team"),
    ("email", "sent product sheet and references"),
    ("meeting", "walked through scope and timeline"),
    ("message", "WeChat follow-up on the trial"),
]


def build_demo(store: Store, *, seed: int = 7, leads: int = len(PEOPLE)) -> None:
    """Fill an empty store with leads in every stage, some lost, with history and money."""
    rng = random.Random(seed)
    closing = random.Random(seed + 1)  # expected close dates: the rest stays as it was
    end = clock_now().replace(microsecond=0)
    start = end - timedelta(days=240)
    with store.write() as conn:
        for i in range(leads):
            name, company = PEOPLE[i % len(PEOPLE)]
            created = start + timedelta(days=rng.randint(0, 200), hours=rng.randint(8, 17))
            phone = f"1{rng.randint(30, 89)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
            values = {
                "name": name,
                "company": company,
                "phone": phone,
                "source": rng.choice(SOURCES),
                "owner": OWNERS[i % len(OWNERS)],
                "kind": rng.choice(KINDS),
                "persona": rng.choice(PERSONAS),
                "tags": rng.sample(["vip", "q4", "upsell", "east", "export"], k=rng.randint(0, 2)),
                "fields": {
                    "industry": rng.choice(
                        ["retail", "logistics", "software", "food", "education", "manufacturing"]
                    )
                },
                "value": 0,
            }
            lead_id = crud.add_lead(conn, values, now=created, allow_duplicate=True)
            _walk(conn, rng, lead_id, created, end, closing)
        _goals(conn, end)


def _goals(conn: Connection, end: datetime) -> None:
    """The team's target for this quarter, and each owner's for this month."""
    from funnel.domain.forecast import period_holding
    from funnel.store.forecast import set_goal

    day = end.date()
    set_goal(conn, period_holding(day, "quarter"), None, 250_000_00)
    for owner, target in zip(OWNERS, (50_000, 40_000, 30_000, 30_000), strict=True):
        set_goal(conn, period_holding(day, "month"), owner, target * 100)


def _walk(
    conn: Connection,
    rng: random.Random,
    lead_id: int,
    created: datetime,
    end: datetime,
    closing: random.Random,
) -> None:
    """Take one lead some way down the funnel, with dated moves, money and activities."""
    target = rng.choices(list(Stage), weights=[30, 22, 18, 12, 18])[0]
    at = created
    value = rng.choice([8_000, 12_800, 25_000, 48_000, 90_000, 150_000]) * 100

    def step(days: int) -> datetime:
        nonlocal at
        at = min(at + timedelta(days=days, hours=rng.randint(0, 6)), end)
        return at

    kind, text = rng.choice(ACTIVITY_TEXTS)
    _log(conn, lead_id, kind, text, step(rng.randint(1, 6)))
    for stage in list(Stage)[1 : target + 1]:
        when = step(rng.randint(3, 20))
        if stage is Stage.INTENT:
            crud.edit_lead(conn, lead_id, {"value": value}, now=when)
        if stage is Stage.QUASI:
            history.set_contract(conn, lead_id, on=when.date(), now=when)
            history.add_payment(
                conn,
                lead_id,
                value // 3,
                on=when.date(),
                now=when,
                note="deposit",
            )
        if stage is Stage.FORMAL:
            history.add_payment(
                conn,
                lead_id,
                value - value // 3,
                on=when.date(),
                now=when,
                note="balance",
            )
        history.move_lead(conn, lead_id, stage, now=when, at=when)
        if rng.random() < 0.5:
            kind, text = rng.choice(ACTIVITY_TEXTS)
            _log(conn, lead_id, kind, text, step(1))
    if target is Stage.FORMAL:
        for _ in range(rng.choice([0, 0, 1, 2, 4])):
            when = step(rng.randint(15, 40))
            history.add_order(
                conn,
                lead_id,
                rng.choice([3_000, 6_500, 12_800, 30_000]) * 100,
                on=when.date(),
                now=when,
            )
    elif rng.random() < 0.25:
        history.lose_lead(
            conn,
            lead_id,
            reason=rng.choice(LOSS_REASONS),
            final=rng.random() < 0.2,
            now=step(rng.randint(2, 15)),
        )
        return
    if target is not Stage.FORMAL or rng.random() < 0.3:
        follow = end.date() + timedelta(days=rng.randint(-5, 10))
        edits: dict[str, object] = {"follow_up": follow}
        if target is not Stage.FORMAL and closing.random() < 0.8:  # a few slipped, some later
            edits["close"] = end.date() + timedelta(days=closing.randint(-15, 120))
        crud.edit_lead(conn, lead_id, edits, now=step(0))


def _log(conn: Connection, lead_id: int, kind: str, text: str, at: datetime) -> None:
    conn.execute(
        schema.ACTIVITY.insert().values(
            lead_id=lead_id, kind=kind, at=at, summary=text, created_at=at
        )
    )
    conn.execute(schema.LEAD.update().where(schema.LEAD.c.id == lead_id).values(touched_at=at))
