"""The store is never created by accident: a command that only reads refuses a store
that does not exist, a write creates the file but not its folder, a store in memory is
refused; only the default store is created on first use, folders and all."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness import Funnel

READS = [
    ("list",),
    ("show", "1"),
    ("due",),
    ("stale",),
    ("report",),
    ("report", "sources"),
    ("export",),
    ("export", "-f", "csv"),
    ("calendar", "-o", "-"),
    ("db", "current"),
    ("db", "check"),
    ("db", "backup", "copy.db"),
    ("import", "leads.csv", "--dry-run"),
]
WRITES = [
    ("add", "Ann"),
    ("import", "leads.csv"),
    ("db", "upgrade"),
]


@pytest.fixture
def sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A spreadsheet to import, in the working folder (where ``copy.db`` would go too)."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "leads.csv"
    path.write_text("name,phone\nAnn,13800138000\n", encoding="utf-8")
    return path


def _nothing_new(root: Path, before: set[Path]) -> None:
    assert set(root.rglob("*")) == before


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_a_read_refuses_a_store_that_does_not_exist(
    funnel: Funnel, tmp_path: Path, sheet: Path, args: tuple[str, ...]
) -> None:
    before = set(tmp_path.rglob("*"))
    for missing in (tmp_path / "typo.db", tmp_path / "no" / "such" / "folder.db"):
        for run in (funnel.using(FUNNEL_DB=str(missing)), funnel):
            argv = args if run is not funnel else ("--db", str(missing), *args)
            said = run.error(*argv)
            assert said == f"error: no store at {missing} (check --db or FUNNEL_DB; " + (
                "`funnel db upgrade` creates one)\n"
            )
        said = funnel.error("--db", f"sqlite:///{missing}", *args)
        assert said.startswith(f"error: no store at {missing} ")
    _nothing_new(tmp_path, before)


@pytest.mark.parametrize("args", WRITES, ids=" ".join)
def test_a_write_creates_the_file_but_not_its_folder(
    funnel: Funnel, tmp_path: Path, sheet: Path, args: tuple[str, ...]
) -> None:
    before = set(tmp_path.rglob("*"))
    deep = tmp_path / "no" / "such" / "folder.db"
    said = funnel.using(FUNNEL_DB=str(deep)).error(*args)
    assert said == (
        f"error: cannot create the store {deep}: no folder {deep.parent} (create it first)\n"
    )
    _nothing_new(tmp_path, before)

    here = tmp_path / "new.db"
    funnel.using(FUNNEL_DB=str(here))(*args)
    assert stat.S_IMODE(here.stat().st_mode) == 0o600
    funnel.using(FUNNEL_DB=str(here))("list")  # now a store that reads


def test_a_read_after_a_write_elsewhere_still_refuses(funnel: Funnel, tmp_path: Path) -> None:
    """``--db`` wins over FUNNEL_DB, and writing one store creates no other."""
    env_store = Path(funnel.env["FUNNEL_DB"])
    funnel("--db", str(tmp_path / "other.db"), "add", "Elsewhere")
    assert "no store at" in funnel.error("due")
    assert not env_store.exists()


def test_a_failed_write_of_a_missing_store_leaves_an_empty_store(funnel: Funnel) -> None:
    """A write creates the store before it finds out that the lead is not there: the file
    is a valid, empty store that reads from then on."""
    assert funnel.error("move", "1", "trial") == "error: no lead with id 1\n"
    assert funnel.json("list") == []


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///:memory:", "sqlite:///file::memory:?uri=true"]
)
def test_a_store_in_memory_is_refused(funnel: Funnel, url: str) -> None:
    for args in (("add", "Ann"), ("list",), ("db", "upgrade"), ("db", "path")):
        said = funnel.using(FUNNEL_DB=url).error(*args)
        assert said == (
            f"error: a store in memory ({url}) keeps nothing; give a file path or a database URL\n"
        )
        assert funnel.error("--db", url, *args) == said


def test_the_default_store_reads_as_empty_and_is_created_with_its_folders(
    funnel: Funnel, tmp_path: Path
) -> None:
    home = funnel.using(FUNNEL_DB="")  # neither --db nor FUNNEL_DB: the data folder's store
    default = tmp_path / "data" / "funnel" / "funnel.db"
    assert home("db", "path").stdout == f"{default}\n"
    assert home("db", "current").stdout == "\n"  # only reads: nothing created yet
    assert not default.parent.exists()
    assert home("due").stdout == ""  # nothing due: nothing printed, exit 0
    assert default.is_file() and stat.S_IMODE(default.stat().st_mode) == 0o600
    home.add("Ann")
    assert [x["name"] for x in home.json("list")] == ["Ann"]


def test_naming_the_default_store_is_the_default(funnel: Funnel, tmp_path: Path) -> None:
    default = tmp_path / "data" / "funnel" / "funnel.db"
    assert funnel.using(FUNNEL_DB=str(default)).json("list") == []
    assert default.is_file()


def test_a_mistyped_store_in_a_crontab_is_an_error_and_creates_nothing(
    funnel: Funnel, tmp_path: Path
) -> None:
    """cron runs ``funnel due`` with FUNNEL_DB set: a typo must say so (cron mails it),
    never create a new empty store that then reports nothing due, day after day."""
    cron = tmp_path / "cron"
    cron.mkdir()
    typo = cron / "x" / "typo.db"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(cron),
        "FUNNEL_DB": str(typo),
        "FUNNEL_CONFIG": str(cron / "config.toml"),
        "XDG_DATA_HOME": str(cron / "data"),
    }
    done = subprocess.run(  # as cron runs it: a process of its own, a bare environment
        [sys.executable, "-m", "funnel", "due"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith(f"error: no store at {typo} ")
    assert done.stderr.count("\n") == 1
    for args in (["due", "-f", "plain"], ["stale"], ["calendar", "-o", "-"]):
        said = funnel.using(FUNNEL_DB=str(typo)).error(*args)
        assert said.startswith(f"error: no store at {typo} ")
    assert list(cron.iterdir()) == []  # neither the file nor its folder (nor any other)


def test_a_folder_is_not_a_store(funnel: Funnel, tmp_path: Path) -> None:
    for args in (("list",), ("add", "Ann")):
        said = funnel.using(FUNNEL_DB=str(tmp_path)).error(*args)
        assert said == f"error: cannot open the store {tmp_path}: it is a directory\n"


def test_errors_about_the_store_path_in_chinese(funnel: Funnel, tmp_path: Path) -> None:
    zh = funnel.using(FUNNEL_LANG="zh", FUNNEL_DB=str(tmp_path / "a" / "b.db"))
    assert zh.error("list").startswith(f"error: {tmp_path / 'a' / 'b.db'} 处没有数据库")
    assert "文件夹" in zh.error("add", "Ann")
    assert "内存" in zh.using(FUNNEL_DB="sqlite://").error("list")


def test_a_path_with_a_line_break_stays_on_one_line(funnel: Funnel, tmp_path: Path) -> None:
    odd = tmp_path / "a\nb" / "c.db"
    for args in (("list",), ("add", "Ann")):
        said = funnel.error("--db", str(odd), *args)
        assert said.count("\n") == 1 and "a\\nb" in said
