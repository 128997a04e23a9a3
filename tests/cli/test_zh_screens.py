"""The interface language everywhere a person reads: usage mistakes as one ``error:``
line with a hint to ``--help`` (exit 2), the language in effect in ``config show``,
stages and personas without a doubled Chinese column, and a walk through every
command's human output in Chinese looking for English left behind."""

from __future__ import annotations

import re

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
                "error: invalid value for '--format' / '-f': 'xx' is not one of 'table', 'text', "
                "'plain', 'csv', 'json' (see funnel list --help)"
            ),
            (
                "error: '--format' / '-f' 的值无效：'xx' 不是 'table', 'text', 'plain', 'csv', 'json' "
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
            "error: too many arguments: 2 (see funnel show --help)",
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


# --- every screen in Chinese ----------------------------------------------------------

# What a person typed (names, companies, sources, owners, reasons, notes, the user) is
# theirs, not the interface's: it may be English.
TYPED = {
    "ann", "bob", "cai", "dan", "eve", "fay", "gus", "acme", "li", "wang", "web", "fair",
    "no", "budget", "went", "silent", "call", "back", "asked", "for", "price", "lin",
}  # fmt: skip
# Names of things that have no Chinese name of their own.
ALLOWED = {"funnel", "abc", "rfm", "sqlite", "postgresql", "json", "csv", "id", "zh", "en"}
STAGE_KEYS = {"potential", "trial", "intent", "quasi", "formal"}
PERSONA_KEYS = {
    "rational", "task", "greedy", "owner", "climber", "stingy", "tricky", "relational",
    "complex",
}  # fmt: skip
COMMANDS = {
    "add", "list", "show", "edit", "move", "advance", "contract", "pay", "order", "lose",
    "reopen", "delete", "log", "follow", "due", "stale", "restore", "undo", "void",
}  # fmt: skip
SETTINGS = {
    "language", "currency", "owner", "lock_timeout", "probabilities", "stale_days", "abc",
    "lifecycle", "new_days", "silent_days", "lost_days", "a", "b", "lost_reasons", "reasons",
}  # fmt: skip

# Pieces of a screen that are not words of the interface: options, command lines,
# paths, environment variables.
NOT_WORDS = re.compile(r"--?[\w-]+|funnel(?: [\w.'-]+)+|\S*/\S*|FUNNEL_\w+|\w+\.db\b")
WORD = re.compile(r"[A-Za-z][A-Za-z_]+")

REPORTS = ["funnel", "sources", "owners", "trend", "abc", "rfm", "loyalty", "lifecycle", "matrix"]

SCREENS = [
    pytest.param(["list"], set(), id="list"),
    pytest.param(["list", "--state", "all"], set(), id="list-all"),
    pytest.param(["show", "1"], set(), id="show-won"),
    pytest.param(["show", "2"], set(), id="show-lost"),
    pytest.param(["show", "5"], set(), id="show-persona"),
    pytest.param(["show", "7"], set(), id="show-new"),
    pytest.param(["due"], set(), id="due"),
    pytest.param(["stale"], set(), id="stale"),
    *(pytest.param(["report", kind], set(), id=f"report-{kind}") for kind in REPORTS),
    pytest.param(["stages"], STAGE_KEYS, id="stages"),  # the keys commands take
    pytest.param(["personas"], PERSONA_KEYS, id="personas"),
    pytest.param(["config", "show"], SETTINGS | STAGE_KEYS, id="config-show"),  # the file's keys
    pytest.param(["changes"], COMMANDS | STAGE_KEYS | PERSONA_KEYS, id="changes"),
    pytest.param(["trash"], set(), id="trash"),
    pytest.param(["db", "check"], set(), id="db-check"),
]

REFUSALS = [
    pytest.param(["show", "99"], set(), id="not-found"),
    pytest.param(["move", "1", "nowhere"], STAGE_KEYS | {"nowhere"}, id="unknown-stage"),
    pytest.param(["move", "5", "quasi"], set(), id="gate"),
    pytest.param(["pay", "1", "x"], set(), id="bad-amount"),
    pytest.param(["reopen", "4"], {"reopen"}, id="dead-lead"),
    pytest.param(["restore", "1"], set(), id="not-in-trash"),
    pytest.param(["add", "Zed", "--value", "-5"], set(), id="bad-value"),
    pytest.param(["list", "--bogus"], set(), id="usage"),
    pytest.param(["list", "-f", "xx"], {"xx", "table", "text", "plain"}, id="bad-choice"),
]


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Funnel:
    """The story store of the golden files, a few more leads, and a deleted one; run in
    Chinese as a table at 120 columns."""
    from typer.testing import CliRunner

    from tests.harness import build_story, env_for

    f = Funnel(CliRunner(), {**env_for(tmp_path_factory.mktemp("zh")), "FUNNEL_USER": "lin"})
    build_story(f)
    eve = f.add("Eve", "--company", "Acme", "--persona", "tricky", "--value", "500")
    f("log", eve, "asked for price", "--next", "2026-11-19")
    f("follow", eve, "2026-11-18")
    gus = f.add("Gus")
    f("delete", gus, "--yes")
    f.add("Fay", "--source", "web", "--note", "call back", now="2026-09-01")
    return f.using(FUNNEL_LANG="zh")


def english_words(text: str, allowed: set[str]) -> list[str]:
    """The English words of ``text`` that are neither typed data nor allowed names."""
    text = NOT_WORDS.sub(" ", text)
    known = TYPED | ALLOWED | allowed
    return [w for w in WORD.findall(text) if w.lower() not in known]


def test_the_walk_finds_english() -> None:
    assert english_words("阶段变更 stage: potential → trial", set()) == [
        "stage",
        "potential",
        "trial",
    ]
    assert english_words("error: 没有这个选项：--bogus（见 funnel list --help）", set()) == [
        "error"
    ]
    assert english_words("Ann 来自 web，见 /tmp/x/funnel.db", set()) == []


@pytest.mark.parametrize(("args", "allowed"), SCREENS)
def test_every_screen_speaks_chinese(story: Funnel, args: list[str], allowed: set[str]) -> None:
    result = story(*args, "-f", "table")
    shown = result.stdout + result.stderr
    assert shown.strip() or args == ["stale"], args
    assert english_words(shown, allowed) == [], shown


@pytest.mark.parametrize(("args", "allowed"), REFUSALS)
def test_every_refusal_speaks_chinese(story: Funnel, args: list[str], allowed: set[str]) -> None:
    result = story(*args, ok=False)
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert english_words(result.stderr.removeprefix("error: "), allowed) == [], result.stderr


@pytest.mark.parametrize("columns", ["60", "80", "100"])
def test_no_line_starts_with_chinese_punctuation(story: Funnel, columns: str) -> None:
    """Advice, tips, traits and approaches wrap without a ，。；… starting a line."""
    at = story.using(COLUMNS=columns)
    for args in (*(["report", kind] for kind in REPORTS), ["stages"], ["personas"]):
        for line in at(*args, "-f", "table").stdout.splitlines():
            text = line.strip("│┃ ")
            assert not text.startswith(CLOSING), (args, columns, line)


def test_usage_mistakes_follow_the_language_of_the_config_file(funnel: Funnel, env) -> None:
    from pathlib import Path

    Path(env["FUNNEL_CONFIG"]).write_text('language = "zh"\n', encoding="utf-8")
    for args in (["nope"], ["--bogus"], ["list", "--bogus"]):
        result = funnel(*args, ok=None)
        assert result.exit_code == 2 and result.stderr.startswith("error: 没有这个"), result.stderr
    Path(env["FUNNEL_CONFIG"]).write_text("language = 7\n", encoding="utf-8")  # broken
    result = funnel("nope", ok=None)
    assert result.exit_code == 2 and result.stderr.startswith("error: no such command")


def test_what_writes_say_speaks_chinese(funnel: Funnel) -> None:
    """Undo's account of what it took back and void's gate warning, in Chinese."""
    from tests.harness import build_story

    build_story(funnel)
    zh = funnel.using(FUNNEL_LANG="zh")
    for args in (["undo", "--yes"], ["void", "payment", "1", "--reason", "typo"]):
        result = zh(*args)
        shown = result.stdout + result.stderr
        assert shown.strip(), args
        assert english_words(shown, STAGE_KEYS | {"typo"}) == [], shown
