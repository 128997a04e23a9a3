"""Fixtures: a fresh store per test, a pinned clock, and a runner that drives the CLI.

Shared by every folder (domain/, store/, cli/, golden/). Helpers that are not fixtures
live in ``tests/harness.py``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from typer.testing import CliRunner

from funnel.cli import app
from tests.harness import Funnel, env_for

T = TypeVar("T")

# A message key missing from the catalogue is an error in every test, not a bare key shown.
os.environ["FUNNEL_STRICT_MESSAGES"] = "1"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the current output instead of comparing with it",
    )


@pytest.fixture(scope="session", autouse=True)
def _command_built_once() -> Iterator[None]:
    """Typer's ``CliRunner.invoke(app)`` rebuilds the Click command from the app on every
    call (~40 ms, and a run makes ~1 600 calls): build it once and hand that out."""
    import typer.main
    import typer.testing

    command = typer.main.get_command(app)
    build = typer.main.get_command
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(typer.testing, "_get_command", lambda a: command if a is app else build(a))
        yield


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "funnel.db"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return env_for(tmp_path)


@pytest.fixture
def funnel(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Funnel:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return Funnel(CliRunner(), env)


@pytest.fixture
def snapshot(store_path: Path) -> Callable[[], bytes]:
    """The store's content as bytes (after a checkpoint), to prove nothing changed."""
    import sqlite3

    def take() -> bytes:
        con = sqlite3.connect(store_path)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return "\n".join(con.iterdump()).encode()
        finally:
            con.close()

    return take


@pytest.fixture(scope="session")
def _templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Any]]:
    return {}


@pytest.fixture
def from_template(
    funnel: Funnel,
    store_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    _templates: dict[str, tuple[Path, Any]],
) -> Callable[[Callable[[Funnel], T]], T]:
    """``from_template(build)`` gives this test the store ``build(funnel)`` would make, and
    what ``build`` returned; the store is built once per run through the CLI, into a
    folder of its own, and each test gets its own copy of the file (never one database
    shared across tests). ``build`` must depend on nothing but its runner: same commands,
    same pinned clock, same result."""

    def use(build: Callable[[Funnel], T]) -> T:
        key = f"{build.__module__}.{build.__qualname__}"
        if key not in _templates:
            root = tmp_path_factory.mktemp("template")
            made = build(Funnel(funnel.runner, env_for(root)))
            _templates[key] = (root / "store" / "funnel.db", made)
        template, made = _templates[key]
        store_path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal"):  # a closed store has no WAL left; copy one if there is
            source = template.with_name(template.name + suffix)
            if source.exists():
                shutil.copy(source, store_path.with_name(store_path.name + suffix))
        return made  # type: ignore[no-any-return]

    return use
