"""The config file (typed, each value's source, errors naming the key) and the Chinese
interface (labels, headers, tips, personas, errors; commands and JSON stay English)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness import Funnel


@pytest.fixture
def config(env) -> Path:
    return Path(env["FUNNEL_CONFIG"])


# --- config ---------------------------------------------------------------------------


def test_show_says_where_each_value_came_from(funnel: Funnel, config: Path) -> None:
    config.write_text(
        'owner = "li"\ncurrency = "¥"\n[probabilities]\nintent = 0.5\n'
        "[lifecycle]\nsilent_days = 60\n",
        encoding="utf-8",
    )
    rows = {r["setting"]: r for r in funnel.json("config", "show")}
    assert len(rows) == 18  # lost_reasons.reasons included
    assert rows["lock_timeout"]["value"] == 10
    assert (rows["owner"]["value"], rows["owner"]["source"]) == ("li", str(config))
    assert (rows["probabilities.intent"]["value"], rows["probabilities.intent"]["source"]) == (
        0.5,
        str(config),
    )
    assert (rows["probabilities.trial"]["value"], rows["probabilities.trial"]["source"]) == (
        0.2,
        "default",
    )
    assert rows["lifecycle.silent_days"]["value"] == 60 and rows["abc.b"]["value"] == 0.15
    assert funnel("config", "path").stdout == f"{config}\n"


def test_default_owner_for_add_and_mine(funnel: Funnel, config: Path) -> None:
    assert "--mine needs a default owner" in funnel.error("list", "--mine")
    config.write_text('owner = "li"\n')
    mine = funnel.add("Mine")
    funnel.add("Theirs", "--owner", "wang")
    assert funnel.json("show", mine)["owner"] == "li"
    assert [x["name"] for x in funnel.json("list", "--mine")] == ["Mine"]
    assert [x["name"] for x in funnel.json("list", "--owner", "wang")] == ["Theirs"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("colour = 'blue'\n", "unknown key 'colour'"),
        ("[abc]\nc = 0.5\n", "unknown key 'abc.c'"),
        ("[probabilities]\nintent = 'high'\n", "probabilities.intent must be a number"),
        ("[probabilities]\nintent = true\n", "probabilities.intent must be a number"),
        ("[probabilities]\nquasi = 1.5\n", "probabilities.quasi must be between 0 and 1"),
        ("[stale_days]\ntrial = 2.5\n", "stale_days.trial must be a whole number"),
        ("[stale_days]\ntrial = 0\n", "stale_days.trial must be at least 1"),
        ("probabilities = 3\n", "[probabilities] must be a table"),
        ("owner = 7\n", "owner must be text"),
        ("language = 'fr'\n", "language must be one of en, zh"),
        ("[abc]\na = 0.6\nb = 0.5\n", "abc.a + abc.b must not exceed 1"),
        ("[lifecycle]\nsilent_days = 200\n", "new_days ≤ silent_days < lost_days"),
        ("owner = \n", "config"),
    ],
)
def test_config_errors_name_the_key(funnel: Funnel, config: Path, text: str, named: str) -> None:
    config.write_text(text, encoding="utf-8")
    err = funnel.error("list")
    assert named in err and str(config) in err
    assert funnel("config", "path").stdout == f"{config}\n"  # still there to fix it


def test_unreadable_config_is_an_error(funnel: Funnel, config: Path) -> None:
    config.write_bytes(b"owner = '\xff'\n")
    assert str(config) in funnel.error("config", "show")
    config.unlink()
    config.mkdir()
    assert str(config) in funnel.error("list")


# --- the Chinese interface --------------------------------------------------------------


def zh(funnel: Funnel, *args: str, ok: bool | None = True):
    return funnel.using(FUNNEL_LANG="zh")(*args, ok=ok)


def test_reference_commands_in_chinese(funnel: Funnel) -> None:
    stages = zh(funnel, "stages", "-f", "table").stdout
    assert "进入条件" in stages and "下一步" in stages
    assert "意向客户" in stages and "需要成交金额" in stages and "发送合同" in stages
    # each stage once in Chinese, beside the key a command takes (not twice in Chinese)
    assert "意向客户  intent" in stages and stages.count("意向客户") == 1
    personas = zh(funnel, "personas", "-f", "table").stdout
    assert "理智型" in personas and "应对方式" in personas and "特点" in personas
    rational = zh(funnel, "personas", "-f", "plain").stdout.splitlines()[0].split("\t")
    assert rational[:2] == ["rational", "理智型"] and rational[3].endswith("说到做到。")
    plain = zh(funnel, "stages", "-f", "plain").stdout.splitlines()
    assert plain[0].split("\t")[:2] == ["potential", "潜在客户"]  # keys stay English


def test_list_and_show_in_chinese(funnel: Funnel) -> None:
    lid = funnel.add(
        "张伟", "--company", "华星科技", "--value", "48000", "--persona", "tricky", "--owner", "li"
    )
    funnel("move", lid, "intent")
    listed = zh(funnel, "list", "-f", "table").stdout
    for header in ("编号", "姓名", "公司", "阶段", "状态", "负责人", "金额", "已付", "下次跟进"):
        assert header in listed
    assert "意向客户" in listed and "跟进中" in listed
    card = zh(funnel, "show", str(lid), "-f", "table").stdout
    assert "历史" in card and "阶段变更" in card and "下一步" in card
    assert "书面确认产品" in card  # the intent tip
    assert "性格应对: 刁蛮型" in card and "先签合同后开工" in card
    data = zh(funnel, "show", str(lid), "-f", "json").stdout
    assert '"stage": "intent"' in data and '"persona": "tricky"' in data  # JSON stays English


def test_errors_in_chinese_and_language_from_config(funnel: Funnel, config: Path) -> None:
    funnel("db", "upgrade")  # an empty store
    result = zh(funnel, "show", "99", ok=False)
    assert result.exit_code == 1 and result.stderr == "error: 没有编号为 99 的客户\n"
    assert "未知阶段“nowhere”" in zh(funnel, "move", "1", "nowhere", ok=False).stderr
    assert "无效金额" in zh(funnel, "add", "x", "--value", "abc", ok=False).stderr
    config.write_text('language = "zh"\n', encoding="utf-8")
    assert funnel.error("move", "1", "nowhere").startswith("error: 未知阶段")
    assert "进入条件" in funnel("stages", "-f", "table").stdout
    forced = funnel.using(FUNNEL_LANG="en")("show", "99", ok=False)
    assert forced.stderr == "error: no lead with id 99\n"  # the environment wins


def test_import_errors_in_chinese(funnel: Funnel, tmp_path: Path) -> None:
    src = tmp_path / "客户名单.csv"
    src.write_text("姓名,阶段\n张伟,哪里\n,潜在\n", encoding="utf-8")
    err = zh(funnel, "import", str(src), ok=False).stderr.splitlines()
    assert err[0].startswith("error: 客户名单.csv 第 2 行：未知阶段")
    assert err[1].startswith("error: 客户名单.csv 第 3 行：name 为必填项")
    assert err[2] == "error: 客户名单.csv 中有 2 行有误；未导入任何数据"
