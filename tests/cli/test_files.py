"""Files funnel writes and reads: private, whole or not at all, never the store, never a
device; inputs are regular files; the import's checking process dies with its parent.

Whatever could hang (a FIFO, /dev/zero, a process left behind) runs under a deadline, so
a regression fails instead of waiting forever."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from tests.harness import Funnel, env_for

# Every command that takes -o, in each of its ways to write (the store check is passed
# down by each command); the rules common to them all are tried on one of each kind.
WRITERS = (
    ("calendar", "-o"),
    ("report", "-o"),
    ("report", "-f", "json", "-o"),
    ("export", "-o"),
    ("export", "-f", "csv", "-o"),
)
KINDS = (("calendar", "-o"), ("report", "-o"), ("export", "-o"))  # bytes, Rich, streamed


class Hang(BaseException):
    """A command ran past its deadline (a BaseException: no handler of funnel's eats it)."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    def expire(_signum: int, _frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def a_device(folder: Path) -> Path:
    """A character device to aim at. /dev/null only where a regression could not harm
    it: as root, a funnel that renamed its output over /dev/null, or chmod-ed it, would
    break the machine; there, a null device node of our own in ``folder``."""
    if os.geteuid() != 0:
        return Path(os.devnull)
    node = folder / "null-device"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError:
        pytest.skip("root without the right to make a device node")
    return node


def devices(folder: Path) -> list[str]:
    """A device, and a symbolic link to it."""
    device = a_device(folder)
    link = folder / "device-link"
    link.symlink_to(device)
    return [str(device), str(link)]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def temporaries(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


# --- -o FILE ---------------------------------------------------------------------------


@pytest.mark.parametrize("args", KINDS, ids=" ".join)
def test_written_files_are_private_even_over_an_open_file(
    funnel: Funnel, tmp_path: Path, args: tuple[str, ...]
) -> None:
    funnel.add("A", "--follow-up", "today")
    fresh, old = tmp_path / "fresh.out", tmp_path / "old.out"
    old.write_text("old")
    old.chmod(0o644)
    umask = os.umask(0)  # a permissive umask changes nothing
    try:
        funnel(*args, str(fresh))
        funnel(*args, str(old))
    finally:
        os.umask(umask)
    assert (mode(fresh), mode(old)) == (0o600, 0o600)
    assert old.read_text() != "old"
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("args", WRITERS, ids=" ".join)
def test_the_store_is_never_an_output(
    funnel: Funnel, store_path: Path, snapshot: Callable[[], bytes], args: tuple[str, ...]
) -> None:
    funnel.add("A", "--follow-up", "today")
    before = snapshot()
    folder = store_path.parent
    (folder / "link.db").symlink_to(store_path)
    os.link(store_path, folder / "hard.db")
    names = [
        str(store_path),
        funnel("db", "path").stdout.strip(),
        f"{store_path}-wal",
        f"{store_path}-shm",
        f"{store_path}-journal",
        str(folder / "link.db"),
        str(folder / "hard.db"),
        str(folder / ".." / folder.name / store_path.name),
    ]
    for name in names:
        assert "the store itself" in funnel.error(*args, name), name
    assert snapshot() == before
    assert temporaries(folder) == []
    assert not Path(f"{store_path}-journal").exists()


@pytest.mark.parametrize("args", KINDS, ids=" ".join)
def test_devices_fifos_and_folders_are_refused(
    funnel: Funnel, tmp_path: Path, args: tuple[str, ...]
) -> None:
    funnel.add("A", "--follow-up", "today")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    device, to_device = devices(tmp_path)
    with deadline(20):
        for target, why in (
            (device, "not a regular file"),
            (to_device, "not a regular file"),
            (str(fifo), "not a regular file"),
            (str(tmp_path), "directory"),
        ):
            assert why in funnel.error(*args, target), target
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and stat.S_ISCHR(os.lstat(device).st_mode)
    assert os.readlink(to_device) == device
    assert temporaries(tmp_path) == []
    assert funnel(*args, "-").stdout  # "-" is how to write to stdout


def test_a_link_to_a_regular_file_writes_that_file(funnel: Funnel, tmp_path: Path) -> None:
    funnel.add("A", "--follow-up", "today")
    real = tmp_path / "real.ics"
    real.write_text("old")
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    funnel("calendar", "-o", str(link))
    assert link.is_symlink() and real.read_text().startswith("BEGIN:VCALENDAR")
    assert mode(real) == 0o600


# --- signals while writing -------------------------------------------------------------


@pytest.fixture(scope="session")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose export takes a while (built once; tests copy it)."""
    from bench.generate import build

    path = tmp_path_factory.mktemp("big") / "funnel.db"
    build(path, 2000, 1)
    return path


def funnel_process(*args: str, memory: int | None = None) -> list[str]:
    """The command line of a ``funnel`` process that meets SIGINT and SIGTERM as a shell
    would give them (even if this test run ignores them, started in the background), its
    address space bounded to ``memory`` bytes if given."""
    code = [
        "import signal, sys",
        "signal.signal(signal.SIGINT, signal.default_int_handler)",
        "signal.signal(signal.SIGTERM, signal.SIG_DFL)",
    ]
    if memory is not None:
        code += ["import resource", f"resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))"]
    code += ["from funnel.__main__ import main", "main()"]
    return [sys.executable, "-c", "\n".join(code), *args]


def subprocess_env(tmp_path: Path, store: Path) -> dict[str, str]:
    return {
        **os.environ,
        **env_for(tmp_path),
        "FUNNEL_DB": str(store),
        "FUNNEL_STRICT_MESSAGES": "1",
    }


def wait_for(check: Callable[[], object], *, seconds: float, what: str) -> object:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        time.sleep(0.005)
    raise AssertionError(f"no {what} after {seconds} s")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_mid_write_leaves_no_partial_file(
    big_store: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    store = tmp_path / "store.db"
    shutil.copy(big_store, store)
    out = tmp_path / "out" / "backup.json"
    out.parent.mkdir()
    out.write_text("the previous export")
    proc = subprocess.Popen(
        funnel_process("export", "-o", str(out)),
        env=subprocess_env(tmp_path, store),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(
            lambda: [
                p for p in out.parent.iterdir() if p.name.endswith(".tmp") and p.stat().st_size
            ],
            seconds=30,
            what="temporary file being written",
        )
        # Caught in the middle: stopped, signalled, and let go to handle the signal.
        proc.send_signal(signal.SIGSTOP)
        assert temporaries(out.parent), "the export ended before the signal: a bigger store"
        proc.send_signal(sig)
        proc.send_signal(signal.SIGCONT)
        _stdout, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode != 0
    assert b"Traceback" not in stderr
    assert temporaries(out.parent) == []
    assert out.read_text() == "the previous export"


# --- the data folder --------------------------------------------------------------------


def test_the_data_folder_is_private(funnel: Funnel, tmp_path: Path) -> None:
    default = funnel.using(FUNNEL_DB="")
    folder = tmp_path / "data" / "funnel"
    default.add("A")
    assert (mode(folder), mode(folder / "funnel.db")) == (0o700, 0o600)
    default("demo")
    assert mode(folder / "demo.db") == 0o600
    folder.chmod(0o755)  # as an earlier funnel left it
    default.add("B")
    assert mode(folder) == 0o700


# --- inputs -----------------------------------------------------------------------------


def test_imports_read_regular_files_only(
    funnel: Funnel, tmp_path: Path, snapshot: Callable[[], bytes]
) -> None:
    funnel.add("A")
    before = snapshot()
    fifo = tmp_path / "leads.csv"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    with deadline(20):
        for target, why in (
            (fifo, "not a regular file"),
            (Path("/dev/zero"), "not a regular file"),
            (folder, "directory"),
        ):
            err = funnel.error("import", str(target))
            assert str(target.name) in err and why in err, err
            assert err.count("\n") == 1
    assert snapshot() == before


def test_a_config_that_is_not_a_regular_file_is_named(funnel: Funnel, tmp_path: Path) -> None:
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    with deadline(20):
        for config in (str(fifo), str(tmp_path)):
            err = funnel.using(FUNNEL_CONFIG=config).error("list")
            assert err.startswith(f"error: config {config}:") and err.count("\n") == 1, err
    # /dev/zero in a process of its own, its memory bounded: reading it whole would
    # take all the machine has
    zero = subprocess.run(
        funnel_process("config", "show", memory=1 << 30),
        env={**subprocess_env(tmp_path, tmp_path / "store.db"), "FUNNEL_CONFIG": "/dev/zero"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert zero.returncode == 1 and zero.stdout == "", zero
    assert zero.stderr.startswith("error: config /dev/zero:")
    assert "not a regular file" in zero.stderr
    assert zero.stderr.count("\n") == 1, zero.stderr


# --- db backup --------------------------------------------------------------------------


def test_backup_is_one_private_file_replacing_only_a_backup(funnel: Funnel, tmp_path: Path) -> None:
    funnel.add("A")
    copy = tmp_path / "copies" / "funnel.db"
    funnel("db", "backup", str(copy))
    funnel.add("B")
    funnel("db", "backup", str(copy))  # an earlier backup is replaced
    assert mode(copy) == 0o600
    assert sorted(p.name for p in copy.parent.iterdir()) == ["funnel.db"]  # no -wal, no temp
    names = [x["name"] for x in funnel.json("--db", str(copy), "list")]
    assert names == ["A", "B"]

    other = tmp_path / "other.sqlite"
    other.write_bytes(b"SQLite format 3\x00" + bytes(200))
    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    for victim in (other, notes):
        before = victim.read_bytes()
        assert "not a funnel store" in funnel.error("db", "backup", str(victim))
        assert victim.read_bytes() == before
    funnel("db", "backup", str(notes), "--force")
    assert mode(notes) == 0o600
    assert [x["name"] for x in funnel.json("--db", str(notes), "list")] == ["A", "B"]

    Path(f"{copy}-wal").touch()  # a store in use: its journal would corrupt the copy
    before = copy.read_bytes()
    assert "in use" in funnel.error("db", "backup", str(copy), "--force")
    assert copy.read_bytes() == before


def test_backup_never_follows_a_link_nor_replaces_the_store(
    funnel: Funnel, tmp_path: Path, store_path: Path, snapshot: Callable[[], bytes]
) -> None:
    funnel.add("A")
    before = snapshot()
    backup = tmp_path / "old-backup.db"
    funnel("db", "backup", str(backup))
    planted = {
        "to-backup": backup,  # even a funnel store, even with --force
        "to-nothing": tmp_path / "created-through-the-link.db",
        "to-store": store_path,
    }
    for name, target in planted.items():
        link = tmp_path / name
        link.symlink_to(target)
        for force in ((), ("--force",)):
            assert "symbolic link" in funnel.error("db", "backup", str(link), *force)
        assert link.is_symlink()
    assert not planted["to-nothing"].exists()
    os.link(store_path, tmp_path / "hard.db")
    for name in (store_path, f"{store_path}-wal", f"{store_path}-shm", tmp_path / "hard.db"):
        assert "the store itself" in funnel.error("db", "backup", str(name), "--force")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with deadline(20):
        for target in (*devices(tmp_path), str(fifo), str(tmp_path)):
            funnel.error("db", "backup", target, "--force")
    assert snapshot() == before
    assert temporaries(tmp_path) == [] and temporaries(store_path.parent) == []


def test_backup_of_a_server_store_points_to_pg_dump(funnel: Funnel, tmp_path: Path) -> None:
    url = "postgresql+psycopg://funnel:s3cret@127.0.0.1:9/funnel"  # never reached
    err = funnel.error("--db", url, "db", "backup", str(tmp_path / "x.db"))
    assert "pg_dump" in err and "s3cret" not in err
    assert not (tmp_path / "x.db").exists()


# --- the import's checking process ------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")  # dead, waiting for init to collect it


def _open_files(pid: int) -> dict[int, str]:
    files = {}
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with suppress(OSError):
            files[int(fd.name)] = os.readlink(fd)
    return files


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_killed_import_leaves_no_process_and_no_change(
    funnel: Funnel, tmp_path: Path, store_path: Path
) -> None:
    from bench.gen_leads import HEADERS, rows

    big = tmp_path / "big.csv"  # more checked rows than the pipe between them holds
    with open(big, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        writer.writerows(rows(5_000))
    funnel.add("A", "--value", "100")
    funnel.add("B", "--follow-up", "tomorrow")
    before = funnel("export", "-f", "json").stdout
    proc = subprocess.Popen(
        funnel_process("import", str(big)),
        env=subprocess_env(tmp_path, store_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        child = wait_for(lambda: _children(proc.pid), seconds=30, what="checking process")
        proc.send_signal(signal.SIGSTOP)  # mid-import, however fast the machine
        (kid,) = child
        # it keeps nothing of its parent's: not the caller's pipes, not the store
        held = wait_for(
            lambda: (files := _open_files(kid)).get(1) == os.devnull and files,
            seconds=10,
            what="checking process letting go of stdout",
        )
        assert isinstance(held, dict)
        assert held.get(2) == os.devnull
        assert not [f for f in held.values() if f.startswith(str(store_path))], held
        assert proc.poll() is None and not _gone(kid)
        proc.kill()
        proc.communicate(timeout=10)  # the pipes reach their end: nobody holds them
    finally:
        proc.kill()
        proc.wait()
    wait_for(lambda: _gone(kid), seconds=5, what="end of the checking process")
    assert funnel("export", "-f", "json").stdout == before
    assert [x["name"] for x in json.loads(before)["leads"]] == ["A", "B"]
