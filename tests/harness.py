"""What tests share besides fixtures: the pinned clock, each test's environment, the lead
object's keys, a runner that drives ``funnel`` in-process, a story store built through
the CLI, and a database of its own on the PostgreSQL server of FUNNEL_TEST_PG."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from funnel.cli import app

NOW = "2026-11-20T10:00:00"
# A PostgreSQL server for the portability tests (they skip without one), e.g.
# postgresql+psycopg://postgres@127.0.0.1:5432; each test gets a database of its own.
PG_SERVER = os.environ.get("FUNNEL_TEST_PG", "").rstrip("/")


def at(moment: str) -> datetime:
    """An aware local moment, as the store takes them: ``2026-01-05`` is 09:00 that day."""
    text = moment if "T" in moment else f"{moment}T09:00"
    return datetime.fromisoformat(text).astimezone()


def env_for(root: Path) -> dict[str, str]:
    """The environment of one test: its store, config and data folders under ``root``,
    the pinned clock, English, no colour, 120 columns. The store's folder exists, as a
    user's would: a write creates the store file in it, never the folder."""
    (root / "store").mkdir(parents=True, exist_ok=True)
    return {
        "FUNNEL_DB": str(root / "store" / "funnel.db"),
        "FUNNEL_CONFIG": str(root / "config.toml"),
        "FUNNEL_NOW": NOW,
        "FUNNEL_LANG": "",
        "NO_COLOR": "1",
        "COLUMNS": "120",
        "XDG_DATA_HOME": str(root / "data"),
        "XDG_CONFIG_HOME": str(root / "config"),
    }


# The lead object's keys, in the contract's order (written out: the test is the contract).
LEAD_KEYS = [
    "id",
    "name",
    "company",
    "phone",
    "email",
    "wechat",
    "source",
    "owner",
    "kind",
    "persona",
    "value",
    "stage",
    "state",
    "highest_stage",
    "tags",
    "fields",
    "contract_sent_on",
    "paid",
    "next_follow_up",
    "close_on",
    "lost_reason",
    "lost_stage",
    "created_at",
    "updated_at",
]
# ``show``'s object: the lead object with its two notes, where the contract lists them.
SHOW_KEYS = [
    *LEAD_KEYS[: LEAD_KEYS.index("next_follow_up") + 1],
    "follow_up_note",
    "note",
    *LEAD_KEYS[LEAD_KEYS.index("next_follow_up") + 1 :],
]


class Funnel:
    """Runs ``funnel`` commands against one temporary store."""

    def __init__(self, runner: CliRunner, env: dict[str, str]) -> None:
        self.runner = runner
        self.env = env

    def __call__(
        self, *args: str, ok: bool | None = True, input: str | None = None, now: str | None = None
    ) -> Any:
        env = dict(self.env)
        if now is not None:
            env["FUNNEL_NOW"] = now
        result = self.runner.invoke(app, [str(a) for a in args], env=env, input=input)
        if ok is True:
            assert result.exit_code == 0, (args, result.output, result.exception)
        elif ok is False:
            assert result.exit_code != 0, (args, result.output)
        return result

    def using(self, **env: str) -> Funnel:
        """The same runner with some environment changed (another store, language…)."""
        return Funnel(self.runner, {**self.env, **env})

    def json(self, *args: str, now: str | None = None) -> Any:
        return json.loads(self(*args, "-f", "json", now=now).stdout)

    def add(self, name: str, *args: str, now: str | None = None) -> int:
        return int(self("add", name, *args, now=now).stdout.strip())

    def error(self, *args: str, now: str | None = None) -> str:
        """Run a command that must fail with exit 1 and one ``error:`` line."""
        result = self(*args, ok=None, now=now)
        assert result.exit_code == 1, (args, result.exit_code, result.output)
        assert result.stderr.startswith("error: "), result.stderr
        assert "Traceback" not in result.output
        assert result.stdout == ""
        return result.stderr


def round_trip(f: Funnel, folder: Path) -> tuple[list[Any], list[Any]]:
    """The leads of a JSON backup of ``f``'s store, and of a backup of an empty store
    that backup was imported into: equal when a round trip loses nothing."""
    backup, redo = folder / "backup.json", folder / "redo.json"
    f("export", "-o", backup)
    again = f.using(FUNNEL_DB=str(folder / "again.db"))
    again("import", backup)
    again("export", "-o", redo)
    return tuple(  # type: ignore[return-value]
        json.loads(path.read_text(encoding="utf-8"))["leads"] for path in (backup, redo)
    )


def build_story(f: Funnel) -> None:
    """A small store with skips, backward and forced moves, losses, orders."""
    a = f.add("Ann", "--owner", "li", "--source", "web", "--value", "1000", now="2026-03-02")
    b = f.add("Bob", "--owner", "wang", "--source", "fair", now="2026-04-10")
    c = f.add("Cai", "--owner", "li", "--source", "fair", "--value", "300", now="2026-05-20")
    d = f.add("Dan", "--owner", "li", "--source", "web", now="2026-06-01")
    f("move", a, "trial", "--on", "2026-03-12", now="2026-03-12")
    f("move", a, "intent", "--on", "2026-03-20", now="2026-03-20")
    f("contract", a, now="2026-03-25")
    f("pay", a, "1000", now="2026-04-01")
    f("move", a, "formal", now="2026-04-01")
    f("order", a, "250", now="2026-06-15")
    f("order", a, "400.50", now="2026-09-15")
    f("move", b, "quasi", "--force", now="2026-05-01")
    f("move", b, "trial", now="2026-05-05")
    f("lose", b, "--reason", "no budget", now="2026-05-10")
    f("move", c, "intent", now="2026-06-01")
    f("contract", c, now="2026-06-02")
    f("pay", c, "300", now="2026-06-03")
    f("move", c, "formal", now="2026-06-03")
    f("lose", d, "--reason", "went silent", "--final", now="2026-07-01")


@contextmanager
def postgres_database(*, template: str | None = None) -> Iterator[str]:
    """A new database on ``PG_SERVER`` (a copy of ``template``, if named), dropped
    afterwards: its URL."""
    import sqlalchemy as sa

    name = f"funnel_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            copy = f' TEMPLATE "{template}"' if template else ""
            if int(conn.execute(sa.text("SHOW server_version_num")).scalar_one()) >= 150000:
                copy += " STRATEGY = FILE_COPY"  # a small database: ~4 times faster than WAL_LOG
            conn.execute(sa.text(f'CREATE DATABASE "{name}"{copy}'))
        try:
            yield f"{PG_SERVER}/{name}"
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
