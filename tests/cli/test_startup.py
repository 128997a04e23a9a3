"""Start-up cost and entry points: --help never loads the ORM; python -m funnel is funnel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("sqlmodel", "sqlalchemy", "alembic")


def _modules_after(args: list[str], env: dict[str, str]) -> set[str]:
    code = (
        "import sys, json\n"
        "from funnel.__main__ import main\n"
        f"sys.argv = ['funnel', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\n' + json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return set(json.loads(out.stderr.strip().splitlines()[-1]))


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "FUNNEL_DB": str(tmp_path / "f.db"),
        "FUNNEL_CONFIG": str(tmp_path / "c.toml"),
    }


def test_help_does_not_import_the_orm(tmp_path: Path) -> None:
    for args in (["--help"], ["move", "--help"], ["report", "--help"], []):
        loaded = _modules_after(args, _env(tmp_path))
        assert not {m for m in loaded if m.split(".")[0] in HEAVY}, args


def test_store_commands_do_import_it(tmp_path: Path) -> None:
    loaded = _modules_after(["list"], _env(tmp_path))
    assert "sqlalchemy" in loaded


def test_python_dash_m_matches_the_script(tmp_path: Path) -> None:
    env = {**_env(tmp_path), "FUNNEL_NOW": "2026-11-20"}
    added = subprocess.run(
        [sys.executable, "-m", "funnel", "add", "Parity"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert added.stdout == "1\n" and added.stderr == ""
    listed = subprocess.run(
        [sys.executable, "-m", "funnel", "list", "-f", "json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(listed.stdout)[0]["name"] == "Parity"
    bad = subprocess.run(
        [sys.executable, "-m", "funnel", "show", "7"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1 and bad.stderr == "error: no lead with id 7\n"
    usage = subprocess.run(
        [sys.executable, "-m", "funnel", "list", "--bogus"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert usage.returncode == 2
