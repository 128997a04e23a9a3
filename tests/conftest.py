"""Fixtures: a fresh store per test, a pinned clock, and a runner that drives the CLI."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from funnel.cli import app
from tests.harness import NOW, Funnel

# A message key missing from the catalogue is an error in every test, not a bare key shown.
os.environ["FUNNEL_STRICT_MESSAGES"] = "1"


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
def env(tmp_path: Path, store_path: Path) -> dict[str, str]:
    return {
        "FUNNEL_DB": str(store_path),
        "FUNNEL_CONFIG": str(tmp_path / "config.toml"),
        "FUNNEL_NOW": NOW,
        "FUNNEL_LANG": "",
        "NO_COLOR": "1",
        "COLUMNS": "120",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }


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
