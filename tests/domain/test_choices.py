"""The one parser for words picked from a list: stages, kinds, personas, states and
interaction kinds, in English or Chinese, and the one refusal naming the choices."""

from __future__ import annotations

import pytest

from funnel.domain.choices import KIND, LIST_STATE, PERSONA, STATE, Choice
from funnel.domain.followups import ACTIVITY_KIND, parse_activity_kind
from funnel.domain.stages import STAGE, Stage, parse_stage
from funnel.errors import InvalidValue


@pytest.mark.parametrize(
    "choice,text,key",
    [
        (KIND, "企业", "business"),
        (KIND, " Dealer ", "dealer"),
        (PERSONA, "主人翁型", "owner"),
        (PERSONA, "RATIONAL", "rational"),
        (PERSONA, "贪婪", "greedy"),
        (PERSONA, "理智", "rational"),
        (PERSONA, "主人翁", "owner"),
        (KIND, "公共机构", "public"),
        (STATE, "跟进中", "active"),
        (STATE, "活跃", "active"),
        (STATE, "流失", "lost"),
        (STATE, "非客户", "dead"),
        (STATE, " Lost", "lost"),
        (STAGE, "准客户", "quasi"),
        (STAGE, " Formal ", "formal"),
        (ACTIVITY_KIND, "微信", "message"),
        (ACTIVITY_KIND, "消息", "message"),
        (LIST_STATE, "all", "all"),
        (LIST_STATE, "dead", "dead"),
    ],
)
def test_keys_and_aliases(choice: Choice, text: str, key: str) -> None:
    assert choice.parse(text) == key


@pytest.mark.parametrize(
    "choice,value,message",
    [
        (
            KIND,
            "nope",
            "invalid kind 'nope' (choose from consumer, business, dealer, public, internal)",
        ),
        (
            PERSONA,
            "企业",
            (
                "invalid persona '企业' (choose from rational, task, greedy, owner, climber, "
                "stingy, tricky, relational, complex)"
            ),
        ),
        (STATE, 3, "invalid state '3' (choose from active, lost, dead)"),
        (LIST_STATE, "Active", "invalid state 'Active' (choose from active, lost, dead, all)"),
        (LIST_STATE, "流失", "invalid state '流失' (choose from active, lost, dead, all)"),
        (
            STAGE,
            "",
            (
                "unknown stage '' (choose from potential, trial, intent, quasi, formal, "
                "or a Chinese name)"
            ),
        ),
        (
            ACTIVITY_KIND,
            "fax",
            "invalid kind 'fax' (choose from call, visit, email, message, meeting, other)",
        ),
    ],
)
def test_one_refusal_names_the_choices(choice: Choice, value: object, message: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        choice.parse(value)
    assert caught.value.message == message


def test_the_stage_and_activity_parsers_use_their_vocabularies() -> None:
    assert parse_stage("意向") is Stage.INTENT
    assert parse_activity_kind(None) == "call"
    assert parse_activity_kind("拜访") == "visit"


def test_labels_and_spellings() -> None:
    assert STAGE.label("trial") == "trial"
    assert STATE.label(None) == ""
    assert ACTIVITY_KIND.spellings("message") == ("消息", "微信")
    assert STAGE.spellings("quasi") == ("准客户", "准")
