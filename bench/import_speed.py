"""Time `funnel import` of a file (a generated spreadsheet, or an export to restore)
against a yardstick, alternating runs, and report medians, the ratio and peak memory.

    python bench/gen_leads.py 100000
    python bench/import_speed.py bench/data/leads-100000.csv --runs 5 \\
        --sqlite-utils /path/to/venv/bin/sqlite-utils

    # this checkout against another one (say main's, unpacked with git archive)
    git archive main funnel | tar -x -C /tmp/funnel-main
    python bench/import_speed.py bench/data/leads-100000.csv --compare /tmp/funnel-main
    python bench/import_speed.py backup.json --compare /tmp/funnel-main

The yardstick is ``--compare`` (the same import by the funnel package found in that
folder) or else sqlite-utils, when it is installed: install it in a separate
virtualenv, it is not a dependency of funnel. Each run starts from a fresh store
(creation and migration included), as a first import would.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system, its reading process included) and peak
    RSS (KiB) of one run of ``cmd``. On a shared machine the CPU time varies less."""
    start = time.perf_counter()
    # run elsewhere: ``python -m`` puts the current folder first on the import path
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode() if proc.stderr else ''}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="a .csv or .json file to import")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--funnel",
        default=f"{sys.executable} -m funnel",
        help="how to run funnel (default: this Python's -m funnel)",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="DIR",
        help="a folder holding another funnel package: time its import as the yardstick",
    )
    parser.add_argument("--sqlite-utils", default=shutil.which("sqlite-utils"))
    args = parser.parse_args()
    args.file = args.file.resolve()
    if args.compare is None and args.sqlite_utils is None:
        parser.error("nothing to compare with: give --compare DIR or --sqlite-utils PATH")
    work = Path(tempfile.mkdtemp(prefix="funnel-bench-"))
    env = {**os.environ, "FUNNEL_CONFIG": str(work / "none.toml")}
    if args.compare is not None:
        their_env = {**env, "PYTHONPATH": str(args.compare.resolve())}
        theirs_cmd = [*args.funnel.split(), "--db", str(work / "s.db"), "import", str(args.file)]
        label = f"funnel from {args.compare}"
    else:
        their_env = env
        theirs_cmd = [args.sqlite_utils, "insert", str(work / "s.db"), "leads", str(args.file)]
        theirs_cmd += ["--csv"] if args.file.suffix.lower() == ".csv" else []
        label = "sqlite-utils insert"
    ours_cmd = [*args.funnel.split(), "--db", str(work / "f.db"), "import", str(args.file)]
    ours: list[tuple[float, float, int]] = []
    theirs: list[tuple[float, float, int]] = []
    for run in range(args.runs + 1):  # the first pair warms the file cache, not counted
        for path in work.glob("*.db*"):
            path.unlink()
        # alternate which one goes first, so neither always meets the busier moment
        pair = [(ours_cmd, env), (theirs_cmd, their_env)]
        a, b = (timed(cmd, e, work) for cmd, e in (pair if run % 2 == 0 else pair[::-1]))
        mine, other = (a, b) if run % 2 == 0 else (b, a)
        if run:
            ours.append(mine)
            theirs.append(other)
        print(
            f"run {run}{' (warm-up)' if not run else ''}: funnel import {_show(mine)}; "
            f"{label} {_show(other)}",
            flush=True,
        )
    shutil.rmtree(work)
    wall = statistics.median(x[0] for x in ours), statistics.median(x[0] for x in theirs)
    cpu = statistics.median(x[1] for x in ours), statistics.median(x[1] for x in theirs)
    ratio = statistics.median(x[0] / y[0] for x, y in zip(ours, theirs, strict=True))
    print(
        f"median: funnel import {wall[0]:.2f} s ({cpu[0]:.2f} s CPU), "
        f"{label} {wall[1]:.2f} s ({cpu[1]:.2f} s CPU), ratio (pairwise median) {ratio:.2f}; "
        f"peak RSS max {max(x[2] for x in ours) / 1024:.1f} MiB "
        f"(theirs {max(x[2] for x in theirs) / 1024:.1f} MiB)"
    )


def _show(result: tuple[float, float, int]) -> str:
    wall, cpu, peak = result
    return f"{wall:.2f} s ({cpu:.2f} s CPU, {peak / 1024:.1f} MiB peak)"


if __name__ == "__main__":
    main()
