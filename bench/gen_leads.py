"""Write a realistic lead spreadsheet for the import benchmark.

    python bench/gen_leads.py 100000            # → bench/data/leads-100000.csv
    python bench/gen_leads.py 100000 --zh       # Chinese headers, GB18030 (as Excel in China saves)

Deterministic (seeded): every phone and email is unique, so the whole file imports.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from funnel.domain import leads as rules

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华"
WESTERN = [
    "Maria Rossi",
    "John Carter",
    "Anna Schmidt",
    "Lucas Martin",
    "Sofia García",
    "Kenji Watanabe",
    "Emma Dubois",
    "Oliver Brown",
    "Priya Nair",
    "Lars Nilsson",
]
COMPANIES = [
    "华星科技",
    "东方物流",
    "锦程教育",
    "海川食品",
    "云帆软件",
    "北辰建材",
    "Rossi Ceramiche",
    "Carter & Sons",
    "Nordic Outfitters",
    "Brown Analytics",
]
SOURCES = ["referral", "web", "trade fair", "cold call", "partner"]
OWNERS = ["li", "wang", "maria", "tom"]
STAGES = ["potential", "trial", "intent", "quasi", "formal", "潜在客户", "试用客户"]
KINDS = ["business", "consumer", "dealer", "public", ""]
PERSONAS = [*rules.PERSONAS, ""]
HEADERS = [
    "name",
    "company",
    "phone",
    "email",
    "wechat",
    "source",
    "owner",
    "stage",
    "value",
    "kind",
    "persona",
    "tags",
    "next_follow_up",
    "note",
]
ZH_HEADERS = [
    "姓名",
    "公司",
    "电话",
    "邮箱",
    "微信",
    "来源",
    "负责人",
    "阶段",
    "金额",
    "类型",
    "性格",
    "标签",
    "下次跟进",
    "备注",
]


def rows(count: int, seed: int = 5):
    rng = random.Random(seed)
    for i in range(count):
        if rng.random() < 0.8:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", *GIVEN))
        else:
            name = rng.choice(WESTERN)
        stage = rng.choice(STAGES)
        value = (
            ""
            if stage in ("potential", "潜在客户") and rng.random() < 0.5
            else (f"{rng.randint(1, 2000) * 100}" + rng.choice(("", ".50")))
        )
        yield [
            name,
            rng.choice(COMPANIES),
            f"1{rng.randint(30, 89)} {i // 10000:04d} {i % 10000:04d}",
            f"lead{i}@example.com",
            f"wx_{i}" if rng.random() < 0.5 else "",
            rng.choice(SOURCES),
            rng.choice(OWNERS),
            stage,
            value,
            rng.choice(KINDS),
            rng.choice(PERSONAS),
            ",".join(rng.sample(["vip", "q4", "east", "export"], rng.randint(0, 2))),
            f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.3 else "",
            "met at the autumn fair; wants a quote" if rng.random() < 0.2 else "",
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=100_000)
    parser.add_argument("--zh", action="store_true", help="Chinese headers, GB18030 encoded")
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()
    out = args.output or Path(__file__).parent / "data" / (
        f"leads-{args.count}{'-zh' if args.zh else ''}.csv"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="gb18030" if args.zh else "utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(ZH_HEADERS if args.zh else HEADERS)
        writer.writerows(rows(args.count))
    print(out)


if __name__ == "__main__":
    main()
