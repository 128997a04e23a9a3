"""Time `funnel due` (whole process, as cron runs it) on the generated store.

    python bench/gen_followups.py
    python bench/time_due.py [--runs 15] [--db bench/data/followups.db]

Each format is run ``--runs`` times after one warm-up; prints the median and the
spread in milliseconds, and checks that 2 000 follow-ups come out. With hyperfine
installed the same measurement is:

    FUNNEL_NOW=2026-11-20T08:00 FUNNEL_DB=bench/data/followups.db \\
        hyperfine -w 1 -r 15 'python -m funnel due -f plain'
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from gen_followups import BENCH_NOW

COMMANDS = {
    "list --limit 1 -f plain": ["list", "--limit", "1", "-f", "plain"],  # any store command
    "due -f plain": ["due", "-f", "plain"],
    "due -f json": ["due", "-f", "json"],
    "due -f table": ["due", "-f", "table"],
    "due --within 7 -f plain": ["due", "--within", "7", "-f", "plain"],
}


def run(args: list[str], env: dict[str, str]) -> tuple[float, bytes]:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "funnel", *args], env=env, check=True, capture_output=True
    )
    return time.perf_counter() - start, out.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "data" / "followups.db")
    args = parser.parse_args()
    env = {
        **os.environ,
        "FUNNEL_DB": str(args.db),
        "FUNNEL_NOW": BENCH_NOW,
        "FUNNEL_CONFIG": os.devnull + ".toml",
        "PYTHONPATH": str(ROOT),
        "COLUMNS": "160",
    }
    for label, cmd in COMMANDS.items():
        run(cmd, env)  # warm-up: file cache, bytecode
        times, out = [], b""
        for _ in range(args.runs):
            took, out = run(cmd, env)
            times.append(took * 1000)
        lines = out.count(b"\n") if "plain" in label else None
        print(
            f"{label:28} median {statistics.median(times):7.1f} ms   "
            f"min {min(times):7.1f}   max {max(times):7.1f}"
            + (f"   lines {lines}" if lines is not None else "")
        )
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "funnel", "--help"], env=env, check=True, capture_output=True
    )
    print(f"{'--help (start-up floor)':28} {1000 * (time.perf_counter() - start):7.1f} ms")


if __name__ == "__main__":
    main()
