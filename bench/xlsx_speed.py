"""Time `funnel import` of a 100 000-row Excel .xlsx against the CSV of the same rows:
wall time and peak memory (of the import and its reading process), each from a fresh
store.

    python bench/xlsx_speed.py --rows 100000 --runs 3

The two files are written under bench/data/ (git-ignored) the first time: the .xlsx
with openpyxl in write-only mode (numbers, dates and a phone column as text, as a
salesperson's sheet has them), the CSV with the same cells.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
HEADER = ["姓名", "公司", "电话", "邮箱", "金额", "阶段", "下次跟进", "行业"]
STAGES = ["potential", "意向", "trial", "quasi"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def rows(count: int) -> list[list[object]]:
    rnd = random.Random(12)
    start = date(2026, 1, 5)
    out: list[list[object]] = []
    for i in range(count):
        out.append(
            [
                rnd.choice(SURNAMES) + f"客户{i}",
                f"公司{i % 5000}有限公司",
                f"1{rnd.choice('3589')}{i:09d}",
                f"lead{i}@example.com",
                rnd.randrange(0, 10_000_000) / 100,
                rnd.choice(STAGES),
                start + timedelta(days=i % 700),
                rnd.choice(["制造", "零售", "教育", "医疗"]),
            ]
        )
    return out


def make_files(count: int) -> tuple[Path, Path]:
    xlsx, csv_path = DATA / f"leads-{count}.xlsx", DATA / f"leads-{count}-same.csv"
    if xlsx.exists() and csv_path.exists():
        return xlsx, csv_path
    import openpyxl

    DATA.mkdir(exist_ok=True)
    data = rows(count)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("客户名单")
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)
    book.save(xlsx)
    with csv_path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for row in data:
            writer.writerow([f"{c:.2f}" if isinstance(c, float) else c for c in row])
    return xlsx, csv_path


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB; the largest of the process and its reader)."""
    with tempfile.TemporaryFile() as errors:  # a pipe left unread would block the import
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            sys.exit(f"failed: {' '.join(cmd)}\n{errors.read(2000).decode()}")
    return wall, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = make_files(args.rows)
    work = Path(tempfile.mkdtemp(prefix="funnel-xlsx-bench-"))
    env = {**os.environ, "FUNNEL_CONFIG": str(work / "none.toml")}
    results: dict[str, list[tuple[float, int]]] = {"xlsx": [], "csv": []}
    for run in range(args.runs):
        for kind, path in zip(("xlsx", "csv"), files, strict=True):
            store = work / f"{kind}-{run}.db"
            cmd = [sys.executable, "-m", "funnel", "--db", str(store), "import", str(path)]
            results[kind].append(timed(cmd, env, work))
            store.unlink()
    print(f"{args.rows} rows, {args.runs} runs, medians:")
    for kind, path in zip(("xlsx", "csv"), files, strict=True):
        wall = statistics.median(r[0] for r in results[kind])
        peak = max(r[1] for r in results[kind]) / 1024
        size = path.stat().st_size / 1e6
        print(f"  {kind:4}  {size:6.1f} MB  wall {wall:6.1f} s  peak {peak:6.0f} MiB")


if __name__ == "__main__":
    main()
