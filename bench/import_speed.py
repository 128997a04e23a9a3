"""Time `funnel import` of a generated spreadsheet against `sqlite-utils insert --csv`
of the same file, alternating runs, and report medians, the ratio and peak memory.

    python bench/gen_leads.py 100000
    python bench/import_speed.py bench/data/leads-100000.csv --runs 5 \\
        --sqlite-utils /path/to/venv/bin/sqlite-utils

sqlite-utils is only the yardstick: install it in a separate virtualenv, it is not a
dependency of funnel. Each run starts from a fresh store (creation and migration
included), as a first import would.
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


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode() if proc.stderr else ''}")
    return wall, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--funnel",
        default=f"{sys.executable} -m funnel",
        help="how to run funnel (default: this Python's -m funnel)",
    )
    parser.add_argument("--sqlite-utils", default=shutil.which("sqlite-utils") or "sqlite-utils")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="funnel-bench-"))
    env = {**os.environ, "FUNNEL_CONFIG": str(work / "none.toml")}
    ours, theirs, peaks = [], [], []
    for run in range(args.runs + 1):  # the first pair warms the file cache, not counted
        for path in work.glob("*.db*"):
            path.unlink()
        wall, peak = timed(
            [*args.funnel.split(), "--db", str(work / "f.db"), "import", str(args.csv)], env
        )
        their_wall, _ = timed(
            [args.sqlite_utils, "insert", str(work / "s.db"), "leads", str(args.csv), "--csv"], env
        )
        if run:
            ours.append(wall)
            theirs.append(their_wall)
            peaks.append(peak)
        print(
            f"run {run}{' (warm-up)' if not run else ''}: funnel import {wall:.2f} s, "
            f"{peak / 1024:.1f} MiB peak; sqlite-utils insert {their_wall:.2f} s",
            flush=True,
        )
    shutil.rmtree(work)
    a, b = statistics.median(ours), statistics.median(theirs)
    ratios = statistics.median(x / y for x, y in zip(ours, theirs, strict=True))
    print(
        f"median: funnel import {a:.2f} s, sqlite-utils insert {b:.2f} s, "
        f"ratio (pairwise median) {ratios:.2f}; peak RSS max {max(peaks) / 1024:.1f} MiB"
    )


if __name__ == "__main__":
    main()
