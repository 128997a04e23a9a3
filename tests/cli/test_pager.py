"""The pager, as git has it: on a terminal, output taller than the screen goes through
FUNNEL_PAGER, else PAGER, else less -FRX; --no-pager and an empty FUNNEL_PAGER turn it
off; never in a pipe. Run under a pseudo-terminal with a fake pager that saves what it
is given."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from funnel.views.pager import Pager
from tests.harness import Funnel

ROWS = 12


def _store(funnel: Funnel, tmp_path: Path, leads: int) -> None:
    csv = tmp_path / "leads.csv"
    csv.write_text(
        "name,company,value\n" + "".join(f"Person {i},Company {i},{i}00\n" for i in range(leads))
    )
    funnel("import", str(csv))


def _run(
    env: dict[str, str], *args: str, piped: bool = False, **extra: str
) -> tuple[int, str, str]:
    """``funnel args`` on a pseudo-terminal of ROWS rows (stdout a pipe with ``piped``):
    the exit status, what the terminal showed, what stdout's pipe got."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, 100, 0, 0))
    full = {**os.environ, **env, **extra}
    for key in ("COLUMNS", "LINES", "PAGER", "FUNNEL_PAGER"):
        if key not in extra:
            full.pop(key, None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "funnel", *args],
        stdin=slave,
        stdout=subprocess.PIPE if piped else slave,
        stderr=slave,
        env=full,
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: every process on it ended
            break
        if not chunk:
            break
        shown += chunk
    piped_out = proc.stdout.read() if proc.stdout is not None else b""
    status = proc.wait(timeout=60)
    os.close(master)
    return status, shown.decode(errors="replace"), piped_out.decode()


@pytest.fixture
def env(env: dict[str, str]) -> dict[str, str]:
    return {**env, "NO_COLOR": "1"}


def test_output_taller_than_the_screen_goes_through_the_pager(
    funnel: Funnel, env: dict[str, str], tmp_path: Path
) -> None:
    _store(funnel, tmp_path, 30)
    paged = tmp_path / "paged.txt"
    status, shown, _ = _run(env, "list", "-f", "text", FUNNEL_PAGER=f"cat > {paged}")
    assert status == 0, shown
    assert paged.read_text() == funnel("list", "-f", "text").stdout
    assert "Person" not in shown
    # PAGER when FUNNEL_PAGER is not set; the table pages too
    paged.unlink()
    status, shown, _ = _run(env, "list", PAGER=f"cat > {paged}")
    assert status == 0, shown
    assert "Person 29" in paged.read_text() and "Person" not in shown


def test_output_that_fits_is_printed_as_it_is(
    funnel: Funnel, env: dict[str, str], tmp_path: Path
) -> None:
    _store(funnel, tmp_path, 30)
    paged = tmp_path / "paged.txt"
    status, shown, _ = _run(
        env, "list", "--limit", "1", "-f", "text", FUNNEL_PAGER=f"cat > {paged}"
    )
    assert status == 0, shown
    assert "#1 Person 0" in shown and not paged.exists()


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["--no-pager"], {}),
        ([], {"FUNNEL_PAGER": ""}),
        ([], {"FUNNEL_PAGER": "cat"}),
    ],
)
def test_the_pager_can_be_turned_off(
    funnel: Funnel, env: dict[str, str], tmp_path: Path, args: list[str], extra: dict[str, str]
) -> None:
    _store(funnel, tmp_path, 30)
    paged = tmp_path / "paged.txt"
    pager = {"PAGER": f"cat > {paged}", **extra}
    status, shown, _ = _run(env, *args, "list", "-f", "text", **pager)
    assert status == 0 and "Person 29" in shown and not paged.exists()


def test_a_pipe_is_never_paged(funnel: Funnel, env: dict[str, str], tmp_path: Path) -> None:
    _store(funnel, tmp_path, 30)
    paged = tmp_path / "paged.txt"
    status, shown, out = _run(env, "list", piped=True, FUNNEL_PAGER=f"cat > {paged}")
    assert status == 0, shown
    assert not paged.exists()
    assert out == funnel("list").stdout  # plain, as in any pipe
    assert "Person" not in shown


@pytest.mark.parametrize("pager", ["true"])
def test_a_pager_quit_early_ends_the_command_quietly(
    funnel: Funnel, env: dict[str, str], tmp_path: Path, pager: str
) -> None:
    _store(funnel, tmp_path, 300)
    for args in (["list", "-f", "json"], ["list"], ["list", "-f", "text"]):
        status, shown, _ = _run(env, *args, FUNNEL_PAGER=pager)
        assert status == 0, (args, shown)
        assert "Traceback" not in shown and "error" not in shown, (args, shown)


def test_the_pager_gets_the_output_as_it_comes(tmp_path: Path) -> None:
    """Once a screen is held, every line goes to the pager before the output ends."""
    paged = tmp_path / "paged.txt"
    shown = io.StringIO()
    pager = Pager(f"cat > {paged}", target=shown)
    pager.height = 5
    for i in range(4):
        pager.write(f"line {i}\n")
    assert pager.proc is None  # shorter than the screen so far: held
    pager.write("line 4\nline 5\n")
    assert pager.proc is not None
    pager.write("line 6\n")
    pager.flush()
    deadline = time.monotonic() + 10
    while "line 6" not in (paged.read_text() if paged.exists() else ""):
        assert time.monotonic() < deadline, "the pager never got the lines"
        time.sleep(0.02)
    pager.finish()
    assert paged.read_text() == "".join(f"line {i}\n" for i in range(7))
    assert shown.getvalue() == ""


def test_the_pager_is_chosen_as_git_chooses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from funnel.views import pager

    monkeypatch.delenv("FUNNEL_PAGER", raising=False)
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.setattr(pager.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert pager.command() == "less -FRX"
    monkeypatch.setenv("PAGER", "more")
    assert pager.command() == "more"
    monkeypatch.setenv("FUNNEL_PAGER", "less -S")
    assert pager.command() == "less -S"
    monkeypatch.setenv("FUNNEL_PAGER", "")
    assert pager.command() is None
    monkeypatch.delenv("FUNNEL_PAGER")
    monkeypatch.delenv("PAGER")
    monkeypatch.setattr(pager.shutil, "which", lambda name: None)
    assert pager.command() is None  # no less on this system: no pager rather than no output
    pager.set_enabled(False)
    try:
        monkeypatch.setenv("FUNNEL_PAGER", "less")
        assert pager.command() is None
    finally:
        pager.set_enabled(True)


def test_long_lines_count_as_the_rows_they_take(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    pager = Pager(f"cat > {paged}", target=io.StringIO())
    pager.height, pager.width = 5, 10
    pager.write("x" * 25 + "\n")  # three rows
    pager.write("中文" * 3 + "\n")  # twelve cells: two rows
    assert pager.proc is not None
    pager.finish()
    assert paged.read_text().endswith("中文中文中文\n")


def test_short_output_never_starts_a_pager(tmp_path: Path) -> None:
    shown = io.StringIO()
    pager = Pager(f"cat > {tmp_path / 'paged.txt'}", target=shown)
    pager.height = 5
    pager.write("one\ntwo\n")
    pager.finish()
    assert shown.getvalue() == "one\ntwo\n"
    assert not (tmp_path / "paged.txt").exists()
