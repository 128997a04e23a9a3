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


def complete(funnel: Funnel, line: str) -> list[str]:
    """Bash-style candidates for ``line`` (the word under the cursor is its last one).

    In-process: what the candidates are does not depend on a fresh interpreter; what a
    completion imports does, and ``test_completion_never_loads_the_orm`` checks that."""
    words = line.split(" ")
    shell = funnel.using(
        _FUNNEL_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD=str(len(words) - 1)
    )
    return [x for x in shell().stdout.splitlines() if x]


def test_scripts_are_up_to_date() -> None:
    from tools.completions import FILES, stale

    assert set(FILES) == {"bash", "zsh", "fish"}
    assert stale() == [], "run: python tools/completions.py"


def test_completion_never_loads_the_orm(funnel: Funnel, env: dict[str, str]) -> None:
    """A Tab press on a lead id reads the store, in a fresh interpreter, without the ORM."""
    funnel.add("张伟")
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
        "COMP_WORDS": "funnel show ",
        "COMP_CWORD": "2",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=run_env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["1"]  # the candidate did come from the store
    modules = set(json.loads(out.stderr.strip().splitlines()[-1]))
    assert not {m for m in modules if m.split(".")[0] in HEAVY}


def test_lead_ids_come_with_names(funnel: Funnel) -> None:
    funnel.add("张伟", "--company", "华星科技")
    for i in range(2, 13):
        funnel.add(f"Lead {i}")
    zsh = funnel.using(_FUNNEL_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="funnel show ")()
    assert '"1":"张伟 (华星科技)"' in zsh.stdout and '"12":"Lead 12"' in zsh.stdout
    assert complete(funnel, "funnel show 1") == ["1", "10", "11", "12"]


def test_lead_ids_are_ranges_of_the_key() -> None:
    """Ids starting with the digits typed are ranges of the primary key, in order."""
    from funnel.cli.complete import MAX_ID, _id_ranges

    assert list(_id_ranges("12"))[:4] == [(12, 12), (120, 129), (1200, 1299), (12000, 12999)]
    assert len(list(_id_ranges("12"))) == 18  # 12 followed by 0 … 17 more digits
    assert list(_id_ranges("")) == [(0, MAX_ID)]
    assert list(_id_ranges("0")) == [] and list(_id_ranges("07")) == []
    assert list(_id_ranges(str(MAX_ID))) == [(MAX_ID, MAX_ID)]
    assert list(_id_ranges(str(MAX_ID) + "0")) == []


def test_lead_ids_in_order_up_to_the_limit(funnel: Funnel, env: dict[str, str]) -> None:
    import sqlite3

    funnel.add("Lead 1")
    con = sqlite3.connect(env["FUNNEL_DB"])
    columns = [row[1] for row in con.execute("PRAGMA table_info(lead)")]
    rest = ", ".join(c for c in columns if c not in ("id", "name"))
    with con:  # 2 499 more copies of lead 1, ids 2 … 2500
        con.execute(
            f"WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) "
            f"INSERT INTO lead (id, name, {rest}) SELECT i, 'Lead ' || i, {rest} FROM n, lead "
            f"WHERE lead.id = 1"
        )
    con.close()
    ids = complete(funnel, "funnel show 2")
    assert ids[:13] == [
        "2",
        "20",
        "21",
        "22",
        "23",
        "24",
        "25",
        "26",
        "27",
        "28",
        "29",
        "200",
        "201",
    ]
    assert len(ids) == 200 and ids[-1] == "2088"  # 2, 20–29, 200–299, then 2000–2088
    assert complete(funnel, "funnel show 0") == []
    assert complete(funnel, "funnel show 2499") == ["2499"]
    assert complete(funnel, "funnel show 25000") == []


def test_stage_names_after_ids(funnel: Funnel) -> None:
    funnel.add("A")
    stages = complete(funnel, "funnel move 1 ")
    assert stages[:3] == ["potential", "潜在客户", "潜在"] and "formal" in stages
    assert len(stages) == 15
    assert complete(funnel, "funnel move 1 意") == ["意向客户", "意向"]
    assert complete(funnel, "funnel move 1 q") == ["quasi"]
    assert complete(funnel, "funnel move ") == ["1"]
    assert complete(funnel, "funnel list --stage tr") == ["trial"]


def test_vocabularies_and_store_values(funnel: Funnel) -> None:
    funnel.add("A", "--owner", "li", "--source", "web", "--tag", "vip")
    funnel.add("B", "--owner", "wang", "--source", "fair", "--tag", "east")
    assert complete(funnel, "funnel list --owner ") == ["li", "wang"]
    assert complete(funnel, "funnel add X --source f") == ["fair"]
    assert complete(funnel, "funnel list --tag ") == ["east", "vip"]
    assert complete(funnel, "funnel add X --persona t") == ["task", "tricky"]
    assert complete(funnel, "funnel add X --kind ")[:2] == ["consumer", "business"]
    assert complete(funnel, "funnel list --state l") == ["lost"]
    assert complete(funnel, "funnel report --owner w") == ["wang"]
    assert complete(funnel, "funnel report sources --source ") == ["fair", "web"]
    assert complete(funnel, "funnel due --owner ") == ["li", "wang"]
    assert complete(funnel, "funnel log 1 hello --kind m") == ["message", "meeting"]
    assert complete(funnel, "funnel follow ") == ["1", "2"]


def test_no_store_or_a_broken_one_gives_no_candidates(funnel: Funnel, tmp_path: Path) -> None:
    for target in (str(tmp_path / "missing.db"), "postgresql+psycopg://u@h/db"):
        assert complete(funnel.using(FUNNEL_DB=target), "funnel show ") == []
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 50)
    assert complete(funnel.using(FUNNEL_DB=str(junk)), "funnel show ") == []
    assert junk.read_bytes() == b"not a database" * 50
    assert complete(funnel.using(FUNNEL_DB=str(junk)), "funnel move 3 f") == ["formal"]
