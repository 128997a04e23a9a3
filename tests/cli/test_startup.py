"""Start-up cost and entry points: --help never loads the ORM; python -m funnel is funnel."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.harness import Funnel

HEAVY = ("sqlmodel", "sqlalchemy", "alembic", "openpyxl")
HELP = (["--help"], ["move", "--help"], ["report", "--help"])


@pytest.fixture(scope="module")
def heavy_after_each(tmp_path_factory: pytest.TempPathFactory) -> list[set[str]]:
    """One fresh interpreter runs each help command, then ``list``: the ORM modules loaded
    so far after each step (a second interpreter per command would cost ~0.5 s each)."""
    tmp = tmp_path_factory.mktemp("startup")
    steps = [*HELP, ["list"]]
    code = (
        "import sys, json\n"
        "from funnel.__main__ import main\n"
        f"heavy = {HEAVY!r}\n"
        "loaded = []\n"
        f"for args in {steps!r}:\n"
        "    sys.argv = ['funnel', *args]\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "    loaded.append(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
        "sys.stderr.write('\\n' + json.dumps(loaded))\n"
    )
    env = {
        **os.environ,
        "FUNNEL_DB": str(tmp / "f.db"),
        "FUNNEL_CONFIG": str(tmp / "c.toml"),
    }
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return [set(step) for step in json.loads(out.stderr.strip().splitlines()[-1])]


def test_help_does_not_import_the_orm(heavy_after_each: list[set[str]]) -> None:
    for args, heavy in zip(HELP, heavy_after_each, strict=False):
        assert heavy == set(), args


def test_store_commands_do_import_it(heavy_after_each: list[set[str]]) -> None:
    assert "sqlalchemy" in heavy_after_each[-1]


def test_python_dash_m_matches_the_script(funnel: Funnel, env: dict[str, str]) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "funnel", *args],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=False,
        )

    added = run("add", "Parity")
    assert (added.returncode, added.stdout, added.stderr) == (0, "1\n", "")
    assert [x["name"] for x in funnel.json("list")] == ["Parity"]  # the same store
    bad = run("show", "7")
    assert bad.returncode == 1 and bad.stderr == "error: no lead with id 7\n"
    assert run("list", "--bogus").returncode == 2
