"""The benchmark harness stays runnable: a smoke run of every case at 2 000 leads."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("hyperfine", "sqlite3", "script", "task", "/usr/bin/time")


def _seconds(text: str) -> float:
    number, unit = text.split()
    return float(number) / (1000 if unit == "ms" else 1)


def _cases() -> list[str]:
    listed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--list"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line.split(None, 1)[1] for line in listed.splitlines()]


def test_cases_cover_the_budgets() -> None:
    cases = _cases()
    assert len(cases) == 23 and len(set(cases)) == 23
    for name in ("list -f plain", "report matrix", "report trend", "move", "--help"):
        assert name in cases
    assert "complete lead id" in cases and "import CSV" in cases and "task list" in cases


@pytest.mark.bench
@pytest.mark.skipif(
    any(shutil.which(t) is None for t in TOOLS)
    or not Path(sys.executable).with_name("sqlite-utils").exists(),
    reason="needs hyperfine, sqlite3, script, taskwarrior, GNU time and sqlite-utils",
)
def test_quick_run_writes_every_case(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick"]
        + ["--data", str(tmp_path / "data"), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    rows = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        found = re.match(r"\| `([^`]+)` \| (.+) \|$", line)
        if found:
            rows[found[1]] = found[2].split(" | ")
    assert list(rows) == _cases()
    for name, cells in rows.items():
        median, _span, peer, peer_median, ratio, cpu, _budget, peak, verdict = cells
        assert re.fullmatch(r"\d+(\.\d+)? m?s", median), name
        assert re.fullmatch(r"\d+ MB", peak), name  # GNU time saw every command
        if name.startswith("task "):
            assert (peer, ratio, cpu, verdict) == ("—", "—", "—", "—")
            continue
        assert verdict in ("met", "**missed**"), name
        assert re.fullmatch(r"\d+\.\d\d×", cpu), name
        # the ratio is the median over the peer's median (one run each: the times), as
        # far as the rounded times tell
        value = float(ratio.rstrip("×"))
        took, floor = (_seconds(x) for x in (median, peer_median))
        if floor >= 0.1:
            assert value == pytest.approx(took / floor, rel=0.05), name
    assert rows["report funnel"][2] == "sqlite3 shell: funnel SQL"
    assert rows["import CSV"][2] == "sqlite-utils insert --csv"
    assert rows["--help"][2] == "python -c 'import typer'"
