"""The interface language everywhere a person reads: usage mistakes as one ``error:``
line with a hint to ``--help`` (exit 2), the language in effect in ``config show``,
stages and personas without a doubled Chinese column, and a walk through every
command's human output in Chinese looking for English left behind."""

from __future__ import annotations

import pytest

from tests.harness import Funnel

CLOSING = tuple("，。；：、）」")

# --- usage mistakes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "en", "zh"),
    [
        (
            ["list", "--bogus"],
            "error: no such option: --bogus (see funnel list --help)",
            "error: 没有这个选项：--bogus（见 funnel list --help）",
        ),
        (
            ["list", "--forma", "json"],
            (
                "error: no such option: --forma (did you mean --format, --sort?) "
                "(see funnel list --help)"
            ),
            "error: 没有这个选项：--forma（是不是 --format, --sort？）（见 funnel list --help）",
        ),
        (
            ["--foo"],
            "error: no such option: --foo (see funnel --help)",
            "error: 没有这个选项：--foo（见 funnel --help）",
        ),
        (
            ["move"],
            "error: missing argument 'ID... STAGE' (see funnel move --help)",
            "error: 缺少参数 'ID... STAGE'（见 funnel move --help）",
        ),
        (
            ["list", "-f", "xx"],
            (
                "error: invalid value for '--format' / '-f': 'xx' is not one of 'table', 'plain', "
                "'csv', 'json' (see funnel list --help)"
            ),
            (
                "error: '--format' / '-f' 的值无效：'xx' 不是 'table', 'plain', 'csv', 'json' "
                "之一（见 funnel list --help）"
            ),
        ),
        (
            ["due", "--within", "x"],
            "error: invalid value for '--within': a whole number is needed (see funnel due --help)",
            "error: '--within' 的值无效：需要一个整数（见 funnel due --help）",
        ),
        (
            ["due", "--within", "-1"],
            "error: invalid value for '--within': it must be at least 0 (see funnel due --help)",
            "error: '--within' 的值无效：不能小于 0（见 funnel due --help）",
        ),
        (
            ["show", "1", "2"],
            "error: unexpected extra argument: 2 (see funnel show --help)",
            "error: 多余的参数：2（见 funnel show --help）",
        ),
        (
            ["--db"],
            "error: '--db' needs a value (see funnel --help)",
            "error: '--db' 需要一个值（见 funnel --help）",
        ),
        (
            ["reopn"],
            "error: no such command: 'reopn' (did you mean 'reopen'?) (see funnel --help)",
            "error: 没有这个命令：'reopn'（是不是 'reopen'？）（见 funnel --help）",
        ),
        (
            ["db", "chek"],
            "error: no such command: 'chek' (did you mean 'check'?) (see funnel db --help)",
            "error: 没有这个命令：'chek'（是不是 'check'？）（见 funnel db --help）",
        ),
    ],
)
def test_usage_mistakes_are_one_line_in_the_interface_language(
    funnel: Funnel, args: list[str], en: str, zh: str
) -> None:
    for lang, expected in (("en", en), ("zh", zh)):
        result = funnel.using(FUNNEL_LANG=lang)(*args, ok=None)
        assert result.exit_code == 2, (lang, result.output)
        assert result.stdout == ""
        assert result.stderr == expected + "\n"


def test_a_group_without_its_command_still_shows_its_help(funnel: Funnel) -> None:
    result = funnel("db", ok=None)
    assert result.exit_code == 2 and "upgrade" in result.output and "error:" not in result.output


# --- config show, stages, personas ----------------------------------------------------


def test_config_show_gives_the_language_in_effect_and_why(funnel: Funnel, env) -> None:
    from pathlib import Path

    Path(env["FUNNEL_CONFIG"]).write_text('language = "en"\n', encoding="utf-8")
    zh = funnel.using(FUNNEL_LANG="zh")
    rows = {r["setting"]: r for r in zh.json("config", "show")}
    assert (rows["language"]["value"], rows["language"]["source"]) == ("zh", "FUNNEL_LANG")
    table = zh("config", "show", "-f", "table").stdout
    assert "环境变量（FUNNEL_LANG）" in table
    rows = {r["setting"]: r for r in funnel.json("config", "show")}  # FUNNEL_LANG empty
    assert (rows["language"]["value"], rows["language"]["source"]) == ("en", env["FUNNEL_CONFIG"])


def test_stages_and_personas_name_each_once_per_language(funnel: Funnel) -> None:
    zh = funnel.using(FUNNEL_LANG="zh", COLUMNS="40")
    stages = zh("stages", "-f", "table").stdout
    assert "潜在客户  potential" in stages and stages.count("潜在客户") == 1
    assert not any(line.strip().startswith(CLOSING) for line in stages.splitlines())
    personas = zh("personas", "-f", "table").stdout
    assert "理智型  rational" in personas and personas.count("理智型") == 1
    assert not any(line.strip().startswith(CLOSING) for line in personas.splitlines())
    en = funnel("stages", "-f", "table").stdout
    assert "potential  潜在客户" in en and "next step: " in en
