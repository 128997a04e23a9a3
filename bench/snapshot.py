"""Everything funnel prints about a store, one file per command, to prove a change of
code changed no behaviour: run it before and after, then ``diff -r`` the two folders.

    python bench/snapshot.py /tmp/before                 # the demo store and a 20 000-lead one
    ... change the code ...
    python bench/snapshot.py /tmp/after && diff -r /tmp/before /tmp/after

Both stores are built afresh into a temporary folder (the demo by ``funnel demo``, the
large one by ``bench/generate.py``), the clock is pinned, and every command runs in this
process through Typer's test runner: JSON of ``list --state all``, ``show`` of several
ids, ``due``, ``stale``, every report and ``export -f json``, and the same commands in
the plain, csv and table formats (table at 120 columns, no colour).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOW = "2026-11-20T10:00:00"
FORMATS = ("json", "plain", "csv", "table")


def commands(ids: list[int], reports: list[str]) -> list[tuple[str, list[str]]]:
    """(file stem, arguments) for every command the snapshot records."""
    out: list[tuple[str, list[str]]] = [("list-all", ["list", "--state", "all"])]
    out += [(f"show-{i}", ["show", str(i)]) for i in ids]
    out += [("due", ["due"]), ("due-within-30", ["due", "--within", "30"]), ("stale", ["stale"])]
    out += [(f"report-{name}", ["report", name]) for name in reports]
    out += [("report-funnel-since", ["report", "--since", "2026-01-01", "--owner", "li"])]
    out += [("report-trend-week", ["report", "trend", "--by", "week"])]
    out += [("stages", ["stages"]), ("personas", ["personas"])]
    return out


def run_all(store: Path, out: Path, ids: list[int]) -> None:
    from typer.testing import CliRunner

    from funnel.cli import app

    reports = ["funnel", "sources", "owners", "trend", "abc", "rfm", "loyalty", "lifecycle"]
    reports.append("matrix")
    runner = CliRunner()
    env = {"FUNNEL_DB": str(store), "FUNNEL_NOW": NOW, "NO_COLOR": "1", "COLUMNS": "120"}
    out.mkdir(parents=True, exist_ok=True)
    for stem, args in commands(ids, reports):
        for fmt in FORMATS:
            result = runner.invoke(app, [*args, "-f", fmt], env=env)
            text = f"exit {result.exit_code}\n{result.stdout}\n--- stderr\n{result.stderr}"
            (out / f"{stem}.{fmt}").write_text(text, encoding="utf-8")
    for fmt in ("json", "csv"):
        result = runner.invoke(app, ["export", "-f", fmt], env=env)
        text = f"exit {result.exit_code}\n{result.stdout}\n--- stderr\n{result.stderr}"
        (out / f"export.{fmt}").write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the snapshot (one sub-folder a store)")
    parser.add_argument("--leads", type=int, default=20_000, help="size of the generated store")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="funnel-snapshot-"))
    try:
        env = {**os.environ, "XDG_DATA_HOME": str(work / "data"), "FUNNEL_NOW": NOW}
        env["FUNNEL_CONFIG"] = str(work / "config.toml")
        env.pop("FUNNEL_DB", None)
        subprocess.run(
            [sys.executable, "-m", "funnel", "demo", "-f", "json"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        os.environ.update({"FUNNEL_CONFIG": env["FUNNEL_CONFIG"], "FUNNEL_LANG": ""})
        run_all(work / "data" / "funnel" / "demo.db", args.out / "demo", [1, 2, 5, 17, 31, 40])
        big = work / "big.db"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), "--leads", str(args.leads)]
            + ["--out", str(big)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        run_all(big, args.out / "generated", [1, 2, 100, 5000, args.leads])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
