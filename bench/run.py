"""Every budget of the speed issue, each case timed beside its peer in one hyperfine run.

    python bench/run.py                 # full run: stores of 100 000 and 1 000 000 leads
    python bench/run.py --quick         # smoke run: 2 000 leads, one run each (CI-sized)
    python bench/run.py --only show --only add
    python bench/run.py --list          # the cases and their groups

Needs hyperfine, the ``sqlite3`` shell, GNU time and taskwarrior (Debian: ``apt-get
install hyperfine sqlite3 time taskwarrior``) and sqlite-utils (``pip install -e
".[bench]"``). Stores are built with ``bench/generate.py`` and kept under
``bench/data/`` (git-ignored) until the generator or the migrations change; the
import CSV comes from ``bench/gen_leads.py``. Writes ``bench/RESULTS.md`` (or
``--out``): per case the median, the range, the ratio to the peer's median from the
same hyperfine run, the budget, the peak memory (GNU time's maximum resident set, of
the command and the processes it waited for, highest over all runs) and met/missed.

Standard library only. Every command runs from a scratch folder with its own empty
configuration, ``FUNNEL_NOW`` pinned, and stdout to /dev/null (a pipe: plain output),
except the pager cases, which run under a pseudo-terminal (``script``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
NOW = "2026-11-20T09:00"
PY = sys.executable

# Peers: the floor each case is held against.
SQLMODEL = "import sqlmodel"
TYPER = "import typer"
SQLITE_UTILS = "sqlite-utils insert"


@dataclass
class Case:
    name: str
    group: str
    argv: list[str]  # funnel's arguments, or a whole command for a peer-less case
    store: str = "small"  # which store: small (100 000), big (1 000 000), none
    peer: str = SQLMODEL
    budget: float | None = None  # ratio to the peer's median
    every_run: bool = False  # the slowest run is held against the budget
    peak_mb: float | None = None
    env: dict[str, str] = field(default_factory=dict)
    writes: bool = False  # runs on a fresh copy of the store each time
    pty: bool = False  # under a pseudo-terminal, through the pager
    raw: bool = False  # argv is a whole command (taskwarrior), not funnel's arguments
    about: str = ""


SQL_REPORTS = ("funnel", "sources", "owners", "trend")
CUSTOMER_REPORTS = ("abc", "rfm", "loyalty", "lifecycle", "matrix")


def cases() -> list[Case]:
    out = [
        Case("list -f plain", "list", ["list", "-f", "plain"], budget=2.5, peak_mb=100),
        Case("list -f json", "list", ["list", "-f", "json"], budget=2.5, peak_mb=100),
        Case("export", "list", ["export", "-f", "json"], budget=2.5, peak_mb=100),
        Case(
            "list table, first screen",
            "list",
            ["list"],
            budget=2.0,
            peak_mb=150,
            pty=True,
            env={"FUNNEL_PAGER": "head -n 50"},
            about="on a 120×50 pseudo-terminal; the pager quits after one screen",
        ),
        Case(
            "list table, whole output",
            "list",
            ["list"],
            budget=10.0,
            peak_mb=150,
            pty=True,
            env={"FUNNEL_PAGER": "wc -l"},
            about="on a 120×50 pseudo-terminal; the pager reads every line",
        ),
    ]
    for name in CUSTOMER_REPORTS:
        out.append(
            Case(f"report {name}", "customers", ["report", name], "big", budget=4.0, peak_mb=150)
        )
    for name in SQL_REPORTS:
        argv = ["report"] if name == "funnel" else ["report", name]
        out.append(Case(f"report {name}", "reports", argv, "big", peer=f"sql {name}", budget=0.5))
    out += [
        Case("show", "small", ["show", "{lead}"], budget=1.15),
        Case(
            "add", "small", ["add", "Bench Lead", "--company", "Bench Co"], budget=1.15, writes=True
        ),
        Case("move", "small", ["move", "{lead}", "trial"], budget=1.15, writes=True),
        Case(
            "due",
            "small",
            ["due"],
            budget=1.15,
            about="every 1000th active lead has a follow-up due (overdue or today)",
        ),
        Case("--help", "startup", ["--help"], "none", peer=TYPER, budget=2.5, every_run=True),
        Case(
            "complete lead id",
            "startup",
            ["{complete}"],
            peer=TYPER,
            budget=2.5,
            every_run=True,
            about="Tab after `funnel show 9999` (bash)",
        ),
        Case(
            "import CSV",
            "import",
            ["import", "{csv}"],
            "none",
            peer=SQLITE_UTILS,
            budget=0.5,
            peak_mb=120,
            writes=True,
            about="into an empty store, unique phones and emails",
        ),
        Case("task list", "taskwarrior", ["task", "list"], "none", peer="", raw=True),
        Case("task add", "taskwarrior", ["task", "add", "Bench task"], "none", peer="", raw=True),
    ]
    return out


# --- data -----------------------------------------------------------------------------


FOLLOWUPS = (
    "UPDATE lead SET next_follow_up = date(?, '-' || (id % 31) || ' days'), "
    "follow_note = 'call back' WHERE id % 1000 = 0 AND state = 'active'"
)


def stamp() -> str:
    """What a generated store depends on: the generator and the migrations."""
    digest = hashlib.sha256()
    digest.update(FOLLOWUPS.encode())
    files = [BENCH / "generate.py", BENCH / "gen_leads.py"]
    files += sorted((ROOT / "funnel" / "store" / "migrations" / "versions").glob("*.py"))
    for path in files:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def cached(path: Path, build: list[str], data: Path) -> Path:
    """``path``, rebuilt by ``build`` unless it is there from the same generator."""
    mark = path.with_name(path.name + ".stamp")
    if path.exists() and mark.exists() and mark.read_text() == stamp():
        return path
    data.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    print(f"building {path.name} …", flush=True)
    subprocess.run(build, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    if path.suffix == ".db":
        add_followups(path)
    mark.write_text(stamp())
    print(f"  {path.name} in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def add_followups(path: Path) -> None:
    """Every 1000th active lead gets a follow-up due (overdue up to 30 days, or today):
    ``due`` has a screenful of work (about 70 at 100 000 leads), as a real day would."""
    con = sqlite3.connect(path)
    with con:
        con.execute(FOLLOWUPS, (NOW[:10],))
    con.close()


def store(data: Path, leads: int) -> Path:
    path = data / f"funnel-{leads}.db"
    return cached(
        path, [PY, str(BENCH / "generate.py"), "--leads", str(leads), "--out", str(path)], data
    )


def csv_file(data: Path, rows: int) -> Path:
    path = data / f"leads-{rows}.csv"
    return cached(path, [PY, str(BENCH / "gen_leads.py"), str(rows), "-o", str(path)], data)


def a_lead(path: Path) -> int:
    """An active lead at the first stage, with follow-ups and history like any other:
    ``move`` takes it to trial (no gate), ``show`` shows it."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    row = con.execute(
        "SELECT id FROM lead WHERE stage = 0 AND state = 'active' AND id > "
        "(SELECT MAX(id) / 2 FROM lead) ORDER BY id LIMIT 1"
    ).fetchone()
    con.close()
    return int(row[0])


