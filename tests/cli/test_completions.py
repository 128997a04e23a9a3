"""Shell completion: the committed scripts are current, candidates come from the store
read-only with the standard library, and a completion never loads the ORM."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.harness import Funnel

HEAVY = ("sqlmodel", "sqlalchemy", "alembic")


def complete(env: dict[str, str], line: str) -> tuple[list[str], set[str]]:
    """Bash-style candidates for ``line`` (the word under the cursor is its last one),
    and the modules the completion loaded."""
    words = line.split(" ")
    code = (
        "import sys, json\n"
        "from funnel.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\n' + json.dumps(sorted(sys.modules)))\n"
    )
    run_env = {
        **os.environ,
        **env,
        "_FUNNEL_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=run_env, capture_output=True, text=True, check=True
    )
    modules = set(json.loads(out.stderr.strip().splitlines()[-1]))
    return [x for x in out.stdout.splitlines() if x], modules


def test_scripts_are_up_to_date() -> None:
    from tools.completions import FILES, stale

    assert set(FILES) == {"bash", "zsh", "fish"}
    assert stale() == [], "run: python tools/completions.py"


def test_lead_ids_come_with_names_and_without_the_orm(funnel: Funnel, env) -> None:
    funnel.add("张伟", "--company", "华星科技")
    for i in range(2, 13):
        funnel.add(f"Lead {i}")
    zsh = subprocess.run(
        [sys.executable, "-m", "funnel"],
        capture_output=True,
        text=True,
        check=True,
        env={
            **os.environ,
            **env,
            "_FUNNEL_COMPLETE": "complete_zsh",
            "_TYPER_COMPLETE_ARGS": "funnel show ",
        },
    )
    assert '"1":"张伟 (华星科技)"' in zsh.stdout and '"12":"Lead 12"' in zsh.stdout
    ids, modules = complete(env, "funnel show 1")
    assert ids == ["1", "10", "11", "12"]
    assert not {m for m in modules if m.split(".")[0] in HEAVY}


def test_stage_names_after_ids(funnel: Funnel, env) -> None:
    funnel.add("A")
    stages, modules = complete(env, "funnel move 1 ")
    assert stages[:3] == ["potential", "潜在客户", "潜在"] and "formal" in stages
    assert len(stages) == 15
    assert complete(env, "funnel move 1 意")[0] == ["意向客户", "意向"]
    assert complete(env, "funnel move 1 q")[0] == ["quasi"]
    assert complete(env, "funnel move ")[0] == ["1"]
    assert complete(env, "funnel list --stage tr")[0] == ["trial"]
    assert not {m for m in modules if m.split(".")[0] in HEAVY}


def test_vocabularies_and_store_values(funnel: Funnel, env) -> None:
    funnel.add("A", "--owner", "li", "--source", "web", "--tag", "vip")
    funnel.add("B", "--owner", "wang", "--source", "fair", "--tag", "east")
    assert complete(env, "funnel list --owner ")[0] == ["li", "wang"]
    assert complete(env, "funnel add X --source f")[0] == ["fair"]
    assert complete(env, "funnel list --tag ")[0] == ["east", "vip"]
    assert complete(env, "funnel add X --persona t")[0] == ["task", "tricky"]
    assert complete(env, "funnel add X --kind ")[0][:2] == ["consumer", "business"]
    assert complete(env, "funnel list --state l")[0] == ["lost"]
    assert complete(env, "funnel report --owner w")[0] == ["wang"]
    assert complete(env, "funnel report sources --source ")[0] == ["fair", "web"]
    assert complete(env, "funnel due --owner ")[0] == ["li", "wang"]
    assert complete(env, "funnel log 1 hello --kind m")[0] == ["message", "meeting"]
    assert complete(env, "funnel follow ")[0] == ["1", "2"]


def test_no_store_or_a_broken_one_gives_no_candidates(tmp_path: Path, env) -> None:
    for target in (str(tmp_path / "missing.db"), "postgresql+psycopg://u@h/db"):
        assert complete({**env, "FUNNEL_DB": target}, "funnel show ")[0] == []
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 50)
    assert complete({**env, "FUNNEL_DB": str(junk)}, "funnel show ")[0] == []
    assert junk.read_bytes() == b"not a database" * 50
    assert complete({**env, "FUNNEL_DB": str(junk)}, "funnel move 3 f")[0] == ["formal"]
