"""Words people pick from a fixed list, in English or Chinese: one parser for every
such vocabulary (stages, a lead's kind, persona and state, interaction kinds) and one
error message naming the choices.

The vocabularies of a lead live here too; stages and interaction kinds declare theirs
beside their other rules (``stages``, ``followups``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from funnel.errors import InvalidValue
from funnel.i18n import t


@dataclass(frozen=True, eq=False)  # one object per vocabulary: compared by identity
class Choice:
    """A vocabulary: its canonical keys, other spellings people type, and how it reads.

    ``parse`` takes a key in any case (surrounding space ignored) or an alias as
    written; ``strict`` vocabularies take their keys exactly as written and nothing
    else. A refusal is ``error`` with the vocabulary's name, the value and the keys.
    """

    name: str  # what an error calls it: "kind", "state"…
    keys: tuple[str, ...]  # canonical keys, in the order an error lists them
    aliases: Mapping[str, str] = field(default_factory=dict)  # another spelling → key
    labels: str | None = None  # message prefix of a key's label: t(f"{labels}.{key}")
    error: str = "err.choice"
    strict: bool = False

    def parse(self, value: Any) -> str:
        """The canonical key for ``value``; raises ``InvalidValue``."""
        if self.strict:
            if value in self.keys:
                return str(value)
        else:
            raw = str(value).strip()
            key = self.aliases.get(raw, raw.lower())
            if key in self.keys:
                return key
        raise InvalidValue(
            t(self.error, field=self.name, value=value, choices=", ".join(self.keys))
        )

    def spellings(self, key: str) -> tuple[str, ...]:
        """The aliases of ``key``, in the order they are declared."""
        return tuple(alias for alias, of in self.aliases.items() if of == key)

    def label(self, key: str | None) -> str:
        """How ``key`` reads in the interface language ("" for none)."""
        if not key:
            return ""
        return t(f"{self.labels}.{key}") if self.labels else key


ACTIVE, LOST, DEAD = "active", "lost", "dead"

STATE = Choice(
    "state",
    (ACTIVE, LOST, DEAD),
    aliases={"跟进中": ACTIVE, "活跃": ACTIVE, "流失": LOST, "非客户": DEAD},
    labels="state",
)
# ``list --state``: a state or all of them, written exactly.
LIST_STATE = Choice("state", (*STATE.keys, "all"), strict=True)

KIND = Choice(
    "kind",
    ("consumer", "business", "dealer", "public", "internal"),
    aliases={
        "消费者": "consumer",
        "企业": "business",
        "经销商": "dealer",
        "公共": "public",
        "公共机构": "public",
        "内部": "internal",
    },
    labels="kind",
)

PERSONA = Choice(
    "persona",
    ("rational", "task", "greedy", "owner", "climber", "stingy", "tricky", "relational", "complex"),
    aliases={
        "理智型": "rational",
        "理智": "rational",
        "任务型": "task",
        "任务": "task",
        "贪婪型": "greedy",
        "贪婪": "greedy",
        "主人翁型": "owner",
        "主人翁": "owner",
        "抢功型": "climber",
        "抢功": "climber",
        "吝啬型": "stingy",
        "吝啬": "stingy",
        "刁蛮型": "tricky",
        "刁蛮": "tricky",
        "关系型": "relational",
        "关系": "relational",
        "综合型": "complex",
        "综合": "complex",
    },
    labels="persona",
)