def taskwarrior(scratch: Path, tasks: int) -> dict[str, str]:
    """A taskwarrior set-up in ``scratch`` holding ``tasks`` pending tasks."""
    data = scratch / "taskdata"
    data.mkdir(exist_ok=True)
    rc = scratch / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nnews.version=9.9.9\n")
    env = {"TASKRC": str(rc), "TASKDATA": str(data)}
    batch = [
        {
            "uuid": f"00000000-0000-4000-8000-{i:012d}",
            "description": f"Follow up lead {i}",
            "status": "pending",
            "entry": "20260101T090000Z",
            "project": f"rep{i % 20:02d}",
            "due": f"202612{1 + i % 28:02d}T090000Z" if i % 3 == 0 else None,
            "tags": ["vip"] if i % 7 == 0 else [],
        }
        for i in range(tasks)
    ]
    for task in batch:
        if task["due"] is None:
            del task["due"]
        if not task["tags"]:
            del task["tags"]
    source = scratch / "tasks.json"
    source.write_text(json.dumps(batch))
    subprocess.run(
        ["task", "rc.confirmation=off", "import", str(source)],
        env={**os.environ, **env},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return env


# --- commands -------------------------------------------------------------------------

SQL_FLOOR = {
    # What one would write over the raw event log, without the columns and stays that
    # funnel keeps for its reports.
    "funnel": """
WITH moves AS (
  SELECT lead_id, at, new AS stage,
         LEAD(at) OVER (PARTITION BY lead_id ORDER BY at, id) AS next_at
  FROM event WHERE kind IN ('created', 'move')
)
SELECT stage, COUNT(*), AVG(julianday(next_at) - julianday(at)) FROM moves GROUP BY stage;
SELECT top, COUNT(*) FROM (
  SELECT lead_id, MAX(CASE new WHEN 'potential' THEN 0 WHEN 'trial' THEN 1
         WHEN 'intent' THEN 2 WHEN 'quasi' THEN 3 ELSE 4 END) AS top
  FROM event WHERE kind IN ('created', 'move') GROUP BY lead_id
) GROUP BY top;
SELECT stage, SUM(value_cents), COUNT(*) FROM lead WHERE state = 'active' GROUP BY stage;
SELECT old, new, reason, COUNT(*) FROM event WHERE kind = 'state' GROUP BY old, new, reason;
""",
    "sources": """
SELECT l.source, COUNT(*), COUNT(w.lead_id), SUM(IIF(w.lead_id IS NULL, 0, l.value_cents))
FROM lead l LEFT JOIN (SELECT DISTINCT lead_id FROM event
                       WHERE kind = 'move' AND new = 'formal') w ON w.lead_id = l.id
GROUP BY l.source ORDER BY COUNT(*) DESC;
""",
    "owners": """
SELECT l.owner, COUNT(*), COUNT(w.lead_id), SUM(IIF(w.lead_id IS NULL, 0, l.value_cents))
FROM lead l LEFT JOIN (SELECT DISTINCT lead_id FROM event
                       WHERE kind = 'move' AND new = 'formal') w ON w.lead_id = l.id
GROUP BY l.owner ORDER BY COUNT(*) DESC;
""",
    "trend": """
SELECT month, SUM(n), SUM(w), SUM(l) FROM (
  SELECT strftime('%Y-%m', created_at) AS month, 1 AS n, 0 AS w, 0 AS l FROM lead
  UNION ALL
  SELECT strftime('%Y-%m', MIN(at)), 0, 1, 0 FROM event
    WHERE kind = 'move' AND new = 'formal' GROUP BY lead_id
  UNION ALL
  SELECT strftime('%Y-%m', at), 0, 0, 1 FROM event
    WHERE kind = 'state' AND new IN ('lost', 'dead')
) GROUP BY month ORDER BY month;
""",
}


def funnel_argv() -> list[str]:
    script = Path(PY).with_name("funnel")
    return [str(script)] if script.exists() else [PY, "-m", "funnel"]


@dataclass
class Command:
    name: str
    line: str  # a shell command line, its output already sent to /dev/null
    prepare: str = "true"
    mem: Path | None = None


class Plan:
    """Turns cases into shell command lines for hyperfine."""

    def __init__(self, scratch: Path, stores: dict[str, Path], csv: Path, task_env: dict):
        self.scratch, self.stores, self.csv, self.task_env = scratch, stores, csv, task_env
        self.leads = {key: a_lead(path) for key, path in stores.items()}
        self.base_env = {"FUNNEL_NOW": NOW, "FUNNEL_CONFIG": str(scratch / "no-config.toml")}

    def timed(self, key: str, env: dict[str, str], argv: list[str]) -> tuple[str, Path]:
        """``argv`` under GNU time, which appends each run's peak KiB to a file."""
        mem = self.scratch / f"mem-{key}.txt"
        mem.unlink(missing_ok=True)
        assigns = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        line = f"{assigns} /usr/bin/time -f %M -a -o {shlex.quote(str(mem))} {shlex.join(argv)}"
        return line.strip(), mem

    def case(self, case: Case, key: str) -> Command:
        if case.raw:
            line, mem = self.timed(key, self.task_env, case.argv)
            return Command(case.name, line + " > /dev/null 2>&1", mem=mem)
        env = dict(self.base_env)
        prepare = "true"
        db = self.stores.get(case.store)
        if case.writes:
            work = self.scratch / f"{key}.db"
            if db is None:  # import: an empty store each run
                prepare = f"rm -f {shlex.quote(str(work))}*"
            else:
                # the copy flushed to disk: its dirty pages are no part of the command's
                # first commit
                prepare = (
                    f"rm -f {shlex.quote(str(work))}*; cp {shlex.quote(str(db))} {work}; "
                    f"sync {work}"
                )
            db = work
        if db is not None:
            env["FUNNEL_DB"] = str(db)
        env.update(case.env)
        lead = self.leads.get(case.store, 1)
        argv = [a.replace("{lead}", str(lead)).replace("{csv}", str(self.csv)) for a in case.argv]
        if argv == ["{complete}"]:
            env.update(_FUNNEL_COMPLETE="complete_bash", COMP_WORDS="funnel show 9999")
            env["COMP_CWORD"] = "2"
            argv = []
        argv = funnel_argv() + argv
        if case.pty:
            env.update(COLUMNS="120", LINES="50", TERM="xterm-256color")
            line, mem = self.timed(key, env, ["script", "-qec", shlex.join(argv), "/dev/null"])
            return Command(case.name, line + " > /dev/null 2>&1 < /dev/null", prepare, mem)
        line, mem = self.timed(key, env, argv)
        return Command(case.name, line + " > /dev/null", prepare, mem)

    def peer(self, name: str, key: str) -> Command:
        if name in (SQLMODEL, TYPER):
            line, mem = self.timed(key, {}, [PY, "-c", name])
            return Command(f"python -c '{name}'", line, mem=mem)
        if name == SQLITE_UTILS:
            db = self.scratch / f"{key}.db"
            tool = Path(PY).with_name("sqlite-utils")
            argv = [str(tool), "insert", str(db), "leads", str(self.csv), "--csv"]
            line, mem = self.timed(key, {}, argv)
            return Command(
                "sqlite-utils insert --csv", line + " > /dev/null", f"rm -f {db}", mem=mem
            )
        report = name.removeprefix("sql ")
        sql = self.scratch / f"floor-{report}.sql"
        sql.write_text(SQL_FLOOR[report])
        argv = ["sqlite3", "-readonly", str(self.stores["big"])]
        line, mem = self.timed(key, {}, argv)
        line = f"{line} < {shlex.quote(str(sql))} > /dev/null"
        return Command(f"sqlite3 shell: {report} SQL", line, mem=mem)


# --- running --------------------------------------------------------------------------


def clean_env() -> dict[str, str]:
    """This environment without funnel's own settings, and with bytecode caching on, as
    an installed funnel runs (PYTHONDONTWRITEBYTECODE would compile every module on each
    start)."""
    drop = {"PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME", "PYTHONSTARTUP"}
    return {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("FUNNEL_")}


def compile_funnel() -> None:
    """The package's bytecode written once, as pip does for an install."""
    import importlib.util

    spec = importlib.util.find_spec("funnel")
    if spec and spec.submodule_search_locations:
        for where in spec.submodule_search_locations:
            subprocess.run([PY, "-m", "compileall", "-q", where], check=True, env=clean_env())


def hyperfine(commands: list[Command], runs: int, warmup: int, out: Path) -> list[dict]:
    """One hyperfine run: up to ``runs`` runs of each command, fewer (down to one) for a
    command slower than hyperfine's 3-second budget."""
    argv = ["hyperfine", "--style", "basic", "-w", str(warmup)]
    argv += ["-r", "1"] if runs == 1 else ["-m", "1", "-M", str(runs)]
    argv += ["--export-json", str(out)]
    for cmd in commands:
        argv.append(f"--command-name={cmd.name}")  # a name may start with a dash
    if any(cmd.prepare != "true" for cmd in commands):
        for cmd in commands:
            argv += ["--prepare", cmd.prepare]
    argv += [cmd.line for cmd in commands]
    subprocess.run(argv, check=True, stdout=sys.stderr, env=clean_env())
    return json.loads(out.read_text())["results"]


@dataclass
class Row:
    case: Case
    times: list[float]
    peer_name: str
    peer_times: list[float]
    peak_kib: int | None
    peer_peak_kib: int | None
    cpu: float  # mean user + system seconds of a run
    peer_cpu: float | None

    @property
    def cpu_ratio(self) -> float | None:
        return self.cpu / self.peer_cpu if self.peer_cpu else None

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def ratio(self) -> float | None:
        if not self.peer_times:
            return None
        slowest = max(self.times) if self.case.every_run else self.median
        return slowest / statistics.median(self.peer_times)

    @property
    def met(self) -> bool | None:
        verdicts = []
        if self.case.budget is not None and self.ratio is not None:
            verdicts.append(self.ratio <= self.case.budget)
        if self.case.peak_mb is not None and self.peak_kib is not None:
            verdicts.append(self.peak_kib / 1024 <= self.case.peak_mb)
        return all(verdicts) if verdicts else None


def peak(mem: Path | None) -> int | None:
    if mem is None or not mem.exists():
        return None
    values = [int(x) for x in mem.read_text().split() if x.isdigit()]
    return max(values) if values else None


def run_group(plan: Plan, group: list[Case], runs: int, warmup: int, rounds: int) -> list[Row]:
    """The group's peers and cases in one hyperfine run, ``rounds`` times over (the runs
    split between them, the warm-up in the first): on a shared machine the load drifts
    from minute to minute, and rounds spread that drift over a case and its peer alike."""
    peers = list(dict.fromkeys(c.peer for c in group if c.peer))
    key = group[0].group
    peer_cmds = {p: plan.peer(p, f"{key}-peer{i}") for i, p in enumerate(peers)}
    case_cmds = [plan.case(c, f"{key}-{i}") for i, c in enumerate(group)]
    if group[0].group == "reports":  # each report right after its own SQL floor
        ordered = [
            x for c, cmd in zip(group, case_cmds, strict=True) for x in (peer_cmds[c.peer], cmd)
        ]
    else:
        ordered = [*peer_cmds.values(), *case_cmds]
    times: dict[str, list[float]] = {cmd.name: [] for cmd in ordered}
    cpu: dict[str, list[float]] = {cmd.name: [] for cmd in ordered}
    each = max(1, -(-runs // rounds))
    for round_ in range(rounds):
        out = plan.scratch / f"{key}-{round_}.json"
        results = hyperfine(ordered, each, warmup if round_ == 0 else 0, out)
        for cmd, r in zip(ordered, results, strict=True):
            times[cmd.name] += r["times"]
            cpu[cmd.name] += [r["user"] + r["system"]] * len(r["times"])
    rows = []
    for case, cmd in zip(group, case_cmds, strict=True):
        peer = peer_cmds.get(case.peer)
        rows.append(
            Row(
                case,
                times[cmd.name],
                peer.name if peer else "",
                times[peer.name] if peer else [],
                peak(cmd.mem),
                peak(peer.mem) if peer else None,
                statistics.fmean(cpu[cmd.name]),
                statistics.fmean(cpu[peer.name]) if peer else None,
            )
        )
    return rows


# --- report ---------------------------------------------------------------------------


def seconds(x: float) -> str:
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def budget_text(case: Case) -> str:
    parts = []
    if case.budget is not None:
        parts.append(f"≤ {case.budget:g}×" + (" every run" if case.every_run else ""))
    if case.peak_mb is not None:
        parts.append(f"peak ≤ {case.peak_mb:g} MB")
    return ", ".join(parts) or "—"


def write_results(rows: list[Row], out: Path, meta: dict[str, str]) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{meta['command']}` on {meta['when']}.",
        "",
        f"- machine: {meta['machine']}",
        f"- stores: {meta['stores']}",
        f"- runs: {meta['runs']}",
        (
            "- ratio: the case's median over its peer's median from the same hyperfine run "
            "(for budgets marked *every run*: the case's slowest run over the peer's median)"
        ),
        (
            "- CPU ratio: the case's mean user + system time over its peer's (steadier than "
            "wall time on a busy machine; the budgets are judged on the wall-time ratio)"
        ),
        (
            "- peak: GNU time's maximum resident set of the command and what it waited for, "
            "highest over all runs (MB = 1024 KiB)"
        ),
        "",
        "| case | median | range | peer | peer median | ratio | CPU ratio | budget | peak | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        c = row.case
        ratio = "—" if row.ratio is None else f"{row.ratio:.2f}×"
        peer_median = statistics.median(row.peer_times) if row.peer_times else None
        verdict = {True: "met", False: "**missed**", None: "—"}[row.met]
        cells = [
            f"`{c.name}`",
            seconds(row.median),
            f"{seconds(min(row.times))}–{seconds(max(row.times))}",
            row.peer_name or "—",
            seconds(peer_median) if peer_median is not None else "—",
            ratio,
            "—" if row.cpu_ratio is None else f"{row.cpu_ratio:.2f}×",
            budget_text(c),
            f"{row.peak_kib / 1024:.0f} MB" if row.peak_kib else "—",
            verdict,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    notes = [row for row in rows if row.case.about]
    if notes:
        lines += ["", "Cases in detail:", ""]
        lines += [f"- `{row.case.name}`: {row.case.about}." for row in notes]
    peers = {}
    for row in rows:
        if row.peer_name and row.peer_peak_kib:
            peers[row.peer_name] = max(peers.get(row.peer_name, 0), row.peer_peak_kib)
    if peers:
        lines += ["", "Peak memory of the peers: "]
        lines[-1] += "; ".join(f"{k} {v / 1024:.0f} MB" for k, v in peers.items()) + "."
    if meta.get("note"):
        lines += ["", meta["note"]]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- main -----------------------------------------------------------------------------


def machine() -> str:
    cpus = os.cpu_count()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.system()} {platform.machine()}, {cpus} cores, load average at the start "
        f"{load}; Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def check_tools(selected: list[Case]) -> None:
    needed = {"hyperfine", "/usr/bin/time"}
    if any(c.pty for c in selected):
        needed.add("script")
    if any(c.peer.startswith("sql ") for c in selected):
        needed.add("sqlite3")
    if any(c.raw for c in selected):
        needed.add("task")
    if any(c.peer == SQLITE_UTILS for c in selected):
        needed.add(str(Path(PY).with_name("sqlite-utils")))
    missing = sorted(tool for tool in needed if shutil.which(tool) is None)
    if missing:
        sys.exit(f"error: missing {', '.join(missing)} (see bench/README.md)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 000 leads, one run each")
    parser.add_argument("--only", action="append", metavar="CASE", help="a case or a group")
    parser.add_argument("--runs", type=int, help="timed runs per command (default 10; 3 at 1M)")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--data", type=Path, default=BENCH / "data", help="where stores are kept")
    parser.add_argument("--note", default="", help="a paragraph added to the results")
    parser.add_argument("--list", action="store_true", help="print the cases and exit")
    args = parser.parse_args(argv)

    selected = cases()
    if args.list:
        for c in selected:
            print(f"{c.group:12} {c.name}")
        return
    if args.only:
        wanted = set(args.only)
        selected = [c for c in selected if c.name in wanted or c.group in wanted]
        unknown = wanted - {c.name for c in selected} - {c.group for c in selected}
        if unknown:
            sys.exit(f"error: no case {', '.join(sorted(unknown))} (see --list)")
    check_tools(selected)
    compile_funnel()

    small, big, rows_csv, tasks = (
        (2_000, 2_000, 2_000, 1_000) if args.quick else (100_000, 1_000_000, 100_000, 10_000)
    )
    keys = {c.store for c in selected}
    stores: dict[str, Path] = {}
    if "small" in keys:
        stores["small"] = store(args.data, small)
    if "big" in keys:
        stores["big"] = store(args.data, big)
    csv = csv_file(args.data, rows_csv) if any(c.group == "import" for c in selected) else Path()

    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    the_machine = machine()
    all_rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="funnel-bench-") as tmp:
        scratch = Path(tmp)
        task_env = taskwarrior(scratch, tasks) if any(c.raw for c in selected) else {}
        plan = Plan(scratch, stores, csv, task_env)
        groups: dict[str, list[Case]] = {}
        for c in selected:
            groups.setdefault(c.group, []).append(c)
        for name, group in groups.items():
            runs = args.runs or (1 if args.quick else 10)
            # a warm-up where a run is short; the long ones have their pages cached by
            # the cases before them
            warmup = 1 if not args.quick and name in ("small", "startup", "taskwarrior") else 0
            rounds = 1 if args.quick else min(runs, 3)
            print(f"== {name}: {', '.join(c.name for c in group)}", flush=True)
            all_rows += run_group(plan, group, runs, warmup, rounds)

    def n(x: int) -> str:
        return f"{x:,}".replace(",", " ")

    sizes = f"{n(small)} leads" + (f" and {n(big)} leads" if "big" in keys else "")
    command = "python bench/run.py" + (" --quick" if args.quick else "")
    command += "".join(f" --only {shlex.quote(x)}" for x in args.only or [])
    meta = {
        "command": command,
        "when": started,
        "machine": the_machine,
        "stores": f"bench/generate.py, {sizes}; import of a {n(rows_csv)}-row CSV; "
        f"taskwarrior with {n(tasks)} tasks",
        "runs": "1 each, no warm-up (--quick)"
        if args.quick
        else f"3 rounds of one hyperfine run each, up to {-(-(args.runs or 10) // 3)} runs of "
        "each command a round (a command slower than hyperfine's 3-second budget gets one, "
        "so 3 in all); one warm-up run for the short commands (small, startup, taskwarrior)",
        "note": args.note,
    }
    write_results(all_rows, args.out, meta)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
