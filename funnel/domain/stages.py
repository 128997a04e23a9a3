"""The five stages, their names and aliases, and the gates to enter them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from funnel.domain.choices import Choice
from funnel.domain.money import money_text, to_number
from funnel.errors import GateNotMet
from funnel.i18n import t


class Stage(IntEnum):
    """Stages in funnel order; the integer is the rank stored in the database."""

    POTENTIAL = 0
    TRIAL = 1
    INTENT = 2
    QUASI = 3
    FORMAL = 4

    @property
    def key(self) -> str:
        return self.name.lower()

    @property
    def label(self) -> str:
        """The stage's name in the interface language."""
        return t(f"stage.{self.key}")

    @property
    def zh(self) -> str:
        return ZH_NAMES[self][0]

    def next(self) -> Stage | None:
        return Stage(self + 1) if self < Stage.FORMAL else None


STAGES: tuple[Stage, ...] = tuple(Stage)
OPEN_STAGES: tuple[Stage, ...] = STAGES[:-1]  # potential … quasi: still in the pipeline

ZH_NAMES: dict[Stage, tuple[str, ...]] = {
    Stage.POTENTIAL: ("潜在客户", "潜在"),
    Stage.TRIAL: ("试用客户", "试用"),
    Stage.INTENT: ("意向客户", "意向"),
    Stage.QUASI: ("准客户", "准"),
    Stage.FORMAL: ("正式客户", "正式"),
}

STAGE = Choice(
    "stage",
    tuple(s.key for s in STAGES),
    aliases={alias: s.key for s in STAGES for alias in ZH_NAMES[s]},
    labels="stage",
    error="err.stage",
)
_BY_KEY = {s.key: s for s in STAGES}


def parse_stage(text: str) -> Stage:
    """A stage from its English name (any case) or a Chinese alias."""
    return _BY_KEY[STAGE.parse(text)]


@dataclass(frozen=True)
class GateFacts:
    """What the gates look at: deal value, contract sent, money received (in cents)."""

    value_cents: int
    contract_sent: bool
    paid_cents: int


def gate_holds(stage: Stage, facts: GateFacts) -> bool:
    """Whether a lead with these facts may enter ``stage``."""
    if stage is Stage.INTENT:
        return facts.value_cents > 0
    if stage is Stage.QUASI:
        return facts.contract_sent and facts.paid_cents > 0
    if stage is Stage.FORMAL:
        return facts.paid_cents >= facts.value_cents
    return True


def gate_text(stage: Stage) -> str:
    """What it takes to enter ``stage``, for messages and ``funnel stages``."""
    return t(f"gate.{stage.key}")


def missing(stage: Stage, facts: GateFacts) -> str:
    """What a lead with these facts still lacks to enter ``stage``: only the parts of
    the gate that fail (the contract, or a payment, or the balance still to pay)."""
    if stage is Stage.QUASI:
        if facts.contract_sent and facts.paid_cents <= 0:
            return t("gate.need_payment")
        if not facts.contract_sent and facts.paid_cents > 0:
            return t("gate.need_contract")
    if stage is Stage.FORMAL and facts.paid_cents < facts.value_cents:
        return t(
            "gate.need_balance", amount=money_text(to_number(facts.value_cents - facts.paid_cents))
        )
    return gate_text(stage)


def failed_gates(current: Stage, target: Stage, facts: GateFacts) -> list[Stage]:
    """The stages entered or passed over on the way to ``target`` whose gates fail.

    Backward moves and staying put enter no stage, so they fail no gate.
    """
    return [s for s in STAGES if current < s <= target and not gate_holds(s, facts)]


def overridden(current: Stage, target: Stage, facts: GateFacts) -> str | None:
    """For a forced move: the first gate it overrode and what that gate lacked
    ("quasi: needs at least one payment"); None when every gate held."""
    failed = failed_gates(current, target, facts)
    if not failed:
        return None
    return f"{failed[0].label}: {missing(failed[0], facts)}"


def check_move(current: Stage, target: Stage, facts: GateFacts, *, force: bool, lead: str) -> bool:
    """Validate a move; return whether it needed ``force``. Raises ``GateNotMet``."""
    failed = failed_gates(current, target, facts)
    if failed and not force:
        first = failed[0]
        raise GateNotMet(t("err.gate", lead=lead, stage=first.label, need=missing(first, facts)))
    return bool(failed)
