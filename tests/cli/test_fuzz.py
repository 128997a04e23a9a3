"""Random command lines and random files, as a careless or hostile user would type and
feed them: never a traceback, never an "unexpected" error, never more than one
``error:`` line, and a store that ``db check`` still finds sound.

The commands and their options come from the CLI itself, so a new command or option is
fuzzed without touching this file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funnel.cli import app
from tests.harness import Funnel, build_story

SKIP = {"demo"}  # builds a store of its own elsewhere: slow, and fuzzed by nothing here


def commands() -> dict[tuple[str, ...], list[tuple[str, bool]]]:
    """Every command path (``("db", "check")``…) with its options: (name, takes a value)."""
    found: dict[tuple[str, ...], list[tuple[str, bool]]] = {}

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        subs = getattr(cmd, "commands", None)  # a group (Typer brings its own Click)
        if subs:
            for name, sub in subs.items():
                if name not in SKIP:
                    walk(sub, (*path, name))
            return
        found[path] = [
            (name, not (p.is_flag or p.count))
            for p in cmd.params
            if p.param_type_name == "option" and "--help" not in p.opts
            for name in p.opts
        ]

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = commands()
assert len(COMMANDS) > 20 and ("db", "check") in COMMANDS

WORDS = [
    # ids, stages, states, kinds, formats, report names
    "1",
    "2",
    "3",
    "999",
    "0",
    "-1",
    "1.5",
    "abc",
    "１",
    "potential",
    "trial",
    "intent",
    "quasi",
    "formal",
    "意向",
    "lost",
    "all",
    "dead",
    "call",
    "business",
    "rational",
    "json",
    "csv",
    "plain",
    "table",
    "text",
    "funnel",
    "sources",
    "trend",
    "abc",
    "rfm",
    "lifecycle",
    "matrix",
    # dates and amounts
    "2026-11-20",
    "2026/11/20",
    "2026年11月20日",
    "+3d",
    "-2w",
    "+1m",
    "mon",
    "明天",
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "2026-02-30",
    "tomorrow",
    "100",
    "48,000.50",
    "¥100",
    "1e9",
    "NaN",
    "-5",
    "10000000000000",
    "0.001",
    "１２",
    # hostile text
    "",
    " ",
    "[/bold]x",
    "[link=http://evil]x[/link]",
    "=SUM(A1)",
    "%",
    "_",
    "a\nb",
    "\x1b[31mred",
    "x" * 1_001,
    "'; DROP TABLE lead; --",
    "key=value",
    "=",
    "-",
]

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


word = st.one_of(st.sampled_from(WORDS), text)


@st.composite
def command_lines(draw: Any) -> list[str]:
    """A command, a few arguments, and a few of its options, most with a value."""
    path = draw(st.sampled_from(sorted(COMMANDS)))
    args = [*path, *draw(st.lists(word, max_size=3))]
    options = COMMANDS[path]
    for name, takes_value in (
        draw(st.lists(st.sampled_from(options), max_size=3)) if options else []
    ):
        args.append(name)
        if takes_value and draw(st.integers(0, 9)):  # now and then, the value is missing
            args.append(draw(word))
    return args


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with a little of everything, built once; each example works on a copy."""
    from typer.testing import CliRunner

    from tests.harness import env_for

    root = tmp_path_factory.mktemp("story")
    build_story(Funnel(CliRunner(), env_for(root)))
    return root / "store" / "funnel.db"


@pytest.fixture
def fresh(
    funnel: Funnel, story: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    """A function that gives each example its own copy of the story store, run from an
    empty folder (so a random ``-o`` name lands there)."""
    monkeypatch.chdir(tmp_path)
    counter = iter(range(10**9))

    def copy() -> Funnel:
        path = tmp_path / f"s{next(counter)}.db"
        shutil.copy(story, path)
        return funnel.using(FUNNEL_DB=str(path))

    yield copy


def assert_clean(result: Any, args: list[str]) -> None:
    out = result.stdout + result.stderr
    assert "Traceback" not in out, (args, out)
    assert "error: unexpected" not in result.stderr, (args, result.stderr)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, out)
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), (args, repr(exc))
    if result.exit_code == 1:
        lines = result.stderr.splitlines()
        if args[0] == "import":  # every bad row has its line, then the verdict
            assert all(line.startswith(("error: ", "warning: ", "note: ")) for line in lines), lines
            assert lines[-1].startswith("error: "), (args, result.stderr)
        else:
            assert len(lines) == 1 and lines[0].startswith("error: "), (args, result.stderr)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=command_lines())
def test_random_command_lines_fail_cleanly_or_work(fresh: Any, args: list[str]) -> None:
    f = fresh()
    result = f(*args, ok=None, input="")
    assert_clean(result, args)
    check = f("db", "check", ok=None)
    assert check.exit_code == 0, (args, check.stdout, check.stderr)


FILE_KINDS = ["leads.csv", "leads.json", "leads.xlsx", "leads.txt", "leads.tsv"]
CSV_CELLS = st.one_of(st.sampled_from(WORDS), text)


@st.composite
def files(draw: Any) -> tuple[str, bytes]:
    name = draw(st.sampled_from(FILE_KINDS))
    kind = draw(st.sampled_from(["bytes", "csv", "json"]))
    if kind == "bytes":
        return name, draw(st.binary(max_size=300))
    if kind == "csv":
        header = draw(
            st.lists(
                st.sampled_from(
                    ["name", "phone", "stage", "value", "state", "created_at", "paid", "tags", "x"]
                )
                | text,
                min_size=1,
                max_size=5,
            )
        )
        rows = draw(st.lists(st.lists(CSV_CELLS, min_size=0, max_size=6), max_size=4))
        lines = [",".join(header)] + [",".join(r) for r in rows]
        return name, "\n".join(lines).encode("utf-8", "surrogatepass")
    value = draw(
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | CSV_CELLS,
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(
                    st.sampled_from(
                        [
                            "name",
                            "leads",
                            "phone",
                            "stage",
                            "value",
                            "history",
                            "payments",
                            "format",
                        ]
                    )
                    | text,
                    inner,
                    max_size=4,
                )
            ),
            max_leaves=12,
        )
    )
    import json

    return name, json.dumps(value, allow_nan=True).encode()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    file=files(),
    extra=st.lists(
        st.sampled_from(["--dry-run", "--on-duplicate", "update", "skip", "--sheet", "x"]),
        max_size=2,
    ),
)
def test_random_files_import_cleanly_or_not_at_all(
    fresh: Any, tmp_path: Path, file: tuple[str, bytes], extra: list[str]
) -> None:
    f = fresh()
    name, content = file
    path = tmp_path / name
    path.write_bytes(content)
    before = f("export", "-f", "json").stdout
    result = f("import", str(path), *extra, ok=None)
    assert_clean(result, ["import", name, *extra])
    if result.exit_code != 0 or "--dry-run" in extra:
        assert f("export", "-f", "json").stdout == before
    assert f("db", "check", ok=None).exit_code == 0
