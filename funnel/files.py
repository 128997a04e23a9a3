"""The user's files: what funnel writes is private and whole, what it reads is a plain file.

An output (``-o FILE``, a backup) goes to a temporary file beside its target, mode 0600,
synced, then renamed over the target: a reader sees the old file or the new one, never
half of one. The temporary file goes away on any error, on Ctrl-C, SIGTERM and SIGHUP.
Only a regular file is ever replaced: a directory, a device or a FIFO is refused, and so
is the store and the files SQLite keeps beside it, whatever path names them.

An input (an import file, the config) is read only when it is a regular file, checked
again on the open descriptor: a FIFO or ``/dev/zero`` never makes a command wait or read
forever.

Standard library only.
"""

from __future__ import annotations

import errno
import glob
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from funnel.i18n import t

# A SQLite file and what SQLite keeps beside it; replacing any of them breaks the store.
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


class NotRegularFile(OSError):
    """A path that names a device, a FIFO or a socket where a plain file belongs."""


def store_files(path: Path | None) -> frozenset[Path]:
    """The files of a SQLite store at ``path`` (none for a server database)."""
    if path is None:
        return frozenset()
    return frozenset(path.with_name(path.name + suffix) for suffix in SQLITE_COMPANIONS)


def refuse_kind(mode: int) -> None:
    """Raise unless ``mode`` (an ``st_mode``) is a regular file's."""
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, t("err.is_dir"))
    if not stat.S_ISREG(mode):
        raise NotRegularFile(errno.EINVAL, t("err.not_regular"))


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def refuse_store(path: Path, found: os.stat_result | None, protect: Collection[Path]) -> None:
    """Raise when ``path`` (``found`` its stat, if it exists) is one of ``protect``: by
    name, or as the same file under another name (a hard link)."""
    if path in protect:
        raise PermissionError(errno.EPERM, t("err.is_store"))
    if found is None:
        return
    for other in protect:
        known = _stat(other)
        if known is not None and (known.st_dev, known.st_ino) == (found.st_dev, found.st_ino):
            raise PermissionError(errno.EPERM, t("err.is_store"))


def output_target(path: str | Path, *, protect: Collection[Path] = ()) -> Path:
    """The file that writing ``path`` replaces: ``path`` itself or, through symbolic
    links, the file they name. Raises ``OSError`` when that is a directory, a device, a
    FIFO, or one of ``protect`` (the store's files)."""
    try:
        real = Path(path).expanduser().resolve()
    except RuntimeError:  # a loop of symbolic links (Python < 3.13)
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP)) from None
    found = _stat(real)
    if found is not None:
        refuse_kind(found.st_mode)
    refuse_store(real, found, protect)
    return real


@dataclass
class Temporary:
    """The file being written: its open descriptor (until closed) and its path."""

    fd: int
    path: Path

    def close(self) -> None:
        if self.fd >= 0:
            fd, self.fd = self.fd, -1
            os.close(fd)


def _leave_on_signal(signum: int, _frame: Any) -> None:
    # Unwinds like Ctrl-C does, so the ``finally`` clauses remove what was half written.
    raise SystemExit(128 + signum)


@contextmanager
def signals_unwind() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise ``SystemExit`` instead of killing the
    process on the spot (SIGINT already raises ``KeyboardInterrupt``). A signal that is
    ignored (``nohup``) stays ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            previous[number] = signal.signal(number, _leave_on_signal)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def replacing(target: Path) -> Iterator[Temporary]:
    """A temporary file (mode 0600) beside ``target`` to write; at the end it is synced
    and renamed over ``target`` in one step. On any error or signal it is removed (with
    any journal SQLite left beside it) and ``target`` is as it was."""
    with signals_unwind():
        _sweep(target)
        fd, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp"
        )
        temp = Temporary(fd, Path(name))
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # mkstemp's mode, whatever the umask
            yield temp
            temp.close()
            _sync(temp.path)
            os.replace(temp.path, target)
        except BaseException:
            temp.close()
            for suffix in SQLITE_COMPANIONS:
                with suppress(OSError):
                    os.unlink(f"{temp.path}{suffix}")
            raise


def _sweep(target: Path) -> None:
    """Remove what an earlier write of ``target`` left when it was killed outright
    (SIGKILL, a power cut: no handler runs): temporary files whose process is gone."""
    for left in target.parent.glob(f".{glob.escape(target.name)}.*.tmp*"):
        pid = left.name[len(target.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with suppress(OSError):
                left.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def _sync(path: Path) -> None:
    """The file's bytes on disk before the rename makes it the target."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def write_whole(target: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A stream that replaces ``target`` (as :func:`output_target` gives it) when the
    ``with`` block ends, and leaves it alone when the block fails."""
    with replacing(target) as temp:
        handle: IO[Any] = (
            os.fdopen(temp.fd, "wb")
            if binary
            else os.fdopen(temp.fd, "w", encoding="utf-8", newline="")
        )
        temp.fd = -1  # the stream owns it now
        with handle:
            yield handle


_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check does not block
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def open_input(path: Path) -> IO[bytes]:
    """``path`` opened to read, if it is a regular file: ``OSError`` otherwise (a
    directory, a device such as ``/dev/zero``, a FIFO). Checked before opening, so a
    FIFO never blocks, and again on the open descriptor, so nothing swapped in between
    gets through."""
    refuse_kind(os.stat(path).st_mode)
    fd = os.open(path, _READ_FLAGS)
    try:
        refuse_kind(os.fstat(fd).st_mode)
        if _READ_FLAGS & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
