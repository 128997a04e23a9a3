"""Undo takes any change back exactly, and undoing the undo puts it back, on SQLite and
PostgreSQL: after every command of a random sequence, ``undo`` returns ``export -f
json`` to what it was before that command, and a second ``undo`` to what it was after.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.harness import PG_SERVER, Funnel, postgres_database

LEADS = ["1", "2", "3"]
# A small file to import: new leads, and one already in the store (updated).
SHEET = Path(tempfile.mkdtemp()) / "leads.csv"
SHEET.write_text(
    "name,phone,stage,value\nDai,13800000009,intent,300\nEve,,trial,0\n", encoding="utf-8"
)
lead = st.sampled_from(LEADS)
stage = st.sampled_from(["potential", "trial", "intent", "quasi", "formal"])
day = st.sampled_from(["2026-11-01", "2026-11-15", "today", "+3d"])

command = st.one_of(
    st.tuples(
        st.just("add"),
        st.sampled_from(["Ann", "Bob", "张伟"]),
        st.just("--value"),
        st.sampled_from(["0", "500"]),
    ),
    st.tuples(st.just("edit"), lead, st.just("--company"), st.sampled_from(["Acme", "华星", ""])),
    st.tuples(st.just("edit"), lead, st.just("--tag"), st.sampled_from(["vip", "new"])),
    st.tuples(st.just("move"), lead, stage),
    st.tuples(st.just("move"), lead, stage, st.just("--force")),
    st.tuples(st.just("move"), lead, lead, stage, st.just("--force")),
    st.tuples(st.just("advance"), lead),
    st.tuples(st.just("contract"), lead),
    st.tuples(st.just("pay"), lead, st.sampled_from(["100", "250.50"])),
    st.tuples(st.just("order"), lead, st.just("80")),
    st.tuples(st.just("lose"), lead, st.just("--reason"), st.just("no budget")),
    st.tuples(st.just("lose"), lead, st.just("--reason"), st.just("gone"), st.just("--final")),
    st.tuples(st.just("reopen"), lead),
    st.tuples(st.just("log"), lead, st.just("called"), st.just("--next"), day),
    st.tuples(st.just("follow"), lead, day),
    st.tuples(st.just("delete"), lead, st.just("--yes")),
    st.tuples(st.just("restore"), lead),
    st.tuples(
        st.just("import"),
        st.just(str(SHEET)),
        st.sampled_from(["skip", "update", "error"]).map(lambda p: f"--on-duplicate={p}"),
    ),
    st.tuples(st.just("merge"), lead, lead, st.just("--yes")),
    st.tuples(
        st.just("void"),
        st.sampled_from(["payment", "order", "activity"]),
        st.sampled_from(["1", "2"]),
        st.just("--reason"),
        st.just("wrong"),
    ),
)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "sqlite":
        yield "sqlite"
        return
    if not PG_SERVER:
        pytest.skip("FUNNEL_TEST_PG is not set")
    with postgres_database() as url:
        yield url


def fresh(funnel: Funnel, engine: str, tmp_path: Path, n: int) -> Funnel:
    if engine == "sqlite":
        return funnel.using(FUNNEL_DB=str(tmp_path / f"u{n}.db"))
    import sqlalchemy as sa

    from funnel.store.engine import open_store

    open_store(engine).close()  # the schema, on first use
    db = sa.create_engine(engine)
    with db.begin() as conn:  # an empty store again: the schema stays, the rows go
        conn.exec_driver_sql(
            "TRUNCATE lead, lead_tag, event, stay, payment, orders, activity, change_row, "
            '"change" RESTART IDENTITY CASCADE'
        )
    db.dispose()
    return funnel.using(FUNNEL_DB=engine)


@settings(  # FUNNEL_UNDO_EXAMPLES=200 for a deeper search than the suite's
    max_examples=int(os.environ.get("FUNNEL_UNDO_EXAMPLES", "5")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(script=st.lists(command, min_size=3, max_size=8))
def test_undo_takes_back_every_command_exactly_and_undo_again_redoes(
    funnel: Funnel, engine: str, tmp_path: Path, script: list[tuple[str, ...]]
) -> None:
    counter = getattr(test_undo_takes_back_every_command_exactly_and_undo_again_redoes, "n", 0) + 1
    test_undo_takes_back_every_command_exactly_and_undo_again_redoes.n = counter  # type: ignore[attr-defined]
    f = fresh(funnel, engine, tmp_path, counter)
    for name in ("Ann", "Bob", "Cai"):
        f("add", name, "--value", "500")

    def export() -> Any:
        return f("export", "-f", "json").stdout

    for args in script:
        before = export()
        if f(*args, ok=None).exit_code != 0:
            assert export() == before  # a refused command changed nothing
            continue
        after = export()
        if after == before:
            continue  # nothing changed: no change to undo
        f("undo", "--yes")
        assert export() == before, args
        f("undo", "--yes")
        assert export() == after, args
    f("db", "check")


def test_a_big_import_into_an_empty_store_is_undone_exactly(
    funnel: Funnel, engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big import into an empty store runs without the journal's triggers (and
    indexes) and records its inserts table by table: undo takes it all back, undo again
    puts it back, and the triggers are there again for what follows. From a backup too,
    whose rows keep their ids."""
    from funnel.transfer import importing

    monkeypatch.setattr(importing, "DEFER_INDEXES_BYTES", 0)
    source = funnel.using(FUNNEL_DB=str(tmp_path / "source.db"))
    for name in ("Ann", "Bob"):
        lid = source.add(name, "--value", "500", "--tag", "vip")
        source("move", str(lid), "intent")
        source("log", str(lid), "called")
    source("contract", "1")
    source("pay", "1", "500")
    source("move", "1", "formal")
    source("order", "1", "80")
    source("export", "-o", str(tmp_path / "backup.json"))

    cases = [(tmp_path / "backup.json", 0), (SHEET, 0), (tmp_path / "backup.json", 1)]
    for n, (sheet, leads_before) in enumerate(cases):
        f = fresh(funnel, engine, tmp_path, 100 + n)
        f("db", "upgrade")
        if leads_before:  # not empty: the triggers record, the backup's rows keep ids
            monkeypatch.setattr(importing, "DEFER_INDEXES_BYTES", 10**9)
            f.add("Zoe")
        empty = f("export", "-f", "json").stdout
        f("import", str(sheet))
        imported = f("export", "-f", "json").stdout
        assert imported != empty
        f("undo", "--yes")
        assert f("export", "-f", "json").stdout == empty
        f("undo", "--yes")
        assert f("export", "-f", "json").stdout == imported
        f("pay", "1", "5")  # journaled again: undo takes it back
        f("undo", "--yes")
        assert f("export", "-f", "json").stdout == imported
        f("db", "check")
