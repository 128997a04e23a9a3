"""The message catalogue: every key the code asks for exists, in English and Chinese,
with the same placeholders; a missing key fails loudly under test."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from funnel import i18n
from funnel.domain import leads as rules
from funnel.domain.followups import ACTIVITY_KINDS
from funnel.domain.stages import Stage

PACKAGE = Path(i18n.__file__).resolve().parent


def _literal_keys() -> dict[str, str]:
    """Every ``t("literal")`` in the package: key → where it is asked for."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, f"{path.name}:{node.lineno}")
    return found


def test_every_key_the_code_asks_for_is_in_the_catalogue() -> None:
    keys = _literal_keys()
    assert len(keys) > 100  # the scan finds the calls
    missing = {key: where for key, where in keys.items() if key not in i18n.MESSAGES}
    assert missing == {}


@pytest.mark.parametrize(
    ("prefix", "names"),
    [
        ("stage", [s.key for s in Stage]),
        ("tip", [s.key for s in Stage]),
        ("gate", [s.key for s in Stage]),
        ("state", list(rules.STATES)),
        ("kind", list(rules.KINDS)),
        ("persona", list(rules.PERSONAS)),
        ("traits", list(rules.PERSONAS)),
        ("approach", list(rules.PERSONAS)),
        ("activity", list(ACTIVITY_KINDS)),
    ],
)
def test_every_word_of_a_vocabulary_has_its_label(prefix: str, names: list[str]) -> None:
    assert [n for n in names if f"{prefix}.{n}" not in i18n.MESSAGES] == []


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_english_and_chinese_take_the_same_placeholders() -> None:
    for key, entry in i18n.MESSAGES.items():
        if entry == ("", ""):
            continue  # a column heading left blank on purpose (a chart's bar)
        assert entry[0].strip(), key
        assert len(entry) == 2 and entry[1].strip(), f"{key} has no Chinese text"
        assert _fields(entry[0]) == _fields(entry[1]), key


def test_a_missing_key_fails_under_test_and_shows_the_key_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(KeyError, match="no.such.key"):
        i18n.t("no.such.key")
    monkeypatch.delenv("FUNNEL_STRICT_MESSAGES")
    assert i18n.t("no.such.key") == "no.such.key"
